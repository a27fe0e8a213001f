import Glibc
import TestSupport
import XCTest

/// The Portuguese catalog's sources are well-formed gettext files, and the
/// Swift file compiled from them is current.
final class CatalogFileTests: EndToEndTestCase {
    private var catalogFiles: [String] {
        get throws {
            let directory = repository + "/Sources/Commands/Words/pt"
            return try listing(directory).filter { $0.hasSuffix(".po") }.sorted().map { directory + "/" + $0 }
        }
    }

    /// `msgfmt --check` (GNU gettext, from scripts/install-deps) accepts
    /// every file, header included, as translators' tools will read them.
    func testEveryCatalogFilePassesMsgfmtCheck() throws {
        guard access("/usr/bin/msgfmt", X_OK) == 0 else {
            throw XCTSkip("msgfmt is not installed (scripts/install-deps installs gettext): the .po files are not checked")
        }
        let files = try catalogFiles
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let result = try runner().run(program: "/usr/bin/msgfmt", ["msgfmt", "--check", "-o", "/dev/null", file])
            XCTAssertEqual(result.exitCode, 0, "\(file): \(result)")
            XCTAssertEqual(result.stderr, "", "\(file): msgfmt warns")
        }
    }

    /// Catalog+Portuguese.swift is what scripts/generate-catalog makes of
    /// the .po files: an edit to one without regenerating fails here.
    func testCompiledCatalogIsCurrent() throws {
        let script = repository + "/scripts/generate-catalog"
        let result = try runner().run(program: "/usr/bin/python3", ["python3", script, "--check"])
        XCTAssertEqual(result.exitCode, 0, "run scripts/generate-catalog: \(result)")
    }

    private func listing(_ directory: String) throws -> [String] {
        guard let stream = opendir(directory) else { throw XCTSkip("cannot list \(directory)") }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
