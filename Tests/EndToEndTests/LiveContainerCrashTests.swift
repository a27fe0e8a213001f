import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// A ctrsh ended by a signal while a started container runs. SIGKILL: its
/// init dies with it (PR_SET_PDEATHSIG), the next ctrsh notices what is
/// left, and `ctrsh gc` removes the cgroups and the state. SIGTERM: ctrsh
/// stops the container and cleans up itself, at once; so does Ctrl-C
/// during `wait` in a script. Needs root.
final class LiveContainerCrashTests: EndToEndTestCase {
    private let sleeper = "/bin/sleep 307"
    private var sessions: [pid_t] = []

    /// A failed test may leave a session's state: remove it (the base
    /// class removes its cgroups, the parent-death signal its processes).
    override func tearDown() {
        for pid in sessions { Leftovers.removeState(ofSession: "\(pid)") }
        super.tearDown()
    }

    /// A ctrsh at a terminal running a script that starts `web`, execs the
    /// sleeper into it and sleeps; returns once both run, with PID 1's host PID.
    /// With `paused`, the script pauses the container before it sleeps.
    private func sessionWithAStartedContainer(
        paused: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) throws -> (TerminalSession, pid_t) {
        let root = try requireRootfs()
        let script = try write(
            "container new web\nns new pid,mnt\ncgroup set pids 20\nrootfs use \(root)\nstart\nexec -d \(sleeper)\n"
                + (paused ? "pause\necho paused\n" : "") + "sleep 30s\necho not-reached\n",
            to: "started.ctrsh")
        let session = try terminalSession([script])
        sessions.append(session.pid)
        var initPID: pid_t?
        let ready = waitUntil(seconds: 10) {
            initPID = FileText.readIfPresent("/run/ctrsh/\(session.pid)/web.state")?.split(separator: "\n").first
                .flatMap { $0.hasPrefix("pid=") ? pid_t($0.dropFirst(4)) : nil }
            return initPID != nil && !Leftovers.processes(mentioning: self.sleeper).isEmpty
        }
        if paused { XCTAssertTrue(session.waitFor("paused\n"), "not paused:\n\(session.screen)", file: file, line: line) }
        XCTAssertTrue(ready, "the container did not start:\n\(session.screen)", file: file, line: line)
        return (session, try XCTUnwrap(initPID, file: file, line: line))
    }

    func testSIGTERMStopsTheContainerAndCleansUpAtOnce() throws {
        let (session, pid1) = try sessionWithAStartedContainer()
        let began = Clock.monotonicSeconds
        kill(session.pid, SIGTERM)
        XCTAssertEqual(session.waitForExit(seconds: 10), .exited(128 + SIGTERM), session.screen)
        XCTAssertLessThan(Clock.monotonicSeconds - began, 3, "ctrsh slept on after SIGTERM")
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen)
        XCTAssertFalse(isRunning(pid1))
        XCTAssertEqual(Leftovers.processes(mentioning: sleeper), [])
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertEqual(Leftovers.state(ofSession: "\(session.pid)"), [], "state left")
    }

    func testCtrlCDuringWaitStopsTheScriptAndItsContainer() throws {
        let root = try requireRootfs()
        let script = try write("ns new pid,mnt\nrootfs use \(root)\nstart\necho waiting\nwait\necho not-reached\n", to: "wait.ctrsh")
        let session = try terminalSession([script])
        sessions.append(session.pid)
        XCTAssertTrue(session.waitFor("waiting\n"), session.screen)
        usleep(200_000)  // into the wait
        session.type("\u{3}")
        XCTAssertEqual(session.waitForExit(seconds: 10), .exited(1), session.screen)
        XCTAssertTrue(session.screen.contains("\(script):5:1: error: wait: interrupted by Ctrl-C; `default` still runs"), session.screen)
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen)
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertEqual(Leftovers.state(ofSession: "\(session.pid)"), [], "state left")
    }

    func testGcRemovesWhatAKilledCtrshLeft() throws {
        let root = try requireRootfs()
        let (session, pid1) = try sessionWithAStartedContainer()
        let stateDirectory = "/run/ctrsh/\(session.pid)"
        XCTAssertEqual(FileText.readIfPresent("/proc/\(pid1)/comm"), "ctrsh-init\n")
        XCTAssertFalse(Leftovers.cgroupDirectories(ofSession: session.pid).isEmpty, "its cgroup exists")

        kill(session.pid, SIGKILL)
        XCTAssertEqual(session.waitForExit(), .signaled(SIGKILL))
        XCTAssertTrue(waitUntil(seconds: 5) { !self.isRunning(pid1) }, "ctrsh-init outlived ctrsh: no parent-death signal")
        XCTAssertTrue(waitUntil(seconds: 5) { Leftovers.processes(mentioning: self.sleeper).isEmpty }, "the exec'd sleeper outlived ctrsh")
        XCTAssertTrue(Directory.exists(stateDirectory), "a killed session cannot remove its state")

        let next = try ctrsh("-c", "echo hello")
        assertExit(next, 0)
        let notice = next.errorLines.first { $0.contains("ended without cleaning up") }
        XCTAssertNotNil(notice, "no notice of the dead session: \(next)")
        XCTAssertTrue(notice?.contains(String(session.pid)) == true && notice?.contains("`ctrsh gc`") == true, "\(next)")

        let gc = try ctrsh("gc")
        assertExit(gc, 0)
        XCTAssertTrue(gc.stdout.contains("gc: removed state \(stateDirectory)\n"), "\(gc)")
        XCTAssertTrue(gc.stdout.contains("gc: removed cgroup "), "\(gc)")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertFalse(Directory.exists(stateDirectory))
        XCTAssertEqual(Leftovers.mounts(mentioning: root), [])
        XCTAssertFalse(isRunning(pid1))

        let after = try ctrsh("-c", "echo hello")
        XCTAssertFalse(after.stderr.contains(String(session.pid)), "the session is still reported: \(after)")
    }

    func testGcRemovesAPausedContainerAKilledCtrshLeftInOneGo() throws {
        let (session, pid1) = try sessionWithAStartedContainer(paused: true)
        kill(session.pid, SIGKILL)
        XCTAssertEqual(session.waitForExit(), .signaled(SIGKILL))
        // Frozen, PID 1 cannot act on its parent-death signal until thawed.
        XCTAssertTrue(isRunning(pid1), "PID 1 is frozen, not gone")
        let gc = try ctrsh("gc")
        assertExit(gc, 0)
        XCTAssertEqual(gc.stderr, "", "one gc is enough: \(gc)")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertEqual(Leftovers.state(ofSession: "\(session.pid)"), [])
        XCTAssertTrue(waitUntil(seconds: 5) { !self.isRunning(pid1) }, "PID 1 died once thawed")
        XCTAssertTrue(waitUntil(seconds: 5) { Leftovers.processes(mentioning: self.sleeper).isEmpty })
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Clock.monotonicSeconds + seconds
        while !condition() {
            if Clock.monotonicSeconds > deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// True while `pid` is a live process (not gone, not a zombie).
    private func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = FileText.readIfPresent("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}
