@testable import CtrKernel
import CtrRuntime
import TestSupport
import XCTest

/// The v2 driver against a temporary directory laid out like a cgroup2 tree,
/// for what this machine's unified tree cannot do (memory, cpu, pids, io
/// limits). A plain mkdir creates no interface files, so every directory
/// the driver uses is made beforehand with the files the kernel would show.
final class CgroupV2TreeTests: XCTestCase {
    static let own = "user.slice/test.scope"
    static let session = "s1"
    static let name = "box"
    static let allControllers = "cpuset cpu io memory pids"

    var tree: TemporaryDirectory?
    let changes = Recorder<CgroupChange>()

    override func tearDown() {
        tree?.remove()
        tree = nil
        super.tearDown()
    }

    var ownPath: String { "/" + Self.own }
    func path(_ relative: String) throws -> String { try XCTUnwrap(tree).path + "/" + relative }
    var ctrsh: String { Self.own + "/ctrsh" }
    var sessionDir: String { ctrsh + "/" + Self.session }
    var leaf: String { sessionDir + "/" + Self.name }

    /// Lays out the tree: own group, `ctrsh/`, the session, and (unless
    /// `leaf` is false) the container's group, each with interface files.
    func makeTree(controllers: String = allControllers, ownSubtree: String = "", leaf makeLeaf: Bool = true) throws -> CgroupV2Driver {
        let tree = try TemporaryDirectory(prefix: "ctrtest-v2-")
        self.tree = tree
        try tree.write("", to: "cgroup.procs")
        try tree.write(Self.allControllers + "\n", to: "cgroup.controllers")
        var groups = [Self.own, ctrsh, sessionDir]
        if makeLeaf { groups.append(leaf) }
        for group in groups {
            try tree.makeDirectories(group)
            let files = [
                "cgroup.procs": "", "cgroup.subtree_control": "", "cgroup.controllers": controllers + "\n",
                "cgroup.freeze": "0\n", "cgroup.events": "populated 0\nfrozen 0\n",
                "memory.max": "max\n", "memory.high": "max\n", "memory.low": "0\n", "memory.swap.max": "max\n",
                "memory.current": "4096\n", "memory.events": "low 0\nhigh 0\nmax 2\noom 1\noom_kill 1\n",
                "pids.max": "max\n", "pids.current": "2\n", "cpu.max": "max 100000\n",
                "cpu.stat": "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 9\nnr_throttled 3\nthrottled_usec 250\n",
                "cpuset.cpus": "", "io.weight": "default 100\n",
            ]
            let readOnly: Set = ["cgroup.controllers", "cgroup.events", "memory.current", "memory.events", "pids.current", "cpu.stat"]
            for (file, text) in files {
                try tree.write(text, to: group + "/" + file, mode: readOnly.contains(file) ? 0o444 : 0o644)
            }
        }
        try tree.write(ownSubtree, to: Self.own + "/cgroup.subtree_control")
        let recorder = changes
        return CgroupV2Driver(
            mountPoint: tree.path, ownPath: ownPath, session: Self.session, observer: { recorder.record($0) })
    }

    func read(_ relative: String) throws -> String {
        try XCTUnwrap(tree).read(relative).split(separator: "\n").joined(separator: "\n")
    }

    /// The values written to `group`'s `cgroup.subtree_control`, in order.
    func subtreeWrites(_ group: String) throws -> [String] {
        let file = try path(group + "/cgroup.subtree_control")
        return changes.all.compactMap { change in
            if case .write(let value, let path) = change, path == file { return value }
            return nil
        }
    }

    func limits() -> CgroupLimits {
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        limits.memorySwap = .unlimited
        limits.pids = 8
        limits.cpu = CPULimit(cpus: 0.5)
        limits.cpuset = "1"
        limits.ioWeight = 100
        limits.raw = [RawCgroupSetting(file: "memory.high", value: "33554432")]
        return limits
    }

