import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// SIGTERM and SIGINT sent to ctrsh (by `kill`, not typed at its
/// terminal) in the middle of a script, while a foreground `exec` of
/// `sleep` runs and while a `start`ed container runs: ctrsh exits at once,
/// without running the rest of the script, and leaves no process, cgroup,
/// mount or state entry behind. SIGTERM ends the session with 128 + 15;
/// SIGINT stops the script as Ctrl-C does, with an error naming the line.
/// Needs root.
final class SignalDuringScriptTests: EndToEndTestCase {
    private let sleeper = "/bin/sleep 289"

    /// The script's situation when the signal arrives.
    private enum Situation {
        /// `exec` of the sleeper in the foreground, as PID 1 of its container.
        case foregroundExec
        /// The sleeper `exec -d`'d into a `start`ed container; the script in
        /// an `expect output matches` that backtracks without end.
        case longMatch
        /// The sleeper `exec -d`'d into a `start`ed container; the script in `sleep 60s`.
        case startedContainer

        /// The script's commands, and the line the signal stops it at.
        func script(root: String, sleeper: String) -> (text: String, line: Int) {
            let compose = "container new web\nns new pid,uts,mnt\ncgroup set pids 20\nrootfs use \(root)\n"
            switch self {
            case .foregroundExec: return (compose + "exec \(sleeper)\necho not-reached\n", 5)
            case .startedContainer: return (compose + "start\nexec -d \(sleeper)\nsleep 60s\necho not-reached\n", 7)
            case .longMatch:
                let output = "echo \(String(repeating: "a", count: 60))\n"
                return (compose + "start\nexec -d \(sleeper)\n" + output + "expect output matches '^(a*)*b$'\necho not-reached\n", 8)
            }
        }
    }

    func testSIGTERMDuringAForegroundExec() throws {
        try interrupt(.foregroundExec, with: SIGTERM)
    }

    func testSIGTERMDuringAStartedContainer() throws {
        try interrupt(.startedContainer, with: SIGTERM)
    }

    func testSIGINTDuringAForegroundExec() throws {
        try interrupt(.foregroundExec, with: SIGINT, error: "exec: interrupted by Ctrl-C (status 130)")
    }

    func testSIGINTDuringAStartedContainer() throws {
        try interrupt(.startedContainer, with: SIGINT, error: "sleep: interrupted by Ctrl-C")
    }

    func testSIGTERMDuringAHopelessRegexMatch() throws {
        try interrupt(.longMatch, with: SIGTERM)
    }

    func testSIGINTDuringAHopelessRegexMatch() throws {
        try interrupt(.longMatch, with: SIGINT, error: "expect output matches: interrupted by Ctrl-C")
    }

