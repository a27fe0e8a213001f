@testable import CtrCommands
import CtrRuntime
import XCTest

/// The parser turns a line's words into typed values once, each read
/// through the declaration that declared it, and locates each error at its
/// word; `ArgumentWalk` reads the words the same way for TAB.
final class ArgumentParserTests: XCTestCase {
    private let size = Operand("SIZE", .size)
    private let wait = Operand(optional: "WAIT", .duration)
    private let env = Option(repeating: "--env", short: "-e", .assignment, summary: "a variable")
    private let user = Option("--user", .text, summary: "who")
    private let dry = Switch("--dry", short: "-d", summary: "not really")
    private let quiet = Switch("--quiet", short: "-q", summary: "say nothing")
    private let container = Operand(optional: "NAME", .containerName)
    private let program = Operand(repeating: "CMD", .program, optional: true)

    private func registry(_ verbs: [Verb]) -> CommandRegistry {
        CommandRegistry([CommandFamily("probe", summary: "a family made for this test", verbs: verbs)])
    }

    private func arguments(_ words: [String], _ verb: Verb) throws(CommandError) -> Arguments {
        try registry([verb]).prepare(words).arguments
    }

    private var setVerb: Verb {
        Verb("set", [size, wait], flags: [env, user, dry, quiet], summary: "set") { _ in { _ in } }
    }

    func testValuesComeConvertedToTheirDeclaredTypes() throws {
        let args = try arguments(["probe", "set", "-e", "A=1", "-dq", "64M", "--user", "a", "-e", "B=x=y", "--user", "b", "2s"], setVerb)
        XCTAssertEqual(args[size], .bytes(64 << 20))
        XCTAssertEqual(args[wait], .seconds(2))
        XCTAssertEqual(args[env], [Assignment(name: "A", value: "1"), Assignment(name: "B", value: "x=y")])
        XCTAssertEqual(args[user], "b", "the last value of a flag given twice counts")
        XCTAssertTrue(args[dry])
        XCTAssertTrue(args[quiet])
    }

    func testWhatIsLeftOutReadsAsAbsent() throws {
        let args = try arguments(["probe", "set", "1G"], setVerb)
        XCTAssertNil(args[wait])
        XCTAssertEqual(args[env], [])
        XCTAssertNil(args[user])
        XCTAssertFalse(args[dry])
    }

    func testEachWordIsConvertedOnceWhenTheLineIsParsed() throws {
        let conversions = Counter()
        let counted = Operand("N", ValueKind<Int>(.integer) { word, _ in
            conversions.add()
            return word.count
        })
        let verb = Verb("count", [counted], summary: "count") { args in
            let first = args[counted]
            return { _ in XCTAssertEqual(args[counted], first) }
        }
        let prepared = try registry([verb]).prepare(["probe", "count", "abc"])
        XCTAssertEqual(prepared.arguments[counted], 3)
        try prepared.action(Session(runtime: ContainerRuntime(sessionID: "t", cgroups: nil)))
        XCTAssertEqual(conversions.value, 1, "parsing converts; reading does not convert again")
    }

    func testAConversionErrorNamesTheCommandAndPointsAtItsWord() {
        XCTAssertThrowsError(try arguments(["probe", "set", "--user", "a", "64Q"], setVerb)) { error in
            let error = error as? CommandError
            XCTAssertEqual(error?.wordIndex, 4)
            XCTAssertEqual(error?.message.hasPrefix("probe set: `64Q` is not a size"), true, error?.message ?? "")
        }
        XCTAssertThrowsError(try arguments(["probe", "set", "1M", "-e", "=1"], setVerb)) { error in
            XCTAssertEqual((error as? CommandError)?.message, "probe set -e: `=1` is not NAME=VALUE")
            XCTAssertEqual((error as? CommandError)?.wordIndex, 4)
        }
        XCTAssertThrowsError(try arguments(["probe", "set", "1M", "--user"], setVerb)) { error in
            XCTAssertEqual((error as? CommandError)?.wordIndex, 3)
        }
    }

    func testAfterDoubleDashAContainersNameIsAProgramsName() throws {
        let verb = Verb([container, program], flags: [dry], summary: "run") { _ in { _ in } }
        let named = try arguments(["probe", "web", "sh", "-c", "x"], verb)
        XCTAssertEqual(named[container], "web")
        XCTAssertEqual(named[program], ["sh", "-c", "x"])
        let forced = try arguments(["probe", "-d", "--", "web", "-d"], verb)
        XCTAssertNil(forced[container])
        XCTAssertEqual(forced[program], ["web", "-d"], "the program's own flags are its own")
    }

    func testTheWalkStoppedBeforeTheCursorSaysWhatComesNext() {
        let verb = Verb([container, program], flags: [dry, user], summary: "run") { _ in { _ in } }
        let isContainer: (String) -> Bool = { $0 == "web" }
        func walk(_ words: [String]) -> ArgumentWalk { ArgumentWalk(words, from: 1, verb: verb, namesContainer: isContainer) }

        XCTAssertEqual(walk(["probe", "--user"]).pendingOption?.name, "--user")
        XCTAssertEqual(walk(["probe", "-d"]).nextParameter, 0)
        XCTAssertFalse(walk(["probe", "-d"]).optionsEnded)
        let afterContainer = walk(["probe", "web"])
        XCTAssertEqual(afterContainer.nextParameter, 1)
        XCTAssertEqual(afterContainer.wordsTakenByNext, 0, "the next word is the program's first")
        let afterProgram = walk(["probe", "sh"])
        XCTAssertEqual(afterProgram.nextParameter, 1, "`sh` names no container: it is the program")
        XCTAssertEqual(afterProgram.wordsTakenByNext, 1)
        XCTAssertTrue(afterProgram.optionsEnded, "`-x` after the program is the program's")
        let forced = walk(["probe", "--", "web"])
        XCTAssertEqual(forced.nextParameter, 1)
        XCTAssertEqual(forced.wordsTakenByNext, 1, "after `--`, `web` is the program")
    }
}

/// A count shared with a `@Sendable` conversion.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func add() { value += 1 }
}
