import CtrRuntime
import Foundation
import XCTest

/// The README and the pages in docs/ link to one another and to sections
/// by anchor: every relative link must name a file that exists and, into a
/// Markdown file, a heading it has (GitHub's anchors). Pages move and
/// sections are renamed; a link left behind fails here.
final class DocumentationLinkTests: EndToEndTestCase {
    func testRelativeLinksResolve() throws {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repository + "/docs")
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        var broken: [String] = []
        for page in ["README.md", "Tests/V2Lane/README.md"] + docs.sorted() {
            let text = try XCTUnwrap(FileText.readIfPresent(repository + "/" + page), page)
            for (line, target) in Self.links(in: text) {
                let (path, anchor) = Self.split(target)
                let file = path.isEmpty ? page : Self.normalized((page as NSString).deletingLastPathComponent + "/" + path)
                guard let linked = FileText.readIfPresent(repository + "/" + file) ?? (access(repository + "/" + file, F_OK) == 0 ? "" : nil) else {
                    broken.append("\(page):\(line): `\(target)`: no file \(file)")
                    continue
                }
                if let anchor, file.hasSuffix(".md"), !Self.anchors(in: linked).contains(anchor) {
                    broken.append("\(page):\(line): `\(target)`: \(file) has no heading with the anchor #\(anchor)")
                }
            }
        }
        XCTAssertEqual(broken, [], "links that lead nowhere:\n" + broken.joined(separator: "\n"))
    }

    /// `(line, target)` of each `[text](target)` outside code blocks that
    /// is not a URL.
    private static func links(in text: String) -> [(Int, String)] {
        var links: [(Int, String)] = []
        var inCode = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode else { continue }
            for match in line.matches(of: /\]\(([^)\s]+)\)/) {
                let target = String(match.1)
                if target.firstMatch(of: /^[a-z]+:/) == nil { links.append((index + 1, target)) }
            }
        }
        return links
    }

    private static func split(_ target: String) -> (path: String, anchor: String?) {
        guard let hash = target.firstIndex(of: "#") else { return (target, nil) }
        return (String(target[..<hash]), String(target[target.index(after: hash)...]))
    }

    /// `docs/../Tests/x` as `Tests/x`.
    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// The anchors GitHub gives a page's headings: lower case, punctuation
    /// dropped, spaces as hyphens.
    private static func anchors(in text: String) -> Set<String> {
        var anchors: Set<String> = []
        var inCode = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, let heading = line.firstMatch(of: /^#+ (.*)$/) else { continue }
            let kept = heading.1.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }
            anchors.insert(String(kept.map { $0 == " " ? "-" : $0 }))
        }
        return anchors
    }
}
