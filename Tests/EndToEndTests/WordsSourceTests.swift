import TestSupport
import XCTest

/// Words are built in phrases, where the catalogs can translate them:
/// `scripts/check-words` finds English glued outside a `Phrase` in
/// Sources/Commands, Sources/Shell and Sources/ctrsh.
final class WordsSourceTests: EndToEndTestCase {
    func testNoWordsAreBuiltOutsidePhrases() throws {
        let result = try checkWords()
        let findings = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(findings, [], "say these words in a Phrase (or mark a line `// not words: WHY`)")
    }

    /// The check finds the ways words escape a phrase, also when they go
    /// through a variable or a String function, and leaves phrases and
    /// command lines alone.
    func testCheckFindsEachWayAround() throws {
        let fixture = try write(
            """
            func f(output: Output, count: Int, error: Error, name: String) throws {
                output.line(verbatim: "container `\\(name)` is not running")
                let text = "the limit is " + String(count)
                output.errorLine(verbatim: text)
                output.line(verbatim: "\\(count) file\\(count == 1 ? "" : "s")")
                throw CommandError("mount: \\(error)")
            }
            func reason(_ code: Int) -> String {
                return "no such container here"
            }
            func fine(output: Output, name: String, count: Int) throws {
                output.line("container `\\(name)` is not running")
                output.line(verbatim: "ns new " + name)
                output.line(verbatim: name)
                let said: Phrase = count > 1 ? "the limit is \\(count)" : "no limit at all"
                output.line(said)
                // not words: a file format's header, read back by a parser
                output.line(verbatim: "# recorded by ctrsh")
            }
            var reason: String {
                switch code {
                case 1: "no such container here"
                default: "unknown"
                }
            }
            let rows = [
                ["state", "all shared with the host"],
            ]
            """, to: "Fixture.swift")
        let result = try checkWords("--files", fixture)
        let rules = result.stdout.split(separator: "\n").map { line in
            line.split(separator: ":").dropFirst().prefix(2).map { $0.trimmingPrefix(" ") }.joined(separator: ":")
        }
        XCTAssertEqual(
            rules.sorted(),
            ["2:verbatim", "3:concatenation", "3:string-var", "3:verbatim", "5:plural", "6:error-text", "9:string-func",
             "22:string-func", "27:string-var"].sorted(),
            result.stdout)
        XCTAssertEqual(result.exitCode, 1)
    }

    private func checkWords(_ arguments: String...) throws -> CtrshResult {
        try runner().run(program: "/usr/bin/python3", ["python3", repository + "/scripts/check-words"] + arguments)
    }
}
