import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The v1 driver on this machine's real v1 hierarchies: limits land in the
/// kernel's files, unset puts them back, processes join every hierarchy,
/// freeze, kill and remove work, and what cannot work is explained.
final class CgroupV1KernelTests: CgroupKernelTestCase {
    func v1Driver() throws -> CgroupV1Driver {
        try Privileges.requireRoot("creates groups in the real v1 hierarchies")
        try Privileges.require(
            topology.preferredVersion == .v1, "the memory controller is not on a cgroup v1 hierarchy here")
        return CgroupV1Driver(hierarchies: topology.v1, session: session)
    }

    func testLimitsLandAndUnsetRestoresNoLimit() throws {
        let driver = try v1Driver()
        try Privileges.require(topology.v1Hierarchy(for: "cpuset") != nil, "no v1 cpuset hierarchy")
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        limits.pids = 8
        limits.cpu = CPULimit(cpus: 0.5)
        limits.cpuset = "0"
        limits.raw = [
            RawCgroupSetting(file: "memory.soft_limit_in_bytes", value: "33554432"),
            RawCgroupSetting(file: "cpu.shares", value: "512"),
        ]
        let group = try driver.createGroup(named: "box", limits: limits)
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let memory = try v1Directory("memory", "box")
        XCTAssertEqual(group.displayPath, memory)
        XCTAssertNil(group.cloneIntoDirectory)
        XCTAssertEqual(try read(memory + "/memory.limit_in_bytes"), "67108864")
        XCTAssertEqual(try read(memory + "/memory.soft_limit_in_bytes"), "33554432")
        XCTAssertEqual(try read(try v1Directory("pids", "box") + "/pids.max"), "8")
        XCTAssertEqual(try read(try v1Directory("cpu", "box") + "/cpu.cfs_period_us"), "100000")
        XCTAssertEqual(try read(try v1Directory("cpu", "box") + "/cpu.cfs_quota_us"), "50000")
        XCTAssertEqual(try read(try v1Directory("cpu", "box") + "/cpu.shares"), "512")
        let cpuset = try v1Directory("cpuset", "box")
        XCTAssertEqual(try read(cpuset + "/cpuset.cpus"), "0")
        let ownCpuset = try XCTUnwrap(topology.v1Hierarchy(for: "cpuset")).ownDirectory
        for level in ["/ctrsh", "/ctrsh/\(session)"] {
            XCTAssertEqual(try read(ownCpuset + level + "/cpuset.cpus"), try read(ownCpuset + "/cpuset.cpus"), level)
            XCTAssertEqual(try read(ownCpuset + level + "/cpuset.mems"), try read(ownCpuset + "/cpuset.mems"), level)
        }
        XCTAssertEqual(try read(cpuset + "/cpuset.mems"), try read(ownCpuset + "/cpuset.mems"))
        for controller in ["memory", "pids", "cpu", "cpuacct", "freezer", "cpuset"] {
            XCTAssertTrue(Directory.isDirectory(try v1Directory(controller, "box")), controller)
        }
        XCTAssertFalse(Directory.exists(try v1Directory("blkio", "box")), "no io weight, no blkio group")

        try group.apply(CgroupLimits(), previous: limits)
        let unlimited = try XCTUnwrap(UInt64(try read(memory + "/memory.limit_in_bytes")))
        XCTAssertGreaterThan(unlimited, 1 << 62, "-1 reads back as the kernel's largest limit")
        XCTAssertEqual(try read(try v1Directory("pids", "box") + "/pids.max"), "max")
        XCTAssertEqual(try read(try v1Directory("cpu", "box") + "/cpu.cfs_quota_us"), "-1")
        XCTAssertEqual(try read(cpuset + "/cpuset.cpus"), try read(ownCpuset + "/cpuset.cpus"))
    }

