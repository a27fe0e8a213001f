import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Live containers through the built `ctrsh`: the issue-4 transcript as a
/// checked script, the state in the prompt, and bad input that fails with
/// one clear line and changes nothing. Needs root.
final class LiveContainerEndToEndTests: EndToEndTestCase {
    /// The transcript of issue 4, each step checked by an `expect`; `$1` is the root.
    static let transcript = #"""
        container new web
        ns new pid,uts,mnt,ipc
        rootfs use $1
        start
        exec -d /bin/sleep 300
        expect output contains "exec: started PID"
        ps
        expect output matches '^ +PID +HOST PID +USER +COMMAND$'
        expect output matches '^ +1 +[0-9]+ +root +.*ctrsh'
        expect output matches '^ +2 +[0-9]+ +root +/bin/sleep 300$'
        ns show
        expect output matches '^ +pid +([0-9]+) +[0-9]+ +new$'
        expect output matches '^ +net +([0-9]+) +\1 +shared with host$'
        cgroup set memory 48M
        cgroup show
        expect output matches '^ +memory +48M limit, [0-9.]+[KMG]? current, [0-9.]+[KMG]? peak, 0 OOM kills$'
        expect output matches '^ +pids +2 current, no limit$'
        pause
        container ls
        expect output matches '^ +\*web +paused +[0-9]+ +.* +memory 48M +/'
        resume
        container ls
        expect output matches '^ +\*web +running +[0-9]+ '
        container new db
        ns new uts,pid
        ns join net web
        start
        exec readlink /proc/self/ns/net
        ns show
        expect output matches '^ +net +[0-9]+ +[0-9]+ +joined \(web\)$'
        container ls
        expect output matches '^ +web +running +[0-9]+ '
        expect output matches '^ +\*db +running +[0-9]+ +.*net=web'
        stop web
        expect output contains "stop: `web` PID 1 exited with status 0"
        container ls
        expect output matches '^ +web +exited 0 '
        expect output matches '^ +\*db +running '
        """#

    func testTheIssueTranscriptRunsAsAScript() throws {
        let root = try requireRootfs()
        let script = try write(Self.transcript, to: "transcript.ctrsh")
        let result = try ctrsh(script, root)
        assertExit(result, 0)
        // web has no net namespace of its own, so db joins the host's: said since issue 18.
        XCTAssertEqual(result.stderr,
                       "warning: ns join: `web` has no net namespace of its own: it shares the host's, and so will `db` (give `web` one with `ns new net` before it starts)\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains(ContainerProbe.hostInode(.net)), "db is in web's net namespace (the host's): \(result)")

        // The processes `ps` listed: small PIDs inside, others on the host, all gone now.
        let rows = lines.map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count >= 4 && ["1", "2"].contains($0[0]) && $0[2] == "root" }
        XCTAssertEqual(rows.map { $0[0] }, ["1", "2"], "\(result)")
        for row in rows {
            let host = try XCTUnwrap(pid_t(row[1]))
            XCTAssertNotEqual(String(host), row[0])
            XCTAssertEqual(kill(host, 0), -1, "host PID \(host) outlived the session")
        }
        XCTAssertEqual(Leftovers.state(ofSession: "\(result.pid)"), [], "state of the session")
    }

    func testThePromptShowsWhetherTheContainerRunsOrIsPaused() throws {
        let root = try requireRootfs()
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor("ctrsh[default]> "), session.screen)
        type("container new web\r", into: session, expect: "ctrsh[web]> ")
        type("ns new pid,mnt\r", into: session, expect: "ctrsh[web]> ")
        type("rootfs use \(root)\r", into: session, expect: "ctrsh[web]> ")
        type("start\r", into: session, expect: "ctrsh[web:running]> ")
        type("pause\r", into: session, expect: "ctrsh[web:paused]> ")
        type("pause\r", into: session, expect: "error: pause: `web` is paused already\nctrsh[web:paused]> ")
        type("resume\r", into: session, expect: "ctrsh[web:running]> ")
        type("stop\r", into: session, expect: "stop: `web` PID 1 exited with status 0\nctrsh[web]> ")
        type("container ls\r", into: session, expect: "exited 0")
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// Each bad line, and the one `error:` line it must give.
    private static let badInput: [(line: String, error: String)] = [
        ("stop", "stop: `web` is not running"),
        ("start", ""),
        ("pause", ""),
        ("pause", "pause: `web` is paused already"),
        ("exec /bin/true", "exec: `web` is paused, and a process started in it would freeze at once: `resume` it first"),
        ("resume", ""),
        ("container use nosuch", "container use: no container `nosuch` (containers: default, web)"),
        ("ns join net 999999", "ns join: no net namespace at `/proc/999999/ns/net` (is the process gone?)"),
        ("ns new net", "ns new: `web` is running, and this cannot change while it runs"),
        ("stop", ""),
        ("stop", "stop: `web` is not running"),
    ]

    func testBadInputFailsWithOneLineAndChangesNothing() throws {
        let root = try requireRootfs()
        XCTAssertEqual(kill(999999, 0), -1, "PID 999999 must not exist")
        let setup = "container new web\nns new pid,mnt\nrootfs use \(root)\n"
        // In a script, `expect error` after each bad line; the state is checked after each.
        var script = setup
        for (line, error) in Self.badInput {
            script += line + "\n" + (error.isEmpty ? "" : "expect error contains \"\(error)\"\n")
            script += "container ls\nexpect output matches '^ +\\*web +[a-z]'\nns show\nexpect output matches '^ +net +([0-9]+) +(\\1|-) +shared with host$'\n"
        }
        let checked = try ctrsh(try write(script + "echo done\n", to: "bad.ctrsh"))
        assertExit(checked, 0)
        XCTAssertTrue(checked.stdout.hasSuffix("done\n"), "\(checked)")
        for (_, error) in Self.badInput where !error.isEmpty {
            XCTAssertTrue(checked.stderr.contains(error), "no `\(error)` in \(checked)")
        }

        // On standard input with --keep-going: exactly one `error:` line per bad line.
        let input = setup + Self.badInput.map(\.line).joined(separator: "\n") + "\n"
        let kept = try ctrsh("--keep-going", input: input)
        assertExit(kept, 1)
        let wanted = Self.badInput.enumerated().filter { !$0.element.error.isEmpty }.map { index, bad in
            (index + 4, bad.error)
        }
        let errors = kept.errorLines
        XCTAssertEqual(errors.count, wanted.count, "\(kept)")
        for ((number, error), line) in zip(wanted, errors) {
            XCTAssertTrue(line.hasPrefix("<stdin>:\(number):"), "line \(number): \(line)")
            XCTAssertTrue(line.contains(": error: " + error), "line \(number): \(line)")
        }
    }

    func testAJoinFollowsItsContainerAcrossARestart() throws {
        let root = try requireRootfs()
        let script = #"""
            container new web
            ns new pid,net,mnt
            rootfs use $1
            start
            container new db
            ns new pid
            ns join net web
            stop web
            start
            expect error contains "`db` shares the net namespace of `web`, which is not running: start it first"
            container use web
            start
            container use db
            start
            ns show
            expect output matches '^ +net +[0-9]+ +([0-9]+) +joined \(web\)$'
            container use web
            ns show
            stop
            container use db
            stop
            ns new net
            container ls
            expect output matches '^ +\*db +exited 0 +- +pid,net +'
            ns join net /proc/self/ns/net
            container ls
            expect output matches '^ +\*db +exited 0 +- +pid,net=/proc/self/ns/net +'
            ns rm net
            container ls
            expect output matches '^ +\*db +exited 0 +- +pid +'
            """#
        let result = try ctrsh(try write(script, to: "rejoin.ctrsh"), root)
        assertExit(result, 0)
        // db's net namespace inode is the one web had after its restart.
        let netRows = result.stdout.split(separator: "\n").filter { $0.contains(" net ") }.map { $0.split(separator: " ") }
        XCTAssertEqual(netRows.count, 2, "\(result)")
        XCTAssertEqual(netRows.first?[2], netRows.last?[2], "\(result)")
    }

    private func type(
        _ keys: String, into session: TerminalSession, expect text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        session.mark()
        session.type(keys)
        XCTAssertTrue(session.waitFor(text), "after typing \(keys.debugDescription), no \(text.debugDescription) in:\n\(session.recent)",
                      file: file, line: line)
    }

    /// Issue 20: `logs` read the whole log into memory (twice: bytes and
    /// text), so a 200 MB log cost ctrsh 400 MB. It streams now: ctrsh's
    /// peak resident memory (VmHWM, read by a `host` child from its
    /// parent's /proc status) stays far below the log's size. The log's
    /// cap is raised to hold the 200 MB whole.
    func testLogsOfA200MBLogStreamsInSmallMemory() throws {
        let root = try requireRootfs()
        let size = 200 << 20
        let report = scratch + "/vmhwm"
        let script = """
            ns new pid,mnt
            rootfs use \(root)
            start
            exec -d /bin/sh -c 'head -c \(size) /dev/zero | tr "\\\\0" x; echo; echo end-of-log'
            host /bin/sh -c 'while ! tail -c 11 /run/ctrsh/$PPID/default.log | grep -q end-of-log; do sleep 0.1; done'
            logs
            host /bin/sh -c 'wc -c < /run/ctrsh/$PPID/default.log > \(report).size; grep VmHWM /proc/$PPID/status > \(report)'
            """
        var runner = runner()
        runner.environment["CTRSH_LOG_MAX"] = "256M"
        runner.timeout = 180
        // ctrsh's standard output goes to /dev/null, not through the test.
        let result = try runner.run(program: "/bin/sh", ["sh", "-c", "exec \"$0\" -c \"$1\" > /dev/null", CtrshBinary.path, script])
        XCTAssertEqual(result.status, .exited(0), result.description)
        XCTAssertEqual(try FileText.read(report + ".size"), "\(size + 12)\n", "the whole log was kept")
        let line = try FileText.read(report)
        let kilobytes = try XCTUnwrap(line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }, line)
        XCTAssertLessThan(kilobytes, 100 << 10, "ctrsh's peak resident memory after `logs` of a 200 MB log: \(line)")
    }
}
