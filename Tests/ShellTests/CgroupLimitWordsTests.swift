@testable import CtrCommands
import CtrRuntime
import CtrShell
import Glibc
import XCTest

/// `cgroup set`'s words come from the limits table: help lists each limit
/// with its summary, TAB offers each, and each parses the kind of value
/// the table gives it.
final class CgroupLimitWordsTests: XCTestCase {
    private let captured = CapturedOutput()
    private var shell: Shell?

    override func setUp() {
        shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "limits-\(getpid())", cgroups: nil), output: captured.output))
    }

    override func tearDown() {
        shell?.close()
    }

    func testHelpAndCompletionListEveryLimit() throws {
        let shell = try XCTUnwrap(shell)
        shell.run("help cgroup")
        let lines = captured.printed().split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        for limit in CgroupLimitTable.all {
            XCTAssertTrue(lines.contains("\(limit.word) \(limit.summary)"), "help lists \(limit.word): \(lines)")
        }
        let offered = CompletionEngine(session: shell.session).complete("cgroup set ").candidates
        XCTAssertEqual(Set(offered).intersection(CgroupLimitTable.words), Set(CgroupLimitTable.words))
    }

    func testEachLimitParsesItsKindAndSaysWhatItTakes() throws {
        for limit in CgroupLimitTable.all {
            let good: (String, CgroupLimitValue) = switch limit.kind {
            case .size: ("64M", .bytes(.bytes(64 << 20)))
            case .count: ("20", .count(20))
            case .cpu: ("50%", .cpu(CPULimit(cpus: 0.5)))
            case .cpuList: ("0-1", .cpus("0-1"))
            case .weight(let range): ("\(range.lowerBound)", .weight(range.lowerBound))
            }
            XCTAssertEqual(try CgroupSetting.parse(good.0, as: limit.kind, for: limit.word, at: nil), good.1, limit.word)
            XCTAssertThrowsError(try CgroupSetting.parse("lots", as: limit.kind, for: "cgroup set \(limit.word)", at: nil)) { error in
                XCTAssertTrue("\(error)".hasPrefix("cgroup set \(limit.word): `lots` is not"), "\(error)")
            }
        }
    }
}