    func testSwapLimitIsMemoryPlusSwapInEitherDirection() throws {
        let driver = try v1Driver()
        let ownMemory = try XCTUnwrap(topology.v1Hierarchy(for: "memory")).ownDirectory
        try Privileges.require(
            Directory.exists(ownMemory + "/memory.memsw.limit_in_bytes"), "swap accounting is off (no memory.memsw.*)")
        var small = CgroupLimits()
        small.memory = .bytes(64 << 20)
        small.memorySwap = .bytes(64 << 20)
        let group = try driver.createGroup(named: "swap", limits: small)
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let memory = try v1Directory("memory", "swap")
        XCTAssertEqual(try read(memory + "/memory.memsw.limit_in_bytes"), "134217728")

        var large = small
        large.memory = .bytes(256 << 20)
        large.memorySwap = .bytes(256 << 20)
        try group.apply(large, previous: small)
        XCTAssertEqual(try read(memory + "/memory.limit_in_bytes"), "268435456")
        XCTAssertEqual(try read(memory + "/memory.memsw.limit_in_bytes"), "536870912")

        try group.apply(small, previous: large)
        XCTAssertEqual(try read(memory + "/memory.limit_in_bytes"), "67108864")
        XCTAssertEqual(try read(memory + "/memory.memsw.limit_in_bytes"), "134217728")

        try group.apply(CgroupLimits(), previous: small)
        XCTAssertGreaterThan(try XCTUnwrap(UInt64(try read(memory + "/memory.limit_in_bytes"))), 1 << 62)
        XCTAssertGreaterThan(try XCTUnwrap(UInt64(try read(memory + "/memory.memsw.limit_in_bytes"))), 1 << 62)
    }

    func testProcessJoinsEveryHierarchyFreezesAndIsKilled() throws {
        let driver = try v1Driver()
        let group = try driver.createGroup(named: "proc", limits: CgroupLimits())
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let spinner = try ChildProcess.spinner()
        defer { spinner.terminate() }
        try group.add(pid: spinner.pid)
        XCTAssertEqual(group.processes(), [spinner.pid])
        let lines = try procCgroup(spinner.pid)
        for controller in ["memory", "pids", "cpu", "cpuacct", "freezer"] {
            let directory = try v1Directory(controller, "proc")
            XCTAssertEqual(try read(directory + "/cgroup.procs"), "\(spinner.pid)", controller)
            let hierarchy = try XCTUnwrap(topology.v1Hierarchy(for: controller))
            let path = String(directory.dropFirst(hierarchy.mountPoint.count))
            XCTAssertTrue(lines.contains { $0.hasSuffix(":\(path)") && $0.contains(controller) }, "\(controller): \(lines)")
        }
        let usage = group.usage()
        XCTAssertNotNil(usage.memoryCurrent)
        XCTAssertNotNil(usage.memoryPeak)
        XCTAssertEqual(usage.oomKills, 0)
        XCTAssertEqual(usage.pidsCurrent, 1)
        XCTAssertNotNil(usage.cpuUsageNanoseconds)
        XCTAssertNotNil(usage.throttledPeriods)

        let freezer = try v1Directory("freezer", "proc") + "/freezer.state"
        XCTAssertTrue(eventually { spinner.state == "R" }, "the busy loop runs: \(spinner.state ?? "?")")
        try group.setFrozen(true)
        XCTAssertEqual(try read(freezer), "FROZEN")
        XCTAssertEqual(spinner.state, "D", "a frozen task sleeps in the refrigerator")
        try group.setFrozen(false)
        XCTAssertEqual(try read(freezer), "THAWED")
        XCTAssertTrue(eventually { spinner.state == "R" }, "thawed, it runs again: \(spinner.state ?? "?")")

        group.killAll()
        spinner.reap()
        XCTAssertEqual(spinner.terminatingSignal, SIGKILL)
        XCTAssertEqual(try read(freezer), "THAWED", "killAll thaws what it froze")
        try group.remove()
        for controller in ["memory", "pids", "cpu", "cpuacct", "freezer"] {
            XCTAssertFalse(Directory.exists(try v1Directory(controller, "proc")), controller)
        }
    }

    /// A foreground group costs one hierarchy (pids, the cheapest to join)
    /// plus those its limits need, and still kills every process it holds.
    func testForegroundGroupJoinsOnlyPidsAndWhatLimitsNeed() throws {
        let driver = try v1Driver()
        try Privileges.require(topology.v1Hierarchy(for: "pids") != nil, "no v1 pids hierarchy")
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        let group = try driver.createGroup(named: "fg", limits: limits, use: .foreground)
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let spinner = try ChildProcess.spinner()
        defer { spinner.terminate() }
        try group.add(pid: spinner.pid)
        for controller in ["pids", "memory"] {
            XCTAssertEqual(try read(try v1Directory(controller, "fg") + "/cgroup.procs"), "\(spinner.pid)", controller)
        }
        XCTAssertEqual(try read(try v1Directory("memory", "fg") + "/memory.limit_in_bytes"), "67108864")
        for controller in ["freezer", "cpu", "cpuacct"] {
            guard let hierarchy = topology.v1Hierarchy(for: controller),
                  !hierarchy.controllers.contains("pids"), !hierarchy.controllers.contains("memory") else { continue }
            XCTAssertFalse(Directory.exists(try v1Directory(controller, "fg")), "\(controller): not needed in the foreground")
        }
        group.killAll()
        spinner.reap()
        XCTAssertEqual(spinner.terminatingSignal, SIGKILL, "killed without a freezer, in rounds")
    }