    func testLimitsBecomeV2FileContents() throws {
        let driver = try makeTree()
        let group = try driver.createGroup(named: Self.name, limits: limits())
        XCTAssertEqual(try read(leaf + "/memory.max"), "67108864")
        XCTAssertEqual(try read(leaf + "/memory.swap.max"), "max")
        XCTAssertEqual(try read(leaf + "/pids.max"), "8")
        XCTAssertEqual(try read(leaf + "/cpu.max"), "50000 100000")
        XCTAssertEqual(try read(leaf + "/cpuset.cpus"), "1")
        XCTAssertEqual(try read(leaf + "/io.weight"), "default 100")
        XCTAssertEqual(try read(leaf + "/memory.high"), "33554432")
        XCTAssertEqual(group.cloneIntoDirectory, try path(leaf))
        XCTAssertEqual(group.displayPath, try path(leaf))

        let all = ["+cpuset", "+cpu", "+io", "+memory", "+pids"]
        XCTAssertEqual(try subtreeWrites(Self.own), all, "the own group lacked them all")
        XCTAssertEqual(try subtreeWrites(ctrsh), all)
        XCTAssertEqual(try subtreeWrites(sessionDir), all)

        // Live unset: what `previous` had and `limits` lacks goes back to "no limit".
        var fewer = CgroupLimits()
        fewer.pids = 16
        try group.apply(fewer, previous: limits())
        XCTAssertEqual(try read(leaf + "/memory.max"), "max")
        XCTAssertEqual(try read(leaf + "/memory.swap.max"), "max")
        XCTAssertEqual(try read(leaf + "/pids.max"), "16")
        XCTAssertEqual(try read(leaf + "/cpu.max"), "max 100000")
        XCTAssertEqual(try read(leaf + "/cpuset.cpus"), "", "empty: the parent's CPUs again")
        XCTAssertEqual(try read(leaf + "/io.weight"), "default 100")
    }

    /// Each limit of the table alone: its v2 file holds the value as the
    /// kernel takes it, its controller is enabled, and unset writes "no limit".
    func testEachLimitOfTheTableLandsInItsV2File() throws {
        for limit in CgroupLimitTable.all {
            let file = try XCTUnwrap(limit.file(on: .v2), limit.word)
            let driver = try makeTree()
            let initial = try read(leaf + "/" + file)
            let sample = CgroupLimitTableTests.sample(limit.kind)
            var limits = CgroupLimits()
            limit.assign(&limits, sample.value)
            let group = try driver.createGroup(named: Self.name, limits: limits)
            XCTAssertEqual(try read(leaf + "/" + file), sample.v2, limit.word)
            XCTAssertTrue(try subtreeWrites(sessionDir).contains("+" + limit.controller(on: .v2)), limit.word)
            try group.apply(CgroupLimits(), previous: limits)
            let after = try read(leaf + "/" + file)
            XCTAssertNotEqual(after, sample.v2, "\(limit.word): unset changes \(file)")
            if case .file(_, let unset, _) = limit.v2.writing { XCTAssertEqual(after, unset, limit.word) }
            if limit.word != "cpuset" { XCTAssertEqual(after, initial, "\(limit.word): back to the kernel's default") }
            tree?.remove()
        }
    }

    /// `cgroup set io.weight` is refused when typed where ctrsh's cgroup
    /// has no io controller; a limit whose controller it has passes.
    func testALimitWhoseControllerIsMissingIsRefusedBeforeAnythingIsMade() throws {
        let driver = try makeTree(controllers: "cpuset cpu memory pids")
        let weight = try XCTUnwrap(CgroupLimitTable.limit(named: "io.weight"))
        let own = try path(Self.own)
        XCTAssertThrowsError(try driver.validateLimit(weight)) { error in
            XCTAssertEqual(
                error as? RuntimeError,
                .cgroup(.limitNeedsController(limit: "io.weight", controller: "io", own: own, available: ["cpuset", "cpu", "memory", "pids"])))
        }
        XCTAssertNoThrow(try driver.validateLimit(try XCTUnwrap(CgroupLimitTable.limit(named: "pids"))))
        XCTAssertEqual(changes.all, [], "validation changes nothing")
    }

    func testOwnGroupIsWrittenOnlyForControllersItLacks() throws {
        let driver = try makeTree(ownSubtree: "cpu memory pids\n")
        var limits = CgroupLimits()
        limits.memory = .bytes(1 << 30)
        limits.ioWeight = 500
        _ = try driver.createGroup(named: Self.name, limits: limits)
        XCTAssertEqual(try subtreeWrites(Self.own), ["+io"])
        XCTAssertEqual(try subtreeWrites(ctrsh), ["+cpu", "+io", "+memory", "+pids"], "plus what the own group already passes down")
        XCTAssertEqual(try subtreeWrites(sessionDir), ["+cpu", "+io", "+memory", "+pids"])
        XCTAssertEqual(try read(leaf + "/memory.max"), "1073741824")
        XCTAssertEqual(try read(leaf + "/io.weight"), "default 500")
    }

    func testGroupWithoutLimitsNeedsNoController() throws {
        let driver = try makeTree()
        let group = try driver.createGroup(named: Self.name, limits: CgroupLimits())
        XCTAssertEqual(try subtreeWrites(Self.own), [])
        XCTAssertEqual(try subtreeWrites(ctrsh), [])
        XCTAssertEqual(try subtreeWrites(sessionDir), [])
        XCTAssertEqual(group.cloneIntoDirectory, try path(leaf))
        let usage = group.usage()
        XCTAssertEqual(usage.memoryCurrent, 4096)
        XCTAssertNil(usage.memoryPeak, "no memory.peak file")
        XCTAssertEqual(usage.oomKills, 1)
        XCTAssertEqual(usage.pidsCurrent, 2)
        XCTAssertEqual(usage.cpuUsageNanoseconds, 1_500_000)
        XCTAssertEqual(usage.throttledPeriods, 3)
        XCTAssertEqual(usage.throttledNanoseconds, 250_000)
    }

