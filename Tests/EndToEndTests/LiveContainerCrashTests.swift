import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// A ctrsh killed with SIGKILL while a started container runs: its init
/// dies with it (PR_SET_PDEATHSIG), the next ctrsh notices what is left,
/// and `ctrsh gc` removes the cgroups and the state. Needs root.
final class LiveContainerCrashTests: EndToEndTestCase {
    private let sleeper = "/bin/sleep 307"

    func testGcRemovesWhatAKilledCtrshLeft() throws {
        let root = try requireRootfs()
        let script = try write(
            "container new web\nns new pid,mnt\ncgroup set pids 20\nrootfs use \(root)\nstart\nexec -d \(sleeper)\nsleep 30s\n",
            to: "crash.ctrsh")
        let session = try terminalSession([script])
        let stateDirectory = "/run/ctrsh/\(session.pid)"
        var initPID: pid_t?
        let ready = waitUntil(seconds: 10) {
            initPID = FileText.readIfPresent(stateDirectory + "/web.state")?.split(separator: "\n").first
                .flatMap { $0.hasPrefix("pid=") ? pid_t($0.dropFirst(4)) : nil }
            return initPID != nil && !Leftovers.processes(mentioning: self.sleeper).isEmpty
        }
        XCTAssertTrue(ready, "the container did not start:\n\(session.screen)")
        let pid1 = try XCTUnwrap(initPID)
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
