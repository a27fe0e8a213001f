import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The terminal escape of issue 20: a foreground container that shared
/// ctrsh's terminal and session could push `host touch …` into ctrsh's
/// prompt with `ioctl(TIOCSTI)` (CVE-2017-5226), which ran it on the host
/// as root; without the prompt, the keys waited for the user's shell.
/// Each test makes the attack from a real container at a real
/// pseudo-terminal and checks that it stays inside: the seccomp filter
/// refuses TIOCSTI, and without the filter the keys land in the container's
/// own pseudo-terminal (or, without a terminal, there is none to push them
/// into). On the old code every one of them gets out. Needs root, gcc.
final class TerminalEscapeTests: EndToEndTestCase {
    /// A host path the injected command would create.
    private var marker: String { scratch + "/PWNED" }
    /// The prompt while the container runs.
    private let running = "ctrsh[default:running]> "

    /// A root with the probe in it.
    private func probeRoot() throws -> String {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        return root
    }

    /// `ctrsh ARGUMENTS` at its prompt, composing a container of `root`.
    private func prompt(root: String, _ arguments: [String] = []) throws -> TerminalSession {
        let session = try terminalSession(arguments)
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("ns new pid,mnt\r", into: session, expect: PromptTests.prompt)
        type("rootfs use \(root)\r", into: session, expect: PromptTests.prompt)
        return session
    }

    /// A session at the prompt with a container of the probe's root.
    private func promptWithContainer(seccomp: String) throws -> TerminalSession {
        let session = try prompt(root: try probeRoot())
        type("seccomp \(seccomp)\r", into: session, expect: PromptTests.prompt)
        return session
    }

