import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The scripts the repository ships: the tour and the talk demos run to the
/// end with their `expect` lines passing; the committed completion scripts,
/// man page and command reference are what the binary generates from its
/// declarations, and the man page is clean mdoc.
final class RepositoryScriptTests: EndToEndTestCase {
    func testTourAndDemosPassTheirExpectations() throws {
        let root = try requireRootfs()
        let tour = try ctrsh(repository + "/scripts/tour.ctrsh", root)
        assertExit(tour, 0, "tour")
        XCTAssertFalse(tour.stderr.contains("error:"), "tour: \(tour)")
        // The talk demos, played unattended as on stage.
        for script in ["scripts/demos/what-is-a-container.ctrsh", "scripts/demos/o-que-e-um-container.ctrsh"] {
            let result = try ctrsh("--demo", "--auto", "0", repository + "/" + script, root)
            assertExit(result, 0, script)
            XCTAssertFalse(result.stderr.contains("error:"), "\(script): \(result)")
            XCTAssertTrue(result.stdout.contains("ctrsh[default]> cgroup set memory 32M"), result.description)
        }
    }

    func testCommittedCompletionScriptsAreCurrent() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try ctrsh("--generate-completion-script", shell)
            assertExit(result, 0, shell)
            let committed = try XCTUnwrap(FileText.readIfPresent(repository + "/completions/ctrsh.\(shell)"), "completions/ctrsh.\(shell)")
            XCTAssertEqual(result.stdout, committed, "completions/ctrsh.\(shell) is stale: regenerate it with `scripts/generate-reference`")
        }
    }

    /// docs/man/ctrsh.1 and docs/commands.md, from the command registry and
    /// ctrsh's options: a command, flag or option changed without
    /// regenerating them fails here.
    func testCommittedReferenceIsCurrent() throws {
        for (format, path) in [("man", "docs/man/ctrsh.1"), ("markdown", "docs/commands.md")] {
            let result = try ctrsh("--generate-reference", format)
            assertExit(result, 0, format)
            let committed = try XCTUnwrap(FileText.readIfPresent(repository + "/" + path), path)
            XCTAssertEqual(result.stdout, committed, "\(path) is stale: regenerate it with `scripts/generate-reference`")
        }
    }

    /// Every built-in command has its section in both references.
    func testReferenceHasEveryCommand() throws {
        let markdown = try ctrsh("--generate-reference", "markdown").stdout
        let manual = try ctrsh("--generate-reference", "man").stdout
        for name in try ctrsh("-c", "help").stdout.split(separator: "\n").dropFirst().compactMap({ $0.split(separator: " ").first }) {
            XCTAssertTrue(markdown.contains("\n## \(name)\n"), "docs/commands.md has no section for `\(name)`")
            XCTAssertTrue(manual.contains("\n.Ss \(name)\n"), "the man page has no COMMANDS entry for `\(name)`")
        }
        XCTAssertFalse(manual.contains("Ar subcommand"), "the SYNOPSIS names a subcommand ctrsh does not have")
    }

    /// `mandoc -Tlint` finds nothing to say about the man page, style
    /// included.
    func testManPageIsCleanMdoc() throws {
        let candidates: [String] = ["/usr/bin/mandoc", "/usr/local/bin/mandoc"]
        guard let mandoc = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw XCTSkip("mandoc is not installed (scripts/install-deps installs it): the man page's mdoc is not checked")
        }
        let page = repository + "/docs/man/ctrsh.1"
        let result = try runner().run(program: mandoc, ["mandoc", "-Tlint", page])
        // Whether SEE ALSO's pages (runc(8), namespaces(7)) are installed,
        // and indexed, is the machine's business, not the page's.
        let machineNotes = ["referenced manual not found", "mandoc.db lacks"]
        let findings = (result.stdout + result.stderr).split(separator: "\n")
            .filter { line in !machineNotes.contains { line.contains($0) } }
        XCTAssertEqual(findings, [], "mandoc -Tlint \(page): regenerate it with `scripts/generate-reference` after fixing the generator")
        XCTAssertNotNil(result.exitCode, result.description)
    }
}
