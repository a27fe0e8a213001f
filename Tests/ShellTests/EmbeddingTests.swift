import CtrCommands
import CtrRuntime
import CtrShell
import Glibc
import XCTest

/// A host program's view of CtrShell: its own command beside the built-in
/// ones, with help, completion, argument checking and scripts, as in the
/// embedding example in docs/embedding.md (Examples/EmbeddedShell).
final class EmbeddingTests: XCTestCase {
    private var pipeFDs: [Int32] = [-1, -1]
    private var shell: Shell!

    override func setUpWithError() throws {
        XCTAssertEqual(pipe(&pipeFDs), 0)
        _ = fcntl(pipeFDs[0], F_SETFL, O_NONBLOCK)
        let output = Output(standardOutput: pipeFDs[1], standardError: pipeFDs[1])
        shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "embed-\(getpid())", cgroups: nil), output: output))
        let name = Operand("NAME", .text)
        let loud = Switch("--loud", summary: "shout")
        shell.register(CommandFamily(
            "greet", summary: "greet someone from the current container",
            examples: ["greet world"],
            verbs: [
                Verb([name], flags: [loud], summary: "print a greeting") { args in
                    let name = args[name]
                    let loud = args[loud]
                    return { session in
                        let text = "hello \(name) from \(session.current.name)"
                        session.output.line(verbatim: loud ? text.uppercased() : text)
                    }
                },
            ]))
    }

    override func tearDown() {
        shell?.close()
        close(pipeFDs[0])
        close(pipeFDs[1])
    }

    private func printed() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(pipeFDs[0], &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testHostCommandRunsBesideBuiltins() {
        XCTAssertEqual(shell.run("let WHO=world; greet $WHO; greet --loud you"), .finished(failures: 0))
        XCTAssertEqual(printed(), "hello world from default\nHELLO YOU FROM DEFAULT\n")
    }

    func testHostCommandGetsHelpCompletionAndArgumentErrors() {
        shell.run("help greet")
        let help = printed()
        XCTAssertTrue(help.contains("greet — greet someone from the current container"), help)
        XCTAssertTrue(help.contains("greet [--loud] NAME"), help)
        shell.run("help")
        XCTAssertTrue(printed().contains("  greet "))
        XCTAssertEqual(CompletionEngine(session: shell.session).complete("gre").insertion, "et ")
        XCTAssertEqual(CompletionEngine(session: shell.session).complete("greet --l").insertion, "oud ")
        XCTAssertEqual(shell.run("greet"), .finished(failures: 1))
        XCTAssertEqual(printed(), "error: greet: missing NAME (usage: greet [--loud] NAME)\n")
        XCTAssertEqual(shell.run("gret x"), .finished(failures: 1))
        XCTAssertEqual(printed(), "error: unknown command `gret` — did you mean `greet`?\n")
    }

    /// A host program's own kind: the parser converts its words once and
    /// puts an error at the word, as for the built-in kinds.
    func testAHostCommandsOwnKindConvertsItsWordAndPointsAtIt() {
        let times = Operand("N", ValueKind<Int>(.integer) { word, site throws(CommandError) in
            guard let count = Int(word), (1...3).contains(count) else {
                throw site.error("\(site.command): `\(word)` is not 1, 2 or 3")
            }
            return count
        })
        let text = Operand("TEXT", .text)
        shell.register(CommandFamily("say", summary: "say TEXT N times", verbs: [
            Verb([times, text], summary: "say it") { args in
                let (count, text) = (args[times], args[text])
                return { session in for _ in 0..<count { session.output.line(verbatim: text) } }
            },
        ]))
        XCTAssertEqual(shell.run("say 2 hi"), .finished(failures: 0))
        XCTAssertEqual(printed(), "hi\nhi\n")
        XCTAssertEqual(shell.run("echo x\nsay 7 hi", origin: .file("say.ctrsh")), .stopped)
        XCTAssertEqual(printed(), "x\nsay.ctrsh:2:5: error: say: `7` is not 1, 2 or 3\n")
    }

    func testScriptsStopAtTheFailingHostCommand() {
        let outcome = shell.run("greet a\ngreet a b\ngreet c", origin: .file("demo.ctrsh"))
        XCTAssertEqual(outcome, .stopped)
        XCTAssertEqual(printed(), "hello a from default\ndemo.ctrsh:2:9: error: greet: unexpected argument `b` (usage: greet [--loud] NAME)\n")
    }
}
