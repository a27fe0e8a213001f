import Glibc
import TestSupport
import XCTest

/// Leaving while a container runs: SIGTERM to ctrsh and Ctrl-C in a
/// script stop it and remove everything it made. Needs root.
final class LifecycleTests: EndToEndTestCase {
    private let sleeper = "/bin/sleep 293"

    /// Waits until ctrsh's container runs and its cgroup exists.
    private func waitForContainer(of session: TerminalSession, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Clock.monotonicSeconds + 10
        while session.children.isEmpty || Leftovers.cgroupDirectories(ofSession: session.pid).isEmpty {
            guard Clock.monotonicSeconds < deadline else {
                XCTFail("the container did not start:\n\(session.screen)", file: file, line: line)
                return
            }
            usleep(20_000)
        }
    }

    func testSIGTERMWhileAContainerRunsStopsItAndCleansUp() throws {
        let root = try requireRootfs()
        let session = try terminalSession(
            ["-c", "ns new pid,mnt; cgroup set pids 20; rootfs use \(root); exec \(sleeper); echo not-reached"])
        waitForContainer(of: session)
        let container = session.children
        // Give ctrsh time to reach its wait: a signal that arrives between
        // the launch and the blocking waitpid is only seen once the
        // container exits (reported in Runtime's ForegroundWait).
        usleep(300_000)
        kill(session.pid, SIGTERM)
        XCTAssertEqual(session.waitForExit(seconds: 10), .exited(128 + SIGTERM), session.screen)
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen)
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertEqual(Leftovers.processes(mentioning: sleeper), [], "the container's process outlived ctrsh")
        for pid in container { XCTAssertEqual(kill(pid, 0), -1, "process \(pid) still exists") }
    }

    func testCtrlCStopsAScriptAndItsContainer() throws {
        let root = try requireRootfs()
        let script = try write(
            "ns new pid,mnt\ncgroup set pids 20\nrootfs use \(root)\nexec \(sleeper)\necho not-reached\n", to: "long.ctrsh")
        let session = try terminalSession([script])
        waitForContainer(of: session)
        usleep(300_000)  // see above: past the launch, into the wait
        let started = Clock.monotonicSeconds
        session.type("\u{3}")
        let status = session.waitForExit(seconds: 10)
        XCTAssertNotNil(status, "Ctrl-C did not stop the script:\n\(session.screen)")
        XCTAssertNotEqual(status, .exited(0), session.screen)
        XCTAssertLessThan(Clock.monotonicSeconds - started, 10)
        XCTAssertTrue(session.screen.contains("\(script):4:1: error: exec: interrupted by Ctrl-C (status 130)"), session.screen)
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen)
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [])
        XCTAssertEqual(Leftovers.processes(mentioning: sleeper), [])
    }
}