    /// `quit`, and ctrsh leaves with status 0.
    private func quit(_ session: TerminalSession, file: StaticString = #filePath, line: UInt = #line) {
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen, file: file, line: line)
    }

    /// `ctrsh` at its prompt has read and run nothing it was not typed:
    /// one more command shows the prompt is still in order, then no file.
    private func assertNothingRanOnTheHost(_ session: TerminalSession, file: StaticString = #filePath, line: UInt = #line) {
        type("echo prompt in order\r", into: session, expect: "prompt in order\n" + PromptTests.prompt, file: file, line: line)
        XCTAssertEqual(access(marker, F_OK), -1, "the injected `host touch` ran on the host:\n\(session.screen)", file: file, line: line)
        XCTAssertFalse(session.screen.contains(PromptTests.prompt + "host touch"), "ctrsh's prompt read the injected keys:\n\(session.screen)",
                       file: file, line: line)
    }

    func testTIOCSTIFromAContainerAtThePromptIsRefusedBySeccomp() throws {
        let session = try promptWithContainer(seccomp: "default")
        // Through standard input, and through the controlling terminal.
        type("exec /bin/escape-probe tiocsti 'host touch \(marker)'\r", into: session, expect: "tiocsti: EPERM\n" + PromptTests.prompt)
        type("exec /bin/escape-probe tiocsti-tty 'host touch \(marker)'\r", into: session, expect: "tiocsti-tty: EPERM\n" + PromptTests.prompt)
        // `exec` into a running container gets the same filter and terminal.
        type("start\r", into: session, expect: running)
        type("exec /bin/escape-probe tiocsti 'host touch \(marker)'\r", into: session, expect: "tiocsti: EPERM\n" + running)
        type("stop\r", into: session, expect: PromptTests.prompt)
        assertNothingRanOnTheHost(session)
        quit(session)
    }

    func testWithoutSeccompTheKeysLandInTheContainersOwnTerminal() throws {
        let session = try promptWithContainer(seccomp: "off")
        type("exec /bin/escape-probe tiocsti 'host touch \(marker)'\r", into: session, expect: "tiocsti: ok\n" + PromptTests.prompt)
        assertNothingRanOnTheHost(session)
        // Where they went: the container's own terminal, whose next reader
        // is the container itself.
        let script = #"/bin/escape-probe tiocsti "echo injected"; read line; echo "the container read: $line""#
        type("exec /bin/sh -c '\(script)'\r", into: session, expect: "the container read: echo injected\n" + PromptTests.prompt)
        type("start\r", into: session, expect: running)
        type("exec /bin/escape-probe tiocsti-tty 'host touch \(marker)'\r", into: session, expect: "tiocsti-tty: ok\n" + running)
        type("stop\r", into: session, expect: PromptTests.prompt)
        assertNothingRanOnTheHost(session)
        quit(session)
    }

    /// A script run at a terminal: ctrsh reads no keys, so pushed ones
    /// would wait in the terminal for the user's shell once ctrsh exits.
    func testAScriptAtATerminalLeavesNoKeysInIt() throws {
        let root = try probeRoot()
        let script = try write("""
            ns new pid,mnt
            rootfs use \(root)
            exec /bin/escape-probe tiocsti "host touch \(marker)"
            seccomp off
            exec /bin/escape-probe tiocsti "host touch \(marker)"
            exec /bin/escape-probe tiocsti-tty "host touch \(marker)"
            echo script done

            """, to: "inject.ctrsh")
        let session = try terminalSession([script])
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
        let lines = session.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(lines.filter { $0.hasPrefix("tiocsti") }, ["tiocsti: EPERM", "tiocsti: ok", "tiocsti-tty: ok"], session.screen)
        XCTAssertTrue(lines.contains("script done"), session.screen)
        XCTAssertEqual(session.terminal.unreadInput, 0, "keys wait in the user's terminal:\n\(session.screen)")
        XCTAssertEqual(access(marker, F_OK), -1)
    }

    /// A script whose input is not a terminal, while its output is: the
    /// container has no controlling terminal at all (a session of its own).
    func testAScriptWithoutTerminalInputGivesTheContainerNoControllingTerminal() throws {
        let root = try probeRoot()
        let script = try write("""
            ns new pid,mnt
            rootfs use \(root)
            seccomp off
            exec /bin/escape-probe tiocsti-tty "host touch \(marker)"
            exec /bin/escape-probe tiocsti "host touch \(marker)"
            echo script done

            """, to: "inject.ctrsh")
        let session = try terminalSession([script], inputFromNull: true)
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
        let lines = session.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // No /dev/tty to open (ENXIO), and standard input, /dev/null, is no terminal.
        XCTAssertEqual(lines.filter { $0.hasPrefix("tiocsti") }, ["tiocsti-tty: ENXIO", "tiocsti: ENOTTY"], session.screen)
        XCTAssertTrue(lines.contains("script done"), session.screen)
        XCTAssertEqual(session.terminal.unreadInput, 0, "keys wait in the user's terminal:\n\(session.screen)")
        XCTAssertEqual(access(marker, F_OK), -1)
    }

    /// The container holds the slave side on 0, 1 and 2 and nothing else of
    /// ctrsh's (no master, which would let it read and type for the user),
    /// and its /dev/pts is an instance of its own: the slave is there, and
    /// none of the host's terminals.
    func testTheContainerHoldsOnlyTheSlaveAndSeesNoHostTerminal() throws {
        let root = try requireRootfs()
        let session = try prompt(root: root)
        type("exec /bin/sh -c 'for fd in /proc/$$/fd/*; do echo \"fd ${fd#/proc/*/}: $(readlink $fd)\"; done; ls -1 /dev/pts'\r",
             into: session, expect: PromptTests.prompt)
        let lines = session.recent.split(separator: "\n").map(String.init)
        let descriptors = lines.filter { $0.hasPrefix("fd fd/") }
        let standard = ["fd fd/0:", "fd fd/1:", "fd fd/2:"]
        let targets = Set(descriptors.filter { line in standard.contains { line.hasPrefix($0) } }
            .map { $0.split(separator: " ").last.map(String.init) ?? "" })
        XCTAssertEqual(targets.count, 1, "0, 1 and 2 are one terminal: \(descriptors)")
        let slave = targets.first ?? ""
        XCTAssertTrue(slave.hasPrefix("/dev/pts/"), "\(descriptors)")
        // Anything else is the shell's own pipe for `$(readlink …)`.
        let others = descriptors.filter { line in !standard.contains { line.hasPrefix($0) } }
        XCTAssertTrue(others.allSatisfy { $0.contains(": pipe:[") }, "ctrsh's descriptor reached the container: \(descriptors)")
        let entries = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(entries.filter { $0 == "ptmx" }.count, 1, session.recent)
        let terminals = entries.filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        XCTAssertEqual(terminals.map { "/dev/pts/" + $0 }, [slave], "the container's /dev/pts holds its own terminal only: \(session.recent)")
        quit(session)
    }

    /// A running container's root can replace its /dev/ptmx before an
    /// `exec` into it, which opens the terminal there: a FIFO (which could
    /// block the opener forever), a regular file and another device are
    /// refused with a clear error, nothing is relayed, and the prompt goes on.
    func testAPtmxPlantedByARunningContainerIsRefused() throws {
        let session = try prompt(root: try requireRootfs())
        type("start\r", into: session, expect: running)
        let refused = "is not the pseudo-terminal multiplexer"
        let plants = ["mkfifo /dev/ptmx", "echo planted > /dev/ptmx", "mknod /dev/ptmx c 1 3"]
        for plant in plants {
            type("exec -d /bin/sh -c 'rm -f /dev/ptmx; \(plant)'\r", into: session, expect: running)
            // The plant runs detached: try until the exec meets it.
            var answer = ""
            for _ in 0..<20 where !answer.contains(refused) {
                session.mark()
                type("exec /bin/sh -c 'echo out$((6*7))'\r", into: session, expect: running)
                answer = session.recent
                if !answer.contains(refused) { usleep(300_000) }
            }
            XCTAssertTrue(answer.contains(refused), "`\(plant)`: no refusal in:\n\(answer)")
            XCTAssertFalse(answer.contains("out42"), "`\(plant)`: the program ran:\n\(answer)")
        }
        // Restored, the terminal comes back (once the detached `ln` has run).
        type("exec -d /bin/ln -sf pts/ptmx /dev/ptmx\r", into: session, expect: running)
        var answer = ""
        for _ in 0..<20 where !answer.contains("/dev/pts/") {
            session.mark()
            type("exec tty\r", into: session, expect: running)
            answer = session.recent
            if !answer.contains("/dev/pts/") { usleep(300_000) }
        }
        XCTAssertTrue(answer.contains("/dev/pts/"), "no terminal after restoring /dev/ptmx:\n\(answer)")
        type("stop\r", into: session, expect: PromptTests.prompt)
        type("echo prompt in order\r", into: session, expect: "prompt in order\n" + PromptTests.prompt)
        quit(session)
    }

    /// The container's terminal follows ctrsh's: its size at the start,
    /// and every resize (SIGWINCH) after.
    func testSttySizeInTheContainerFollowsAResize() throws {
        let root = try requireRootfs()
        let session = try prompt(root: root)
        type("exec /bin/sh\r", into: session, expect: "# ")
        type("stty size\r", into: session, expect: "24 100\n")
        session.terminal.resize(rows: 40, columns: 120)
        usleep(200_000)
        type("stty size\r", into: session, expect: "40 120\n")
        type("exit\r", into: session, expect: PromptTests.prompt)
        quit(session)
    }

    /// Under `--cast` (issue 15): the resize reaches the container through
    /// both pseudo-terminals and is recorded as an asciicast `r` event.
    func testUnderCastTheResizeReachesTheContainerAndIsRecorded() throws {
        let root = try requireRootfs()
        let cast = scratch + "/session.cast"
        let session = try prompt(root: root, ["--cast", cast])
        type("exec /bin/sh\r", into: session, expect: "# ")
        type("stty size\r", into: session, expect: "24 100\n")
        session.terminal.resize(rows: 30, columns: 90)
        usleep(200_000)
        type("stty size\r", into: session, expect: "30 90\n")
        type("exit\r", into: session, expect: PromptTests.prompt)
        quit(session)
        let events = try FileText.read(cast).split(separator: "\n").dropFirst()
        XCTAssertTrue(events.contains { $0.hasSuffix(#", "r", "90x30"]"#) }, "no resize event in:\n\(events.joined(separator: "\n"))")
    }
}
