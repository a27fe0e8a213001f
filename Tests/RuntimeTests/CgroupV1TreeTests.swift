import CtrRuntime
import TestSupport
import XCTest

/// The v1 driver against temporary directories laid out like v1
/// hierarchies, for orders and failures the real machine cannot show: the
/// memory/memsw write order, missing swap accounting, missing blkio weights.
final class CgroupV1TreeTests: XCTestCase {
    static let session = "s1"
    static let groupPath = "ctrsh/s1/box"
    static let huge = "9223372036854771712"

    var tree: TemporaryDirectory?
    let changes = Recorder<CgroupChange>()

    override func tearDown() {
        tree?.remove()
        tree = nil
        super.tearDown()
    }

    /// A `memory` and a `blkio` hierarchy with the caller at their roots.
    /// The memory group is made beforehand with its files (a plain mkdir
    /// makes none); the blkio group is left for the driver to create.
    func makeTree(swapAccounting: Bool = true) throws -> CgroupV1Driver {
        let tree = try TemporaryDirectory(prefix: "ctrtest-v1-")
        self.tree = tree
        try tree.makeDirectories("memory/" + Self.groupPath)
        try tree.makeDirectories("blkio")
        var files = ["memory.limit_in_bytes": Self.huge, "memory.soft_limit_in_bytes": Self.huge, "cgroup.procs": ""]
        if swapAccounting { files["memory.memsw.limit_in_bytes"] = Self.huge }
        for (file, text) in files { try tree.write(text + "\n", to: "memory/\(Self.groupPath)/\(file)") }
        let recorder = changes
        return CgroupV1Driver(
            hierarchies: [
                CgroupHierarchy(controllers: ["memory"], mountPoint: tree.path + "/memory", ownPath: "/"),
                CgroupHierarchy(controllers: ["blkio"], mountPoint: tree.path + "/blkio", ownPath: "/"),
            ],
            session: Self.session, observer: { recorder.record($0) })
    }

    /// The writes recorded so far, as `file=value`, with paths made relative.
    func writes() throws -> [String] {
        let prefix = try XCTUnwrap(tree).path + "/memory/\(Self.groupPath)/"
        return changes.all.compactMap { change in
            guard case .write(let value, let path) = change, path.hasPrefix(prefix) else { return nil }
            return "\(path.dropFirst(prefix.count))=\(value)"
        }
    }

    func memoryAndSwap(_ memory: UInt64, _ swap: UInt64) -> CgroupLimits {
        var limits = CgroupLimits()
        limits.memory = .bytes(memory)
        limits.memorySwap = .bytes(swap)
        return limits
    }

    func testMemswIsWrittenSoItNeverFallsBelowMemory() throws {
        let driver = try makeTree()
        let small = memoryAndSwap(64 << 20, 64 << 20)
        let group = try driver.createGroup(named: "box", limits: small)
        XCTAssertEqual(try writes(), [
            "memory.limit_in_bytes=67108864", "memory.memsw.limit_in_bytes=134217728",
        ], "lowering from unlimited: memory first")
        changes.clear()

        let large = memoryAndSwap(256 << 20, 256 << 20)
        try group.apply(large, previous: small)
        XCTAssertEqual(try writes(), [
            "memory.memsw.limit_in_bytes=536870912", "memory.limit_in_bytes=268435456",
        ], "raising: memsw first")
        changes.clear()

        try group.apply(CgroupLimits(), previous: large)
        XCTAssertEqual(try writes(), [
            "memory.memsw.limit_in_bytes=-1", "memory.limit_in_bytes=-1",
        ], "unset: memsw to unlimited first")
        changes.clear()

        var swapOnly = CgroupLimits()
        swapOnly.memorySwap = .bytes(1 << 30)
        try group.apply(swapOnly, previous: CgroupLimits())
        XCTAssertEqual(try writes(), ["memory.memsw.limit_in_bytes=-1"], "no memory limit: swap is unlimited too")
    }

    func testSwapLimitWithoutSwapAccountingIsExplained() throws {
        let driver = try makeTree(swapAccounting: false)
        XCTAssertThrowsError(try driver.createGroup(named: "box", limits: memoryAndSwap(1 << 20, 1 << 20))) { error in
            XCTAssertEqual(
                error as? RuntimeError,
                .cgroup(.swapAccountingOff(file: "memory.memsw.limit_in_bytes", directory: "\(self.tree?.path ?? "")/memory/\(Self.groupPath)")))
        }
    }

    func testIOWeightWithoutWeightFilesIsExplainedAndUndone() throws {
        let driver = try makeTree()
        var limits = CgroupLimits()
        limits.ioWeight = 100
        XCTAssertThrowsError(try driver.createGroup(named: "box", limits: limits)) { error in
            XCTAssertEqual(error as? RuntimeError, .cgroup(.noV1IOWeight))
        }
        XCTAssertFalse(tree?.exists("blkio/ctrsh") ?? true, "the blkio group and its parents were made for it and are gone")
        XCTAssertTrue(tree?.exists("memory/" + Self.groupPath) ?? false, "what was there before stays")
        let made = changes.all.filter { if case .makeDirectory = $0 { true } else { false } }.count
        let removed = changes.all.filter { if case .removeDirectory = $0 { true } else { false } }.count
        XCTAssertGreaterThanOrEqual(removed, 3, "blkio group, session, ctrsh (of \(made) mkdirs)")
    }

    func testRawFileOfAnotherHierarchyJoinsIt() throws {
        let driver = try makeTree()
        try tree?.makeDirectories("blkio/" + Self.groupPath)
        try tree?.write("", to: "blkio/\(Self.groupPath)/blkio.throttle.read_bps_device")
        var limits = CgroupLimits()
        limits.raw = [RawCgroupSetting(file: "blkio.throttle.read_bps_device", value: "8:0 1048576")]
        _ = try driver.createGroup(named: "box", limits: limits)
        XCTAssertEqual(try tree?.read("blkio/\(Self.groupPath)/blkio.throttle.read_bps_device"), "8:0 1048576")
    }
}
