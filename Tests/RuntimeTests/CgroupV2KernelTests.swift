import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The v2 driver on this machine's real cgroup2 tree. It has no useful
/// controllers here, so this covers what works without them: a group,
/// `cgroup.procs`, `cgroup.freeze`, `cgroup.kill`, removal, and the error
/// for a limit whose controller is missing.
final class CgroupV2KernelTests: CgroupKernelTestCase {
    func unifiedDriver() throws -> CgroupV2Driver {
        try Privileges.requireRoot("creates groups in the real cgroup2 tree")
        let unified = try XCTUnwrap(
            topology.unified, "cgroup2 is mounted (it is at /sys/fs/cgroup/unified here)")
        return CgroupV2Driver(mountPoint: unified.mountPoint, ownPath: unified.ownPath, session: session)
    }

    func testGroupTracksFreezesKillsAndIsRemoved() throws {
        let driver = try unifiedDriver()
        let expected = driver.hierarchy.ownDirectory + "/ctrsh/\(session)/box"
        let group = try driver.createGroup(named: "box", limits: CgroupLimits())
        defer {
            try? group.remove()
            driver.removeSessionDirectories()
        }
        XCTAssertEqual(group.displayPath, expected)
        XCTAssertEqual(group.cloneIntoDirectory, expected)
        XCTAssertTrue(Directory.isDirectory(expected))

        let sleeper = try ChildProcess.sleeper()
        defer { sleeper.terminate() }
        let spinner = try ChildProcess.spinner()
        defer { spinner.terminate() }
        try group.add(pid: sleeper.pid)
        try group.add(pid: spinner.pid)
        XCTAssertEqual(Set(group.processes()), [sleeper.pid, spinner.pid])
        XCTAssertEqual(
            Set(try read(expected + "/cgroup.procs").split(separator: "\n")), ["\(sleeper.pid)", "\(spinner.pid)"])
        let cgroupPath = driver.hierarchy.ownPath == "/" ? "" : driver.hierarchy.ownPath
        XCTAssertTrue(try procCgroup(sleeper.pid).contains("0::\(cgroupPath)/ctrsh/\(session)/box"))
        XCTAssertNotNil(group.usage().cpuUsageNanoseconds, "cpu.stat is there without the cpu controller")

        XCTAssertTrue(eventually { spinner.state == "R" }, "the busy loop runs: \(spinner.state ?? "?")")
        try group.setFrozen(true)
        XCTAssertTrue(try read(expected + "/cgroup.events").contains("frozen 1"))
        XCTAssertTrue(eventually { spinner.state == "S" }, "a frozen task waits in the freezer trap: \(spinner.state ?? "?")")
        try group.setFrozen(false)
        XCTAssertTrue(try read(expected + "/cgroup.events").contains("frozen 0"))
        XCTAssertTrue(eventually { spinner.state == "R" }, "thawed, it runs again: \(spinner.state ?? "?")")

        XCTAssertTrue(Directory.exists(expected + "/cgroup.kill"), "cgroup.kill exists on this kernel")
        group.killAll()
        sleeper.reap()
        spinner.reap()
        XCTAssertEqual(sleeper.terminatingSignal, SIGKILL)
        XCTAssertEqual(spinner.terminatingSignal, SIGKILL)
        XCTAssertTrue(eventually { group.processes().isEmpty })

        try group.remove()
        XCTAssertFalse(Directory.exists(expected))
        driver.removeSessionDirectories()
        XCTAssertFalse(Directory.exists(driver.hierarchy.ownDirectory + "/ctrsh/\(session)"))
        XCTAssertFalse(Directory.exists(driver.hierarchy.ownDirectory + "/ctrsh"))
    }

    func testRemoveKillsStragglers() throws {
        let driver = try unifiedDriver()
        let group = try driver.createGroup(named: "straggler", limits: CgroupLimits())
        defer { driver.removeSessionDirectories() }
        let sleeper = try ChildProcess.sleeper()
        defer { sleeper.terminate() }
        try group.add(pid: sleeper.pid)
        try group.remove()
        XCTAssertFalse(Directory.exists(group.displayPath))
        sleeper.reap()
        XCTAssertEqual(sleeper.terminatingSignal, SIGKILL)
    }

    func testLimitWithoutItsControllerIsExplainedAndLeavesNothing() throws {
        let driver = try unifiedDriver()
        let available = Set(try read(driver.hierarchy.ownDirectory + "/cgroup.controllers").split(separator: " "))
        try Privileges.require(!available.contains("memory"), "the memory controller is available in this cgroup2 tree")
        var limits = CgroupLimits()
        limits.memory = .bytes(64 << 20)
        XCTAssertThrowsError(try driver.createGroup(named: "box", limits: limits)) { error in
            guard case .cgroup(.controllerNotDelegated("memory", driver.hierarchy.ownDirectory, _))? = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
        }
        XCTAssertThrowsError(try driver.validateRawFile("memory.max")) { error in
            guard case .cgroup(.controllerUnavailable("memory", _, _))? = error as? RuntimeError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try driver.validateRawFile("io.weight")) { error in
            guard case .cgroup(.controllerUnavailable("io", _, _))? = error as? RuntimeError else { return XCTFail("\(error)") }
        }
    }

    func testSessionsShareTheParentAndTheLastOneRemovesIt() throws {
        let first = try unifiedDriver()
        let second = CgroupV2Driver(
            mountPoint: first.hierarchy.mountPoint, ownPath: first.hierarchy.ownPath, session: session + "-b")
        let parent = first.hierarchy.ownDirectory + "/ctrsh"
        defer {
            first.removeSessionDirectories()
            second.removeSessionDirectories()
        }
        let a = try first.createGroup(named: "a", limits: CgroupLimits())
        let b = try second.createGroup(named: "b", limits: CgroupLimits())
        try a.remove()
        first.removeSessionDirectories()
        XCTAssertFalse(Directory.exists(parent + "/" + session))
        XCTAssertTrue(Directory.exists(parent), "still used by the other session")
        try b.remove()
        second.removeSessionDirectories()
        XCTAssertFalse(Directory.exists(parent))
    }

    /// Two sessions creating and removing groups at once: each removes the
    /// shared `ctrsh/` whenever it is empty, so the other's mkdir of its
    /// session directory regularly meets ENOENT and must start over.
    func testConcurrentSessionsSurviveEachOthersCleanup() async throws {
        let first = try unifiedDriver()
        let second = CgroupV2Driver(
            mountPoint: first.hierarchy.mountPoint, ownPath: first.hierarchy.ownPath, session: session + "-b")
        let failures = try await withThrowingTaskGroup(of: [String].self) { tasks in
            for driver in [first, second] {
                tasks.addTask {
                    var failures: [String] = []
                    for round in 0..<200 {
                        do {
                            let group = try driver.createGroup(named: "g\(round)", limits: CgroupLimits())
                            try group.remove()
                        } catch {
                            failures.append("\(driver.session) round \(round): \(error)")
                        }
                        driver.removeSessionDirectories()
                    }
                    return failures
                }
            }
            return try await tasks.reduce(into: []) { $0 += $1 }
        }
        XCTAssertEqual(failures, [])
    }
}