    /// `host` used to wait for its program whatever ctrsh received: a
    /// SIGTERM sent to ctrsh alone was only recorded, and the session went
    /// on until the program ended by itself.
    func testSIGTERMDuringAHostProgram() throws {
        let program = "/bin/sleep 287"
        let script = try write("host \(program)\necho not-reached\n", to: "host.ctrsh")
        let session = try terminalSession([script])
        XCTAssertTrue(Poll.until(seconds: 10) { !Leftovers.processes(mentioning: program).isEmpty }, session.screen)
        let programs = Leftovers.processes(mentioning: program)
        kill(session.pid, SIGTERM)
        XCTAssertEqual(session.waitForExit(seconds: 10), .exited(128 + SIGTERM), session.screen)
        XCTAssertTrue(session.screen.contains("ctrsh: received SIGTERM; the host program was stopped"), session.screen)
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen)
        XCTAssertTrue(Poll.until(seconds: 5) { programs.allSatisfy { kill($0, 0) != 0 } }, "the host program outlived ctrsh")
    }

    /// `ctrsh -` waiting for its next line on a pipe that stays open: the
    /// reader used to retry the interrupted read, so SIGTERM was recorded
    /// and never acted on.
    func testSIGTERMWhileWaitingForStandardInput() throws {
        let input = try Spawn.pipe(), output = try Spawn.pipe()
        let pid = try Spawn.start(
            CtrshBinary.path, ["ctrsh", "-"], environment: CtrshRunner.environment(scratch: scratch), directory: scratch,
            stdio: .descriptors(input: input.read, output: output.write, error: output.write))
        close(input.read)
        close(output.write)
        defer {
            close(input.write)
            close(output.read)
        }
        let line = Array("echo ready\n".utf8)
        XCTAssertEqual(line.withUnsafeBytes { Glibc.write(input.write, $0.baseAddress, $0.count) }, line.count)
        var seen: [UInt8] = []
        XCTAssertTrue(Poll.until(seconds: 10) {
            var chunk = [UInt8](repeating: 0, count: 64)
            let count = read(output.read, &chunk, chunk.count)
            if count > 0 { seen += chunk[0..<count] }
            return String(decoding: seen, as: UTF8.self).contains("ready\n")
        }, "ctrsh did not run the first line")
        // Into the read of the next line (read is system call 0 on x86-64).
        XCTAssertTrue(Poll.until(seconds: 10) { FileText.readIfPresent("/proc/\(pid)/syscall")?.hasPrefix("0 ") == true })
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let ended = Poll.until(seconds: 10) { waitpid(pid, &status, WNOHANG) == pid }
        if !ended {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        XCTAssertTrue(ended, "ctrsh went on waiting for input after SIGTERM")
        XCTAssertEqual(ExitStatus(waitStatus: status), .exited(128 + SIGTERM))
    }

    /// Runs the script of `situation`, sends `signal` once the sleeper
    /// runs, and checks how ctrsh ended and that nothing is left. With
    /// `error`, the script is expected to stop with it (exit status 1);
    /// without, to end the session with 128 + `signal`.
    private func interrupt(
        _ situation: Situation, with signal: Int32, error: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let root = try requireRootfs()
        let (text, stopLine) = situation.script(root: root, sleeper: sleeper)
        let script = try write(text, to: "interrupted.ctrsh")
        let session = try terminalSession([script])
        let running = Poll.until(seconds: 10) {
            !Leftovers.processes(mentioning: self.sleeper).isEmpty && !Leftovers.cgroupDirectories(ofSession: session.pid).isEmpty
        }
        XCTAssertTrue(running, "the sleeper did not start:\n\(session.screen)", file: file, line: line)
        if situation == .startedContainer {
            // Into the script's `sleep` (clock_nanosleep is system call 230
            // on x86-64): a SIGINT between two commands ends the script
            // without an error line.
            let sleeping = Poll.until(seconds: 10) {
                FileText.readIfPresent("/proc/\(session.pid)/syscall")?.hasPrefix("230 ") == true
            }
            XCTAssertTrue(sleeping, "ctrsh did not reach `sleep 60s`:\n\(session.screen)", file: file, line: line)
        }
        if situation == .longMatch {
            // Into the match: ctrsh has forked the copy that runs it.
            let matching = Poll.until(seconds: 10) { !Self.copies(of: session.pid).isEmpty }
            XCTAssertTrue(matching, "ctrsh did not reach the match:\n\(session.screen)", file: file, line: line)
        }
        let copies = Self.copies(of: session.pid)
        let sleepers = Leftovers.processes(mentioning: sleeper)
        let began = Clock.monotonicSeconds
        kill(session.pid, signal)
        let status = session.waitForExit(seconds: 10)
        XCTAssertLessThan(Clock.monotonicSeconds - began, 5, "ctrsh took long to leave", file: file, line: line)
        if let error {
            XCTAssertEqual(status, .exited(1), session.screen, file: file, line: line)
            XCTAssertTrue(session.screen.contains("\(script):\(stopLine):1: error: \(error)"), session.screen, file: file, line: line)
        } else {
            XCTAssertEqual(status, .exited(128 + signal), session.screen, file: file, line: line)
        }
        XCTAssertFalse(session.screen.contains("not-reached"), session.screen, file: file, line: line)
        XCTAssertTrue(
            Poll.until(seconds: 5) { sleepers.allSatisfy { kill($0, 0) != 0 } }, "the sleeper outlived ctrsh", file: file, line: line)
        XCTAssertEqual(Leftovers.processes(mentioning: sleeper), [], file: file, line: line)
        XCTAssertTrue(Poll.until(seconds: 5) { copies.allSatisfy { kill($0, 0) != 0 } }, "the matching copy outlived ctrsh", file: file, line: line)
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: session.pid), [], file: file, line: line)
        XCTAssertEqual(Leftovers.mounts(mentioning: root), [], file: file, line: line)
        XCTAssertEqual(Leftovers.state(ofSession: "\(session.pid)"), [], "state left", file: file, line: line)
    }

    /// The children of `pid` with its command name: ctrsh's forked copies.
    private static func copies(of pid: pid_t) -> [pid_t] {
        let name = FileText.readIfPresent("/proc/\(pid)/comm")
        let children = FileText.readIfPresent("/proc/\(pid)/task/\(pid)/children") ?? ""
        return children.split(separator: " ").compactMap { pid_t($0) }.filter {
            name != nil && FileText.readIfPresent("/proc/\($0)/comm") == name
        }
    }
}
