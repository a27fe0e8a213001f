import CtrCommands
import CtrRuntime
import CtrShell
import XCTest

/// `help` speaks Portuguese: every summary and help text of every command
/// the shell has (the built-in ones and the shell's own `source`,
/// `history`, `record`) has its Portuguese in the catalog, and `help`
/// says it in the session's language.
final class HelpWordsTests: XCTestCase {
    private var captured: CapturedOutput!
    private var shell: Shell!

    override func setUp() {
        captured = CapturedOutput()
        shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "help-words-\(getpid())", cgroups: nil), output: captured.output))
    }

    override func tearDown() {
        shell?.close()
    }

    /// Walks the registry: a command added, or a summary changed, without
    /// its Portuguese fails here, naming what is missing.
    func testEveryDeclarationTextHasItsPortuguese() {
        let families = shell.session.registry.families
        XCTAssertGreaterThan(families.count, 30, "the registry holds the built-in commands")
        let missing = families.flatMap { family in
            family.helpTexts.filter { Catalog.portugueseEntries[Phrase(stringLiteral: $0).key] == nil }.map { "\(family.name): \($0)" }
        }
        XCTAssertEqual(missing, [], "add these to Sources/Commands/Words/pt/commands.po (msgid the English, %% for a %), then run scripts/generate-catalog")
    }

    func testHelpIsSaidInTheSessionsLanguage() throws {
        shell.session.language = .portuguese
        shell.run("help")
        let list = captured.printed()
        XCTAssertTrue(list.hasPrefix("Comandos (`help COMANDO` para um deles):\n"), list)
        let cgroup = try XCTUnwrap(shell.session.registry.family(named: "cgroup"))
        XCTAssertTrue(list.contains(Catalog.translate(cgroup.summary, to: .portuguese)), list)
        XCTAssertFalse(list.contains(cgroup.summary), "the English summary: \(list)")

        shell.run("help ns")
        let ns = captured.printed()
        XCTAssertTrue(ns.contains("uso:\n  ns new LIST"), ns)
        XCTAssertTrue(ns.contains("exemplos:\n  ns new pid,uts,mnt"), "examples are commands and stay: \(ns)")

        shell.run("help nss")
        XCTAssertTrue(captured.printed().contains("help: não há comando `nss` — você quis dizer `ns`?"))
    }

    func testEnglishHelpIsUnchanged() throws {
        shell.session.language = .english
        shell.run("help")
        let list = captured.printed()
        XCTAssertTrue(list.hasPrefix("Commands (`help COMMAND` for one):\n"), list)
        shell.run("help nss")
        XCTAssertTrue(captured.printed().contains("help: no command `nss` — did you mean `ns`?"))
    }

    /// Parse errors of the registry, the argument parser and the value
    /// parsers come out in Portuguese; their facts (the words typed) stay.
    func testParseErrorsAreSaidInPortuguese() {
        shell.session.language = .portuguese
        let cases: [(String, String)] = [
            ("nss new pid", "comando desconhecido `nss` — você quis dizer `ns`?"),
            ("ns nwe pid", "ns: subcomando desconhecido `nwe` — você quis dizer `new`?"),
            ("ns new", "ns new: falta LIST"),
            ("cgroup set memory lots", "`lots` não é um tamanho"),
            ("ns new pid,,uts", "tem um item vazio"),
            ("ns new pdi", "`pdi` não é um tipo de namespace — você quis dizer `pid`?"),
        ]
        for (line, words) in cases {
            shell.run(line)
            let said = captured.printed()
            XCTAssertTrue(said.contains(words), "\(line): \(said)")
        }
    }
}
