@testable import CtrCommands
import CtrRuntime
import CtrShell
import Glibc
import XCTest

/// `cgroup set`'s words come from the limits table: help lists each limit
/// with its summary, TAB offers each, and each parses the kind of value
/// the table gives it.
final class CgroupLimitWordsTests: XCTestCase {
    private var pipeFDs: [Int32] = [-1, -1]
    private var shell: Shell?

    override func setUpWithError() throws {
        XCTAssertEqual(pipe(&pipeFDs), 0)
        _ = fcntl(pipeFDs[0], F_SETFL, O_NONBLOCK)
        let output = Output(standardOutput: pipeFDs[1], standardError: pipeFDs[1])
        shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "limits-\(getpid())", cgroups: nil), output: output))
    }

    override func tearDown() {
        shell?.close()
        close(pipeFDs[0])
        close(pipeFDs[1])
    }

    private func printed() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(pipeFDs[0], &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testHelpAndCompletionListEveryLimit() throws {
        let shell = try XCTUnwrap(shell)
        shell.run("help cgroup")
        let lines = printed().split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
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
