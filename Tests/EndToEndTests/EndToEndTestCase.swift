import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The base of the end-to-end tests: each test gets a scratch directory
/// under /tmp (`ctrsh-test-…`, with a busybox root in it for tests that
/// need a container), runs the built `ctrsh` there with its own `HOME`
/// and `XDG_DATA_HOME`, and afterwards checks that nothing was left: no
/// cgroup of any ctrsh it ran, no mount of its scratch directory, no child
/// process, no scratch directory.
class EndToEndTestCase: XCTestCase {
    /// This test's scratch directory.
    private(set) var scratch: String = ""
    /// Variables added to the environment of every ctrsh this test runs.
    var extraEnvironment: [String: String] = [:]
    /// Seconds before a ctrsh run is killed and reported as a timeout.
    var ctrshTimeout: Double = 60
    private var rootfs: TestRootfs?
    private var temporary: TemporaryDirectory?
    private var sessions: [pid_t] = []
    private var terminals: [TerminalSession] = []

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard CtrshBinary.isBuilt else {
            XCTFail("no ctrsh binary at \(CtrshBinary.path): build with `swift build --build-tests` first")
            throw XCTSkip("ctrsh is not built")
        }
        let directory = try TemporaryDirectory(prefix: "ctrsh-test-")
        temporary = directory
        scratch = directory.path
    }

    override func tearDown() {
        for terminal in terminals {
            terminal.terminate()
            sessions.append(terminal.pid)
        }
        terminals = []
        for pid in sessions {
            XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: pid), [], "cgroups of the ctrsh that ran as \(pid)")
            Leftovers.removeCgroups(ofSession: pid)
        }
        XCTAssertEqual(Leftovers.abandonedCtrshParents(), [], "a ctrsh parent cgroup left without a live session")
        for directory in [scratch, rootfs?.scratch].compactMap({ $0 }) where !directory.isEmpty {
            XCTAssertEqual(Leftovers.mounts(mentioning: directory), [], "mounts of \(directory)")
        }
        rootfs?.remove()
        temporary?.remove()
        ContainerProbe.assertNoChildren()
        super.tearDown()
    }

    /// A busybox root for this test (`ROOT`); skips the test when not root.
    func requireRootfs() throws -> String {
        if let rootfs { return rootfs.path }
        let made = try TestRootfs()
        rootfs = made
        return made.path
    }

    /// The directory holding the rootfs (its `rootfs/` is the root).
    var rootfsScratch: String? { rootfs?.scratch }

    /// Runs `ctrsh ARGUMENTS` with `input` on a pipe, in `directory`
    /// (default: the scratch directory).
    func ctrsh(_ arguments: String..., input: String = "", in directory: String? = nil) throws -> CtrshResult {
        try ctrsh(arguments, inputBytes: Array(input.utf8), in: directory)
    }

    /// Runs `ctrsh ARGUMENTS` with raw bytes on standard input.
    func ctrsh(_ arguments: [String], inputBytes: [UInt8], in directory: String? = nil) throws -> CtrshResult {
        let result = try runner(in: directory).run(arguments, inputBytes: inputBytes)
        sessions.append(result.pid)
        XCTAssertNotNil(result.status, "ctrsh timed out: \(result)")
        return result
    }

    /// Runs `ctrsh ARGUMENTS` inside `namespace` (`nsenter --net`): what it
    /// does to the host's network stays in a namespace the test made.
    func ctrsh(in namespace: TestNetworkNamespace, _ arguments: String..., input: String = "") throws -> CtrshResult {
        let argv = ["nsenter", "--net=\(namespace.path)", "--", CtrshBinary.path] + arguments
        let result = try runner().run(program: "/usr/bin/nsenter", argv, inputBytes: Array(input.utf8))
        sessions.append(result.pid)  // nsenter execs ctrsh: the same PID
        XCTAssertNotNil(result.status, "ctrsh timed out: \(result)")
        return result
    }

    /// Runs `program` (a copy of ctrsh, with its own `ctrsh-init` beside
    /// it) as ctrsh: for attacks that may change ctrsh's files, so that the
    /// build's own are never at stake. Checked for leftovers as any run.
    func ctrsh(program: String, _ arguments: String...) throws -> CtrshResult {
        let result = try runner().run(program: program, ["ctrsh"] + arguments)
        sessions.append(result.pid)
        XCTAssertNotNil(result.status, "ctrsh timed out: \(result)")
        return result
    }

    /// A runner with this test's environment.
    func runner(in directory: String? = nil) -> CtrshRunner {
        var runner = CtrshRunner(scratch: scratch, directory: directory ?? scratch)
        runner.environment.merge(extraEnvironment) { $1 }
        runner.timeout = ctrshTimeout
        return runner
    }

    /// Starts ctrsh at a new pseudo-terminal; it is killed in teardown if
    /// still running.
    func terminalSession(_ arguments: [String] = [], in directory: String? = nil, inputFromNull: Bool = false) throws -> TerminalSession {
        let session = try TerminalSession(
            arguments, scratch: scratch, directory: directory, extraEnvironment: extraEnvironment, inputFromNull: inputFromNull)
        terminals.append(session)
        return session
    }

    /// ctrsh at a new pseudo-terminal, showing its first prompt, with the
    /// line editor ready for keys.
    func startAtPrompt(in directory: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> TerminalSession {
        let session = try terminalSession(in: directory)
        XCTAssertTrue(session.waitFor(PromptTests.prompt), "no prompt; the screen shows:\n\(session.screen)", file: file, line: line)
        XCTAssertTrue(session.waitForLineEditor(), "the line editor never took the terminal", file: file, line: line)
        return session
    }

    /// Types `keys` once libedit has the terminal (it reads keys in its
    /// own mode only: typed earlier, in canonical mode, a TAB is lost) and
    /// asserts `text` appears after them.
    func typeAtPrompt(
        _ keys: String, into session: TerminalSession, expect text: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        session.mark()
        XCTAssertTrue(session.waitForLineEditor(), "the line editor never took the terminal", file: file, line: line)
        session.type(keys)
        XCTAssertTrue(session.waitFor(text), "after typing \(keys.debugDescription), no \(text.debugDescription) in:\n\(session.recent)",
                      file: file, line: line)
    }

    /// Types `keys` at `session` and asserts `text` appears after them.
    func type(
        _ keys: String, into session: TerminalSession, expect text: String, seconds: Double = 10,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        session.mark()
        session.type(keys)
        XCTAssertTrue(session.waitFor(text, seconds: seconds),
                      "after typing \(keys.debugDescription), no \(text.debugDescription) in:\n\(session.recent)", file: file, line: line)
    }

    /// The repository's root: the part of the binary's path before `/.build/`.
    var repository: String {
        let directory = CtrshBinary.directory
        guard let range = directory.firstRange(of: "/.build/") else { return directory }
        return String(directory[..<range.lowerBound])
    }

    /// Writes a file into the scratch directory and returns its path.
    @discardableResult
    func write(_ text: String, to name: String, mode: mode_t = 0o644) throws -> String {
        try temporary?.write(text, to: name, mode: mode)
        return scratch + "/" + name
    }

    /// Asserts ctrsh exited with `code`.
    func assertExit(
        _ result: CtrshResult, _ code: Int32, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(result.status, .exited(code), "\(message)\n\(result)", file: file, line: line)
    }
}
