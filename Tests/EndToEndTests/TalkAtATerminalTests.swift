import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 15: both talk demos, played at a real terminal as on stage, a
/// presenter pressing Enter for every step, and twice at every other
/// step (a clicker's double press: the second press arrives while the
/// next command is run or typed, and is swallowed). The talk reaches its
/// end, every command typed once and run once, showing what the
/// unattended play shows.
final class TalkAtATerminalTests: EndToEndTestCase {
    /// Lines as compared: numbers (PIDs, counters, times) written as N.
    private func normalized(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var result = "", inNumber = false
            for character in line {
                if character.isASCII && character.isNumber {
                    if !inNumber { result.append("N") }
                    inNumber = true
                } else {
                    result.append(character)
                    inNumber = false
                }
            }
            return result
        }
    }

    func testBothTalksPlayWithAPresentersEnterPressesIncludingDoublePresses() throws {
        let root = try requireRootfs()
        for name in ["what-is-a-container.ctrsh", "o-que-e-um-container.ctrsh"] {
            let talk = try write(try FileText.read(repository + "/scripts/demos/" + name), to: name)
            let unattended = try ctrsh("--demo", "--auto", "0", talk, root)
            assertExit(unattended, 0, name)
            let steps = unattended.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("ctrsh[") }
            XCTAssertEqual(steps.count, 34, "\(name): \(unattended)")

            let session = try terminalSession(["--demo", talk, root])
            for (index, step) in steps.enumerated() {
                // Typed out whole, and waiting: then the presenter presses Enter.
                let typed = session.waitUntil(seconds: 30) { $0.hasSuffix(step) }
                    && !session.waitUntil(seconds: 0.2) { !$0.hasSuffix(step) }
                XCTAssertTrue(typed, "\(name): step \(index + 1) `\(step)` was not typed:\n\(session.recent)")
                guard typed else { break }
                session.mark()
                session.type(index % 2 == 1 ? "\r\r" : "\r")
            }
            XCTAssertEqual(session.waitForExit(seconds: 60), .exited(0), "\(name):\n\(session.screen)")

            let shown = normalized(session.screen).filter { !$0.isEmpty }
            XCTAssertEqual(shown.filter { $0.hasPrefix("ctrsh[") }, normalized(steps.joined(separator: "\n")),
                           "\(name): every step typed once, in order, on its own line")
            // At the terminal, standard error is on the screen too: the
            // errors the talk shows (the OOM kill, the fork loop's end).
            let errors = Set(normalized(unattended.stderr).filter { !$0.isEmpty && !$0.hasPrefix("## ") })
            XCTAssertEqual(errors.count, 3, "\(name): \(unattended)")
            XCTAssertEqual(shown.filter { !errors.contains($0) }, normalized(unattended.stdout).filter { !$0.isEmpty },
                           "\(name): the terminal shows what the unattended play shows")
            XCTAssertTrue(errors.isSubset(of: shown), "\(name):\n\(session.screen)")
        }
    }
}
