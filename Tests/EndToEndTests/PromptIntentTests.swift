import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 18 at a real pseudo-terminal: TAB offers what the command can
/// take in the session's state (running containers, set limits,
/// capability names, `$VAR`, the container's own PATH), `help` pages,
/// `history N` and `!N`, and the prompt's state after `kill`.
final class PromptIntentTests: EndToEndTestCase {
    private static let prompt = PromptTests.prompt

    /// `web` runs (started), `db` only composed, `default` current: `ns
    /// join net`, `exec`, `stop` and `ps` offer `web` alone; `pause web`
    /// makes `resume` offer it and `exec` no longer.
    func testTabOffersContainersInAStateWhereTheCommandApplies() throws {
        let root = try requireRootfs()
        let session = try startAtPrompt()
        typeAtPrompt("container new db; container new web; ns new pid,mnt,uts; rootfs use \(root); start; container use default\r",
                     into: session, expect: Self.prompt)
        typeAtPrompt("ns join net \t", into: session, expect: "ns join net web ")
        typeAtPrompt("\u{15}stop \t", into: session, expect: "stop web ")
        typeAtPrompt("\u{15}ps w\t", into: session, expect: "ps web ")
        // `exec we`: the running container `web`, not a program of the host.
        typeAtPrompt("\u{15}exec we\t", into: session, expect: "exec web ")
        // Its PATH is searched inside its root: busybox's `hostname` applet.
        typeAtPrompt("hostn\t", into: session, expect: "exec web hostname ")
        typeAtPrompt("\r", into: session, expect: "web\n" + Self.prompt)  // its hostname is its name by default
        typeAtPrompt("pause web\r", into: session, expect: Self.prompt)
        session.mark()
        XCTAssertTrue(session.waitForLineEditor())
        session.type("resume \t")
        XCTAssertTrue(session.waitFor("resume web "), session.recent)
        session.type("\u{15}exec w\t")
        XCTAssertTrue(session.waitFor("exec w"), session.recent)
        XCTAssertFalse(session.recent.contains("exec web"), "a paused container offered for exec: \(session.recent)")
        typeAtPrompt("\u{15}resume web\r", into: session, expect: Self.prompt)
        typeAtPrompt("quit\r", into: session, expect: "quit: stopping `web` (running): PID 1 (host PID ")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// Program names in the container's PATH are its to choose: escape
    /// sequences in them (a window title, here) reach the terminal neither
    /// in the list TAB shows nor in the word it inserts; a FIFO in PATH
    /// is not waited on.
    func testProgramNamesWithEscapeSequencesAreShownNotActedOn() throws {
        let root = try requireRootfs()
        for name in ["zz\u{1b}]2;pwned-a\u{7}", "zz\u{1b}]2;pwned-b\u{7}", "qq\u{1b}]2;pwned-c\u{7}"] {
            try FileText.create(root + "/bin/" + name, text: "")
            XCTAssertEqual(chmod(root + "/bin/" + name, 0o755), 0)
        }
        XCTAssertEqual(mkfifo(root + "/fifo", 0o644), 0)
        let session = try startAtPrompt()
        typeAtPrompt("ns new pid,mnt; rootfs use \(root); env PATH=/fifo:/bin; start\r", into: session, expect: "ctrsh[default:running]> ")
        let title = Array("\u{1b}]2;pwned".utf8)
        for (keys, shown) in [("exec zz\t\t", "zz\\x1b]2;pwned-b\\x07"), ("\u{15}exec qq\t", "exec qq^[]2\\;pwned-c^G")] {
            typeAtPrompt(keys, into: session, expect: shown)
            usleep(300_000)
            let bytes = session.recentBytes
            XCTAssertFalse(bytes.indices.contains { bytes[$0...].starts(with: title) }, "a file name of the container set the terminal's title: \(session.recent)")
        }
        typeAtPrompt("\u{15}quit\r", into: session, expect: "quit: stopping")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// A container without a pid namespace sees the host's PID 1 in its
    /// /proc: `/proc/1/root/` is a magic link to the host's root, which
    /// TAB, looking inside the container's root, must not list.
    func testTabDoesNotFollowProcMagicLinksOutOfTheRoot() throws {
        let root = try requireRootfs()
        XCTAssertEqual(access(root + "/work", F_OK), -1, "the busybox root has no /work")
        let session = try startAtPrompt()
        typeAtPrompt("ns new mnt; rootfs use \(root); start\r", into: session, expect: "ctrsh[default:running]> ")
        typeAtPrompt("exec /proc/1/root/wor\t", into: session, expect: "exec /proc/1/root/wor")
        usleep(500_000)
        XCTAssertFalse(session.recent.contains("/proc/1/root/work/"), "TAB listed the host's root: \(session.recent)")
        // The link itself is there to see: TAB lists it, as a link.
        typeAtPrompt("\u{15}exec /proc/1/roo\t", into: session, expect: "exec /proc/1/root ")
        typeAtPrompt("\u{15}quit\r", into: session, expect: "quit: stopping")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// Capability names after `cap add`/`cap drop`, item by item; the limits
    /// that are set after `cgroup unset`; `$VAR` names.
    func testTabCompletesCapabilitiesSetLimitsAndVariables() throws {
        let session = try startAtPrompt()
        typeAtPrompt("cap add sys_ad\t", into: session, expect: "cap add sys_admin ")
        typeAtPrompt("\u{15}cap drop net_raw,mkn\t", into: session, expect: "cap drop net_raw,mknod ")
        typeAtPrompt("\r", into: session, expect: Self.prompt)
        typeAtPrompt("cgroup set pids 20\r", into: session, expect: Self.prompt)
        typeAtPrompt("cgroup unset \t", into: session, expect: "cgroup unset pids ")
        typeAtPrompt("\r", into: session, expect: Self.prompt)
        typeAtPrompt("let GREETING=hello\r", into: session, expect: Self.prompt)
        typeAtPrompt("echo $GREE\t", into: session, expect: "echo $GREETING ")
        typeAtPrompt("\r", into: session, expect: "hello\n" + Self.prompt)
        typeAtPrompt("ns nwe pid\r", into: session, expect: "did you mean `new`?")
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// `help` is longer than a 24-line terminal: it stops at a screenful
    /// with the built-in pager's prompt; Space shows the rest, `q` leaves
    /// it. Its lines fit the terminal's 100 columns.
    func testHelpPagesAndWrapsAtTheTerminal() throws {
        extraEnvironment["PAGER"] = ""
        let session = try startAtPrompt()
        typeAtPrompt("help\r", into: session, expect: "--More--")
        XCTAssertFalse(session.recent.contains("quit"), "the whole list came at once: \(session.recent)")
        session.mark()
        session.type(" ")
        XCTAssertTrue(session.waitFor("leave;"), session.recent)
        XCTAssertTrue(session.waitFor(Self.prompt), session.recent)
        // The pager's own prompt is erased (`\r` and erase-line) before the next line is written.
        let lines = session.screen.split(separator: "\n").filter { !$0.contains("--More--") }
        XCTAssertTrue(lines.allSatisfy { $0.count <= 100 }, "a line wider than the terminal: \(lines.filter { $0.count > 100 })")
        typeAtPrompt("help\r", into: session, expect: "--More--")
        session.mark()
        session.type("q")
        XCTAssertTrue(session.waitFor(Self.prompt), session.recent)
        XCTAssertFalse(session.recent.contains("leave;"), "`q` went on: \(session.recent)")
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// SIGTERM while the built-in pager waits for a key ends the session,
    /// as it does at the prompt; nothing waits for a key for ever.
    func testSigtermWhilePagingEndsTheSession() throws {
        extraEnvironment["PAGER"] = ""
        let session = try startAtPrompt()
        typeAtPrompt("help\r", into: session, expect: "--More--")
        kill(session.pid, SIGTERM)
        XCTAssertEqual(session.waitForExit(), .exited(128 + SIGTERM), session.screen)
    }

    /// `$PAGER` takes the text when set.
    func testHelpGoesThroughPagerWhenSet() throws {
        extraEnvironment["PAGER"] = "sed 's/^/PAGED: /'"
        let session = try startAtPrompt()
        typeAtPrompt("help\r", into: session, expect: "PAGED: Commands (`help COMMAND` for one):")
        XCTAssertTrue(session.waitFor(Self.prompt), session.recent)
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// `history 2` lists the last two lines with their numbers; `!N` and
    /// `!!` run one again, shown first as bash shows it; a number without
    /// an entry is an error, and the prompt goes on.
    func testHistoryCountAndBang() throws {
        let session = try startAtPrompt()
        typeAtPrompt("echo first-line\r", into: session, expect: "first-line\n" + Self.prompt)
        typeAtPrompt("echo second-line\r", into: session, expect: "second-line\n" + Self.prompt)
        typeAtPrompt("history 2\r", into: session, expect: Self.prompt)
        XCTAssertTrue(session.recent.contains("2  echo second-line\n3  history 2\n"), session.recent)
        XCTAssertFalse(session.recent.contains("first-line"), session.recent)
        typeAtPrompt("!1\r", into: session, expect: "echo first-line\nfirst-line\n" + Self.prompt)
        typeAtPrompt("!!\r", into: session, expect: "echo first-line\nfirst-line\n" + Self.prompt)
        typeAtPrompt("!99\r", into: session, expect: "error: !99: no such history entry (entries are 1–")
        XCTAssertTrue(session.waitFor(Self.prompt), session.recent)
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// Right after `kill`, the prompt tells that PID 1 ended, not `:running`.
    func testPromptAfterKillIsNotRunning() throws {
        let root = try requireRootfs()
        let session = try startAtPrompt()
        typeAtPrompt("ns new pid,mnt; rootfs use \(root); exec -d /bin/sleep 300\r", into: session, expect: "ctrsh[default:running]> ")
        typeAtPrompt("kill KILL\r", into: session, expect: "kill: `default` PID 1 killed by SIGKILL (status 137)\n" + Self.prompt)
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// Ctrl-D with a container running says what it stops, as `quit` does.
    func testCtrlDSaysWhatItStops() throws {
        let root = try requireRootfs()
        let session = try startAtPrompt()
        typeAtPrompt("ns new pid,mnt; rootfs use \(root); start\r", into: session, expect: "ctrsh[default:running]> ")
        typeAtPrompt(PromptTests.ctrlD, into: session, expect: "exit: stopping `default` (running): PID 1 (host PID ")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// A container that never stops writing (`yes`) cannot keep `logs -f`
    /// from hearing Ctrl-C: the prompt comes back.
    func testLogsFollowOfEndlessOutputStopsAtCtrlC() throws {
        let root = try requireRootfs()
        let session = try startAtPrompt()
        typeAtPrompt("ns new pid,mnt; rootfs use \(root); exec -d /bin/sh -c 'yes flood'\r",
                     into: session, expect: "ctrsh[default:running]> ")
        typeAtPrompt("logs -f\r", into: session, expect: "flood\nflood\n")
        session.mark()
        session.type("\u{3}")
        XCTAssertTrue(session.waitFor("ctrsh[default:running]> ", seconds: 30), "no prompt after Ctrl-C")
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), "ctrsh did not leave")
    }

    /// `logs -f` follows until Ctrl-C, and the prompt comes back.
    func testLogsFollowStopsAtCtrlC() throws {
        let root = try requireRootfs()
        let session = try startAtPrompt()
        typeAtPrompt("ns new pid,mnt; rootfs use \(root); exec -d /bin/sh -c 'echo begun; sleep 300'\r",
                     into: session, expect: "ctrsh[default:running]> ")
        typeAtPrompt("logs -f\r", into: session, expect: "begun\n")
        session.mark()
        session.type("\u{3}")
        XCTAssertTrue(session.waitFor("ctrsh[default:running]> "), session.recent)
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }
}