    func testMissingControllerIsExplainedBeforeAnythingIsCreated() throws {
        let driver = try makeTree(controllers: "cpu pids")
        let own = try path(Self.own)
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        XCTAssertThrowsError(try driver.createGroup(named: Self.name, limits: limits)) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.controllerNotDelegated("memory", own: own, available: ["cpu", "pids"])))
        }
        XCTAssertFalse(changes.all.contains { if case .makeDirectory = $0 { true } else { false } })
    }

    func testFailureRemovesTheGroupItCreated() throws {
        let driver = try makeTree(leaf: false)
        var limits = CgroupLimits()
        limits.ioWeight = 20000
        XCTAssertThrowsError(try driver.createGroup(named: Self.name, limits: limits)) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.ioWeightOutOfRange(20000, range: 1...10000, version: .v2)))
        }
        XCTAssertFalse(tree?.exists(leaf) ?? true, "the half-made group is gone")
        XCTAssertTrue(changes.all.contains(.removeDirectory(try path(leaf))))
    }

    func testSwapLimitWithoutSwapAccountingIsExplained() throws {
        let driver = try makeTree()
        unlink(try path(leaf + "/memory.swap.max"))
        var limits = CgroupLimits()
        limits.memorySwap = .bytes(1 << 20)
        XCTAssertThrowsError(try driver.createGroup(named: Self.name, limits: limits)) { error in
            guard case .cgroup(.swapAccountingOff(file: "memory.swap.max", _))? = error as? RuntimeError else { return XCTFail("\(error)") }
        }
    }

    func testValidateRawFile() throws {
        let driver = try makeTree()
        XCTAssertNoThrow(try driver.validateRawFile("memory.high"))
        XCTAssertNoThrow(try driver.validateRawFile("pids.max"))
        let memoryFiles = ["memory.high", "memory.low", "memory.max", "memory.swap.max"]
        let session = try path(sessionDir)
        let cases: [(String, CgroupProblem)] = [
            ("memory.limit_in_bytes",
             .otherVersionFile("memory.limit_in_bytes", other: .v1, version: .v2, controller: "memory", files: memoryFiles, directory: session)),
            ("cgroup.procs", .managedFile("cgroup.procs")),
            ("cgroup.subtree_control", .managedFile("cgroup.subtree_control")),
            ("tasks", .managedFile("tasks")),
            ("memory", .notAnInterfaceFile("memory", example: "memory.high")),
            ("hugetlb.2MB.max",
             .controllerUnavailable("hugetlb", own: try path(Self.own), available: ["cpuset", "cpu", "io", "memory", "pids"])),
            ("blkio.weight", .v1FileOnV2("blkio.weight", equivalent: "io", files: ["io.bfq.weight", "io.latency", "io.max", "io.weight"])),
            ("memory.current", .readOnlyFile("memory.current")),
            ("memory.nonsense", .noSuchFile("memory.nonsense", version: .v2, controller: "memory", files: memoryFiles, directory: session)),
        ]
        for (file, problem) in cases {
            XCTAssertThrowsError(try driver.validateRawFile(file), file) { error in
                XCTAssertEqual(error as? RuntimeError, .cgroup(problem))
            }
        }
        XCTAssertEqual(changes.all, [], "validation changes nothing")
    }

    func testLiveSetWritesOnlyWhatChanged() throws {
        let driver = try makeTree()
        let group = try driver.createGroup(named: Self.name, limits: limits())
        // A file here keeps only the last `+c` written; the kernel would list them all.
        try XCTUnwrap(tree).write(Self.allControllers + "\n", to: sessionDir + "/cgroup.subtree_control")
        changes.clear()
        var changed = limits()
        changed.pids = 32
        try group.apply(changed, previous: limits())
        XCTAssertEqual(changes.all, [.write(value: "32", path: try path(leaf + "/pids.max"))])
    }

    func testUnsetCpusetOfARunningGroupGivesItTheParentsCPUs() throws {
        let driver = try makeTree()
        var pinned = CgroupLimits()
        pinned.cpuset = "1"
        let group = try driver.createGroup(named: Self.name, limits: pinned)
        // Populated, the kernel refuses an empty `cpuset.cpus` (ENOSPC).
        try XCTUnwrap(tree).write("4242\n", to: leaf + "/cgroup.procs")
        try XCTUnwrap(tree).write("0-3\n", to: sessionDir + "/cpuset.cpus.effective", mode: 0o444)
        try group.apply(CgroupLimits(), previous: pinned)
        XCTAssertEqual(try read(leaf + "/cpuset.cpus"), "0-3")
    }

    func testLoweringMemoryBelowWhatARunningGroupHoldsIsRefused() throws {
        let driver = try makeTree()
        let group = try driver.createGroup(named: Self.name, limits: CgroupLimits())
        try XCTUnwrap(tree).write("4242\n", to: leaf + "/cgroup.procs")
        try XCTUnwrap(tree).write("", to: leaf + "/memory.reclaim")
        var low = CgroupLimits()
        low.memory = .bytes(1024)
        XCTAssertThrowsError(try group.apply(low, previous: CgroupLimits())) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.unreclaimable(held: 4096, limit: .bytes(1024))))
        }
        XCTAssertEqual(try read(leaf + "/memory.max"), "max", "not written")
        XCTAssertTrue(changes.all.contains(.write(value: "3072", path: try path(leaf + "/memory.reclaim"))), "reclaim asked first")
        var enough = CgroupLimits()
        enough.memory = .bytes(8192)
        try group.apply(enough, previous: CgroupLimits())
        XCTAssertEqual(try read(leaf + "/memory.max"), "8192")
    }

    func testPressureFilesAreNotSettable() throws {
        let driver = try makeTree()
        try XCTUnwrap(tree).write("", to: sessionDir + "/memory.pressure", mode: 0o666)
        XCTAssertThrowsError(try driver.validateRawFile("memory.pressure")) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.pressureFile("memory.pressure")))
        }
        XCTAssertThrowsError(try driver.validateRawFile("memory.nonsense")) { error in
            guard case .cgroup(.noSuchFile("memory.nonsense", _, _, let files, _))? = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertFalse(files.contains("memory.pressure"), "not offered: \(files)")
        }
    }

    func testRawFileOfAControllerNotYetEnabledIsAccepted() throws {
        let driver = try makeTree(controllers: "cpu memory pids")
        try XCTUnwrap(tree).write(Self.allControllers + " hugetlb\n", to: Self.own + "/cgroup.controllers")
        XCTAssertNoThrow(try driver.validateRawFile("io.max"), "io is enabled at the first limit")
        XCTAssertNoThrow(try driver.validateRawFile("hugetlb.2MB.max"))
        XCTAssertThrowsError(try driver.validateRawFile("io.nonsense")) { error in
            guard case .cgroup(.noSuchFile("io.nonsense", .v2, "io", let files, _))? = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(files, ["io.weight"], "what ctrsh's own cgroup shows")
        }
    }

    func testOnlyDirectoriesThatAreMadeAreReported() throws {
        let driver = try makeTree(leaf: false)
        _ = try driver.createGroup(named: Self.name, limits: CgroupLimits())
        let made = changes.all.filter { if case .makeDirectory = $0 { true } else { false } }
        XCTAssertEqual(made, [.makeDirectory(try path(leaf))], "ctrsh/ and the session existed")
    }

    func testDelegatedCgroupMovesCtrshIntoALeafBeforeEnablingControllers() throws {
        let driver = try makeTree()
        let delegated = CgroupV2Driver(
            mountPoint: try XCTUnwrap(tree).path, ownPath: ownPath, placement: .delegated, session: Self.session,
            observer: { [changes] in changes.record($0) })
        _ = driver
        try XCTUnwrap(tree).write("\(getpid())\n", to: Self.own + "/cgroup.procs")
        try XCTUnwrap(tree).makeDirectories(Self.own + "/shell")
        try XCTUnwrap(tree).write("", to: Self.own + "/shell/cgroup.procs")
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        _ = try delegated.createGroup(named: Self.name, limits: limits)
        let move = CgroupChange.write(value: "\(getpid())", path: try path(Self.own + "/shell/cgroup.procs"))
        let enable = CgroupChange.write(value: "+memory", path: try path(Self.own + "/cgroup.subtree_control"))
        let moved = try XCTUnwrap(changes.all.firstIndex(of: move), "ctrsh moved into the leaf")
        let enabled = try XCTUnwrap(changes.all.firstIndex(of: enable))
        XCTAssertLessThan(moved, enabled)
        XCTAssertEqual(try read(leaf + "/memory.max"), "67108864")
        XCTAssertEqual(delegated.placementReport?.leaf, try path(Self.own + "/shell"))
    }

    func testSummaryListsAvailableControllers() throws {
        let driver = try makeTree()
        XCTAssertEqual(driver.controllerNames, ["cpuset", "cpu", "io", "memory", "pids"])
        XCTAssertEqual(driver.version, .v2)
    }
}
