import CtrCommands
import CtrRuntime
@testable import CtrShell
import XCTest

/// The shell's own errors are `Diagnosable`: their words come from the
/// catalog in the session's language, their facts stay, and a script's
/// `FILE:LINE:COL: error:` prefix is the same in every language.
final class ShellWordsTests: XCTestCase {
    func testLexAndScriptTextErrorsAreWordedByTheCatalog() {
        let quote = LexError(.unterminatedSingleQuote, at: SourceLocation(line: 1, column: 1))
        XCTAssertEqual(Diagnostics.message(for: quote, in: .english), "unterminated single quote")
        XCTAssertEqual(Diagnostics.message(for: quote, in: .portuguese), "aspa simples não fechada")
        let variable = LexError(.unknownVariable("HOST"), at: SourceLocation(line: 1, column: 1))
        XCTAssertEqual(variable.hintPhrase?.text(in: .portuguese), "defina-a com `let HOST=VALUE`")
        let utf8 = TextCheck.firstProblem(in: [0x61, 0xff, 0x0a], name: "`x.ctrsh`")
        XCTAssertEqual(
            utf8?.report(name: "x.ctrsh").text(in: .portuguese),
            "x.ctrsh:1:2: error: UTF-8 inválido (byte 0xff): o texto-fonte do ctrsh é UTF-8; converta-o (iconv -t UTF-8)")
        XCTAssertEqual(
            utf8?.report(name: "x.ctrsh").text(in: .english),
            "x.ctrsh:1:2: error: invalid UTF-8 (byte 0xff): ctrsh source text is UTF-8; convert it (iconv -t UTF-8)")
    }

    func testScriptErrorsAreSaidInTheSessionsLanguage() throws {
        let captured = CapturedOutput()
        let shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "shell-words-\(getpid())", cgroups: nil), output: captured.output))
        defer { shell.close() }
        shell.session.language = .portuguese
        XCTAssertEqual(shell.run("echo 'open", origin: .file("t.ctrsh")), .stopped)
        XCTAssertEqual(captured.printed(), "t.ctrsh:1:6: error: aspa simples não fechada\n")
        XCTAssertEqual(shell.run("ns new pid\nexpect error", origin: .file("t.ctrsh")), .stopped)
        XCTAssertEqual(captured.printed(), "t.ctrsh:2:1: error: expect error: o comando anterior deu certo\n")
        shell.session.language = .english
        XCTAssertEqual(shell.run("echo 'open", origin: .file("t.ctrsh")), .stopped)
        XCTAssertEqual(captured.printed(), "t.ctrsh:1:6: error: unterminated single quote\n")
    }
}
