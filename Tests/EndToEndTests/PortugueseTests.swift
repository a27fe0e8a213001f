import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// ctrsh speaks Portuguese: the talk's Portuguese demo, played as on stage,
/// says none of the English catalog's words; `--lang pt` and `LANG=pt_BR`
/// turn the shell's own words (help, parse and script errors) Portuguese,
/// and the English stays what it was.
final class PortugueseTests: EndToEndTestCase {
    /// The Portuguese demo (`lang pt` at its top) played unattended with a
    /// real busybox root: it passes its `expect` lines, no English phrase
    /// the catalog translates is left in what it printed, and every phrase
    /// it said has its Portuguese (`CTRSH_UNTRANSLATED` lists those that
    /// have none).
    func testPortugueseDemoSaysNoEnglishCatalogWords() throws {
        let root = try requireRootfs()
        let script = repository + "/scripts/demos/o-que-e-um-container.ctrsh"
        let untranslated = scratch + "/untranslated"
        extraEnvironment = ["CTRSH_UNTRANSLATED": untranslated]
        let result = try ctrsh("--demo", "--auto", "0", script, root)
        assertExit(result, 0, "the demo")
        let said = Set((FileText.readIfPresent(untranslated) ?? "").split(separator: "\n").map(String.init))
        XCTAssertEqual(said.sorted(), [], "phrases the demo said in English: add them to Words/pt/*.po")
        // A program's own complaints (busybox's `/bin/sh: can't fork:
        // Resource temporarily unavailable`) are its words, not ctrsh's.
        let printed = (result.stdout + "\n" + result.stderr).split(separator: "\n")
            .filter { !$0.hasPrefix("/bin/") }.joined(separator: "\n")
        XCTAssertTrue(printed.contains("\n  estado "), "`show` speaks Portuguese: \(printed)")
        let fragments = try Self.englishFragments(in: repository)
        XCTAssertGreaterThan(fragments.count, 100, "the catalog's keys were read")
        let english = fragments.filter { printed.contains($0) }
        let lines = printed.split(separator: "\n").filter { line in english.contains { line.contains($0) } }
        XCTAssertEqual(english, [], "English the Portuguese demo still says, in these lines:\n" + lines.joined(separator: "\n"))
    }

    /// Help, a parse error and a script error, in Portuguese when asked by
    /// `--lang pt` or by the locale; `FILE:LINE:COL: error:` stays as it is
    /// (editors and CI read it).
    func testShellWordsInPortugueseAndEnglishUnchanged() throws {
        let help = try ctrsh("--lang", "pt", "-c", "help")
        assertExit(help, 0, "help")
        XCTAssertTrue(help.stdout.hasPrefix("Comandos (`help COMANDO` para um deles):\n"), help.description)
        XCTAssertTrue(help.stdout.contains("a spec e o estado do contêiner atual"), help.description)

        let script = try write("ns new pid\nhostname 'demo\n", to: "quote.ctrsh")
        let portuguese = try ctrsh("--lang", "pt", script)
        assertExit(portuguese, 1, "unterminated quote")
        XCTAssertTrue(portuguese.stderr.contains("quote.ctrsh:2:10: error: aspa simples não fechada"), portuguese.description)
        let english = try ctrsh(script)
        XCTAssertTrue(english.stderr.contains("quote.ctrsh:2:10: error: unterminated single quote"), english.description)

        extraEnvironment = ["LANG": "pt_BR.UTF-8"]
        let typo = try ctrsh("-c", "nss new pid")
        XCTAssertTrue(typo.stderr.contains("error: comando desconhecido `nss` — você quis dizer `ns`?"), typo.description)
        extraEnvironment = [:]
        let typoInEnglish = try ctrsh("-c", "nss new pid")
        XCTAssertTrue(typoInEnglish.stderr.contains("error: unknown command `nss` — did you mean `ns`?"), typoInEnglish.description)
    }

    /// `CTRSH_UNTRANSLATED` lists what a run said without a translation:
    /// here a host program's own command (Examples/EmbeddedShell's
    /// `banner`), whose help has no Portuguese and falls back to English
    /// beside ctrsh's Portuguese.
    func testUntranslatedPhrasesAreListedForTranslators() throws {
        let program = repository + "/.build/debug/EmbeddedShell"
        guard access(program, X_OK) == 0 else { throw XCTSkip("\(program) is not built (swift build builds it)") }
        let untranslated = scratch + "/untranslated"
        extraEnvironment = ["LANG": "pt_BR.UTF-8", "CTRSH_UNTRANSLATED": untranslated]
        let result = try runner().run(program: program, ["EmbeddedShell", "help banner"])
        XCTAssertEqual(result.exitCode, 0, result.description)
        XCTAssertTrue(result.stdout.contains("banner — print a banner with the current container's name\nuso:\n"), result.description)
        let listed = (FileText.readIfPresent(untranslated) ?? "").split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(listed), ["print a banner with the current container's name", "print TEXT in a box"], result.description)
    }

    /// The literal parts of every English key the Portuguese catalog
    /// translates (the keys of `Catalog.portugueseEntries`, read from the
    /// compiled catalog), split at their facts (`%@`), keeping only those
    /// that are words: at least ten characters with a space in them, so
    /// that a lone `state` or `: %@` cannot match a program's output. A
    /// part the Portuguese keeps as it is (a command, `error:`) is no
    /// English left behind.
    static func englishFragments(in repository: String) throws -> [String] {
        let path = repository + "/Sources/Commands/Words/Catalog+Portuguese.swift"
        let text = try XCTUnwrap(FileText.readIfPresent(path), path)
        let lines = text.split(separator: "\n")
        var fragments: Set<String> = []
        for (index, line) in lines.enumerated() where line.hasPrefix("        \"") && line.hasSuffix("\":") && index + 1 < lines.count {
            let key = unescaped(line.dropFirst(9).dropLast(2))
            let portuguese = unescaped(lines[index + 1].drop { $0 == " " }.dropFirst().dropLast(2))
            for part in key.split(separator: "%@") {
                let literal = String(part.replacing("%%", with: "%").drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
                if literal.count >= 10 && literal.contains(" ") && !portuguese.contains(literal) { fragments.insert(literal) }
            }
        }
        return fragments.sorted()
    }

    /// A Swift string literal's body as the text it stands for.
    private static func unescaped(_ body: Substring) -> String {
        var text = ""
        var escaping = false
        for character in body {
            if escaping {
                switch character {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                text.append(character)
            }
        }
        return text
    }
}