    func testLateHierarchyGetsTheRunningProcesses() throws {
        let driver = try v1Driver()
        try Privileges.require(topology.v1Hierarchy(for: "cpuset") != nil, "no v1 cpuset hierarchy")
        let group = try driver.createGroup(named: "late", limits: CgroupLimits())
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let sleeper = try ChildProcess.sleeper()
        defer { sleeper.terminate() }
        try group.add(pid: sleeper.pid)
        var limits = CgroupLimits()
        limits.cpuset = "0"
        try group.apply(limits, previous: CgroupLimits())
        let cpuset = try v1Directory("cpuset", "late")
        XCTAssertEqual(try read(cpuset + "/cpuset.cpus"), "0")
        XCTAssertEqual(try read(cpuset + "/cgroup.procs"), "\(sleeper.pid)")
        try group.remove()
        XCTAssertFalse(Directory.exists(cpuset))
    }

    /// blkio's weight files show only below the root: a group tells whether
    /// the weight can be written (then it must land) or not (then the error
    /// must say why).
    func testIOWeightLandsInBlkioOrIsExplained() throws {
        let driver = try v1Driver()
        try Privileges.require(topology.v1Hierarchy(for: "blkio") != nil, "no v1 blkio hierarchy")
        var limits = CgroupLimits()
        limits.ioWeight = 200
        let group: any CgroupGroup
        do {
            group = try driver.createGroup(named: "io", limits: limits)
        } catch {
            XCTAssertEqual(error as? RuntimeError, .cgroup(.noV1IOWeight))
            XCTAssertFalse(Directory.exists(try v1Directory("memory", "io")), "a failed create leaves nothing")
            XCTAssertFalse(Directory.exists(try v1Directory("blkio", "io")))
            return
        }
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        let blkio = try v1Directory("blkio", "io")
        let cfq = Directory.exists(blkio + "/blkio.weight")
        let file = blkio + (cfq ? "/blkio.weight" : "/blkio.bfq.weight")
        XCTAssertEqual(try read(file), "200", "the weight landed in \(file)")
        try group.apply(CgroupLimits(), previous: limits)
        XCTAssertEqual(try read(file), cfq ? "500" : "100", "unset: the scheduler's default weight")
        limits.ioWeight = 5
        XCTAssertThrowsError(try group.apply(limits, previous: CgroupLimits())) { error in
            XCTAssertEqual("\(error)", "cgroup: an io weight on cgroup v1 must be 10–1000, not 5")
        }
    }

    func testValidateRawFile() throws {
        let driver = try v1Driver()
        XCTAssertNoThrow(try driver.validateRawFile("memory.soft_limit_in_bytes"))
        XCTAssertNoThrow(try driver.validateRawFile("cpu.shares"))
        XCTAssertNoThrow(try driver.validateRawFile("pids.max"))
        XCTAssertThrowsError(try driver.validateRawFile("memory.high")) { error in
            guard case .cgroup(.otherVersionFile("memory.high", .v2, .v1, "memory", let files, _))? = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(files.contains("memory.limit_in_bytes"), "\(files)")
            XCTAssertTrue(files.contains("memory.soft_limit_in_bytes"), "\(files)")
            XCTAssertFalse(files.contains("memory.usage_in_bytes"), "read-only files are not offered: \(files)")
        }
        XCTAssertThrowsError(try driver.validateRawFile("io.max")) { error in
            guard case .cgroup(.v2FileOnV1("io.max", _))? = error as? RuntimeError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try driver.validateRawFile("memory.usage_in_bytes")) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.readOnlyFile("memory.usage_in_bytes")))
        }
        for managed in ["tasks", "cgroup.procs", "freezer.state", "notify_on_release"] {
            XCTAssertThrowsError(try driver.validateRawFile(managed)) { error in
                XCTAssertEqual(error as? RuntimeError, .cgroup(.managedFile(managed)))
            }
        }
    }

    func testBadNamesAreRefused() throws {
        let driver = try v1Driver()
        for name in ["", ".", "..", "a/b"] {
            XCTAssertThrowsError(try driver.createGroup(named: name, limits: CgroupLimits()), name) { error in
                XCTAssertEqual(error as? RuntimeError, .cgroup(.invalidName(name, role: .container)))
            }
        }
        XCTAssertEqual(driver.version, .v1)
        XCTAssertTrue(driver.controllerNames.contains("memory"), "\(driver.controllerNames)")
    }
}
