@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// How `gc` decides that a session is dead, on a state directory of the
/// test's own (no cgroups): by the lock a live session holds, whatever its
/// PID says; sessions of a ctrsh older than the lock by PID and start time.
final class GarbageCollectorTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var state: StateDirectory!
    /// PIDs no process has here (above any PID in use, below pid_max).
    private let unusedPIDs = ["999991", "999992", "999993"]

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        state = StateDirectory(root: scratch.path + "/ctrsh")
        for pid in unusedPIDs { try XCTSkipIf(ProcessIdentity(pid: pid_t(pid) ?? 0) != nil, "PID \(pid) is in use") }
    }

    override func tearDown() {
        scratch?.remove()
        super.tearDown()
    }

    private var collector: GarbageCollector { GarbageCollector(state: state, cgroups: nil, currentSession: String(getpid())) }

    func testALockedSessionIsLiveWhateverItsPIDAndIsCollectedOnceItLetsGo() throws {
        // A session of another pid namespace: its PID names no process here.
        var lock: SessionLock? = try state.prepare(session: "999991")
        XCTAssertTrue(scratch.exists("ctrsh/999991.lock"))
        XCTAssertFalse(scratch.exists("ctrsh/999991"), "a session without records has no directory")
        XCTAssertEqual(collector.staleSessions(), [])
        XCTAssertEqual(collector.collect().removed, [])
        XCTAssertThrowsError(try state.prepare(session: "999991"), "a second session took a live one's lock") { error in
            XCTAssertEqual(error as? RuntimeError, .state(.sessionInAnotherPidNamespace(lock: state.lockPath("999991"))))
        }
        try state.prepareDirectory(session: "999991")
        try scratch.write("pid=999991\nstart=1\n", to: "ctrsh/999991/web.state")
        withExtendedLifetime(lock) {}
        lock = nil
        XCTAssertEqual(collector.staleSessions(), ["999991"])
        XCTAssertEqual(collector.collect().removed, [.state("\(state.root)/999991"), .state("\(state.root)/999991.lock")])
        XCTAssertEqual(Directory.names(state.root), [], "the lock goes with the rest; the root stays")
    }

    func testAKilledSessionWithOnlyALockIsNoticedAndCollected() throws {
        var lock: SessionLock? = try state.prepare(session: "999992")
        withExtendedLifetime(lock) {}
        lock = nil  // as the kernel lets go when a session is killed
        XCTAssertEqual(collector.staleSessions(), ["999992"])
        XCTAssertEqual(collector.collect().removed, [.state("\(state.root)/999992.lock")])
        XCTAssertEqual(collector.staleSessions(), [])
    }

    func testAnEarlierCtrshsLockInTheSessionDirectoryStillSaysLive() throws {
        try scratch.makeDirectories("ctrsh/999993")
        var lock: SessionLock? = try XCTUnwrap(SessionLock.acquire(at: state.lockPathInDirectory("999993")))
        XCTAssertEqual(collector.staleSessions(), [])
        withExtendedLifetime(lock) {}
        lock = nil
        XCTAssertEqual(collector.staleSessions(), ["999993"])
        XCTAssertEqual(collector.collect().removed, [.state("\(state.root)/999993")])
    }

    func testAnOlderCtrshsSessionIsJudgedByPIDAndStartTime() throws {
        try scratch.makeDirectories("ctrsh/999992")
        try scratch.write("pid=999992\nstart=1\n", to: "ctrsh/999992/session")
        let me = try XCTUnwrap(ProcessIdentity(pid: getpid()))
        try scratch.makeDirectories("ctrsh/1")  // named 1, recorded as this live process
        try scratch.write("pid=\(me.pid)\nstart=\(me.startTime)\n", to: "ctrsh/1/session")
        XCTAssertEqual(collector.staleSessions(), ["999992"])
    }

    func testADirectoryWithoutLockOrRecordIsASessionBeingMade() throws {
        try scratch.makeDirectories("ctrsh/999993")
        XCTAssertEqual(collector.staleSessions(), [])
    }

    func testContainerPIDsCountOnlyInThePidNamespaceThatRecordedThem() throws {
        try scratch.makeDirectories("ctrsh/999993")
        try scratch.write("pid=1\nstart=1\npidns=1\n", to: "ctrsh/999993/web.state")
        XCTAssertFalse(state.isInOurPidNamespace(state.root + "/999993/web.state"))
        let ours = try XCTUnwrap(NamespaceInodes.inode(.pid))
        try scratch.write("pid=1\nstart=1\npidns=\(ours)\n", to: "ctrsh/999993/db.state")
        XCTAssertTrue(state.isInOurPidNamespace(state.root + "/999993/db.state"))
        try scratch.write("pid=1\nstart=1\n", to: "ctrsh/999993/old.state")
        XCTAssertTrue(state.isInOurPidNamespace(state.root + "/999993/old.state"), "an older ctrsh's entry counts as ours")
    }
}
