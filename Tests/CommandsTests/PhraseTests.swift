@testable import CtrCommands
import Glibc
import XCTest

/// Phrases keep their facts apart from their words, so a catalog can say
/// the words in another language and put the facts where they belong.
final class PhraseTests: XCTestCase {
    func testKeyHoldsTheWordsAndArgumentsTheFacts() {
        let name = "web"
        let phrase: Phrase = "container `\(name)` is at 50% of \(3) CPUs"
        XCTAssertEqual(phrase.key, "container `%@` is at 50%% of %@ CPUs")
        XCTAssertEqual(phrase.arguments, [.fact("web"), .fact("3")])
        XCTAssertEqual(phrase.text(in: .english), "container `web` is at 50% of 3 CPUs")
    }

    func testFillPutsFactsInOrderOrByPosition() {
        XCTAssertEqual(Phrase.fill("%@ e %@", with: ["a", "b"]), "a e b")
        XCTAssertEqual(Phrase.fill("%2$@ antes de %1$@", with: ["a", "b"]), "b antes de a")
        XCTAssertEqual(Phrase.fill("100%% de %@", with: ["x"]), "100% de x")
        XCTAssertEqual(Phrase.fill("50% sozinho", with: []), "50% sozinho")
    }

    func testVerbatimTextIsTheSameInEveryLanguage() {
        let text = "Permission denied %@ 100%"
        for language in Language.allCases {
            XCTAssertEqual(Phrase(verbatim: text).text(in: language), text)
        }
    }

    func testNestedPhraseIsSaidInTheOuterPhrasesLanguage() throws {
        let inner = ErrnoWords.phrase(EACCES)
        let outer: Phrase = "open `/x`: \(inner)"
        XCTAssertEqual(outer.text(in: .english), "open `/x`: Permission denied")
        XCTAssertEqual(outer.text(in: .portuguese), "open `/x`: Permissão negada")
    }

    func testLanguageFollowsGettextsOrder() {
        XCTAssertEqual(Language.preferred(by: [:]), .english)
        XCTAssertEqual(Language.preferred(by: ["LANG": "pt_BR.UTF-8"]), .portuguese)
        XCTAssertEqual(Language.preferred(by: ["LANG": "pt_BR.UTF-8", "LC_ALL": "C"]), .english)
        XCTAssertEqual(Language.preferred(by: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "pt_PT"]), .portuguese)
        XCTAssertEqual(Language.preferred(by: ["LANG": "de_DE.UTF-8"]), .english)
        XCTAssertEqual(Language.preferred(by: ["LANG": "en_US.UTF-8", "LANGUAGE": "pt:en"]), .portuguese)
        XCTAssertEqual(Language.preferred(by: ["LANG": "C", "LANGUAGE": "pt"]), .english, "gettext ignores LANGUAGE under C")
        XCTAssertEqual(Language.preferred(by: ["LANG": "de_DE.UTF-8", "LANGUAGE": "pt"]), .portuguese, "a locale ctrsh does not speak still reads LANGUAGE")
        XCTAssertEqual(Language.preferred(by: ["LANG": "C.UTF-8", "LANGUAGE": "pt"]), .english)
        XCTAssertEqual(Language(locale: "pt-BR"), .portuguese)
        XCTAssertNil(Language(locale: "fr"))
    }

    /// Every Portuguese entry has the facts its English key has: the same
    /// number of `%@`, or positions naming each of them once.
    func testEveryEntryKeepsItsKeysFacts() {
        XCTAssertFalse(Catalog.portugueseEntries.isEmpty)
        for (key, words) in Catalog.portugueseEntries {
            XCTAssertEqual(Self.facts(in: words), Self.facts(in: key), "pt: `\(words)` for `\(key)`")
            XCTAssertTrue(Self.words(of: key).contains { $0.isLetter }, "`\(key)`: a key made of facts only translates nothing")
        }
    }

    /// The positions of a template's facts: `%@` counts on, `%N$@` names N.
    static func facts(in template: String) -> [Int] {
        var positions: [Int] = []
        var next = 1
        var rest = template[...]
        while let percent = rest.firstIndex(of: "%") {
            rest = rest[rest.index(after: percent)...]
            if rest.first == "%" {
                rest = rest.dropFirst()
            } else if rest.first == "@" {
                positions.append(next)
                next += 1
            } else if let dollar = rest.firstIndex(of: "$"), let number = Int(rest[..<dollar]) {
                positions.append(number)
            }
        }
        return positions.sorted()
    }

    /// A template without its placeholders.
    static func words(of template: String) -> String {
        template.replacing("%%", with: "").replacing(/%(\d+\$)?@/, with: "")
    }
}
