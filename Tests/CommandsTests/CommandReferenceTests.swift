import CtrCommands
import CtrRuntime
import Glibc
import XCTest

/// The command reference renders what a family declares, whatever words
/// its summaries use: every form, flag, argument and example in Markdown,
/// and mdoc that mandoc finds clean even for text written to trip it.
final class CommandReferenceTests: XCTestCase {
    private static var family: CommandFamily { CommandFamily(
        "probe", aliases: ["pr"], summary: "a family made for this test",
        examples: ["probe poke --hard 3", ".starts with a dot \\ and a backslash"],
        verbs: [
            Verb("poke", [Operand("N", .integer), Operand(repeating: "REST", .program, optional: true)],
                 flags: [Switch("--hard", short: "-h", summary: "poke `hard`"), Option("--for", .duration, summary: "how long")],
                 summary: "poke it N times") { _ in { _ in } },
            Verb("show", summary: ".a summary that starts with a dot; e.g. Linux — naïve… 0–255 → `--flag` and `a-b`. "
                 + "A second sentence? Yes! And a third, long enough to be wrapped well before it reaches eighty bytes, "
                 + "since mandoc warns about every input line longer than that.") { _ in { _ in } },
        ]) }

    private var reference: CommandReference { CommandReference(CommandRegistry([Self.family])) }

    func testMarkdownHasEveryFormFlagArgumentAndExample() {
        let markdown = reference.markdown()
        for line in [
            "| [`probe`](#probe) | a family made for this test |",
            "## probe",
            "Also written `pr`.",
            "- `probe poke [-h] [--for VALUE] N [REST…]`: poke it N times",
            "  - `-h`, `--hard`: poke `hard`",
            "  - `--for` VALUE: how long",
            "- `N`: a whole number",
            "- `REST…`: a program and its arguments: the rest of the line",
            "probe poke --hard 3",
        ] {
            XCTAssertTrue(markdown.contains("\n" + line + "\n"), "no line \(line.debugDescription) in:\n\(markdown)")
        }
    }

    func testMdocIsAsciiInShortLinesWithNothingReadAsARequest() {
        let lines = reference.mdocSection()
        XCTAssertTrue(lines.contains(".It Ic probe poke Oo Fl h Oc Oo Fl -for Ar VALUE Oc Ar N Oo Ar REST ... Oc"), lines.joined(separator: "\n"))
        for line in lines {
            XCTAssertTrue(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f }, "not printable ASCII: \(line.debugDescription)")
            XCTAssertLessThan(line.utf8.count, 80, line)
            if line.hasPrefix(".") {
                XCTAssertTrue(line.hasPrefix(".Ss ") || line.hasPrefix(".Sh ") || line.hasPrefix(".B") || line.hasPrefix(".E")
                              || line.hasPrefix(".It ") || line == ".El" || line == ".Ed", "a request where text was meant: \(line)")
            }
        }
        XCTAssertTrue(lines.contains("\\&.starts with a dot \\e and a backslash"), "the example's dot and backslash")
    }

    func testMandocFindsNothingInTextWrittenToTripIt() throws {
        let candidates: [String] = ["/usr/bin/mandoc", "/usr/local/bin/mandoc"]
        guard let mandoc = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw XCTSkip("mandoc is not installed (scripts/install-deps installs it): the generated mdoc is not checked")
        }
        let page = [".Dd December 6, 2026", ".Dt PROBE 1", ".Os", ".Sh NAME", ".Nm probe", ".Nd a test page", ".Sh DESCRIPTION"]
            + Mdoc.paragraph("Some prose. It has `code`, e.g. this.")
            + reference.mdocSection()
        var template = Array("/tmp/ctrsh-mdoc-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let path = String(cString: template)
        defer { unlink(path) }
        let text = page.joined(separator: "\n") + "\n"
        XCTAssertEqual(text.utf8.withContiguousStorageIfAvailable { write(fd, $0.baseAddress, $0.count) }, text.utf8.count)
        close(fd)
        var findings: [String] = []
        _ = try HostProgram.run([mandoc, "-Tlint", path]) { findings.append($0) }
        XCTAssertEqual(findings, [], page.joined(separator: "\n"))
    }
}
