import CLinux
@testable import CtrKernel
import CtrRuntime
import Glibc
import XCTest

/// The step table against the C child's list of steps: every constant of
/// `CTR_STEP_LIST` has exactly one entry, so a step added in C without its
/// facts (or one inserted before others) fails here, not as a failure
/// reported under the wrong step's name. (ChildStepWordsTests checks the
/// words' table the same way.)
final class ChildStepsTests: XCTestCase {
    func testEveryStepOfTheCListHasOneEntry() {
        let count = Int(ctr_step_count())
        XCTAssertGreaterThan(count, 30, "the C list is read")
        for raw in 1...count {
            let name = ctr_step_name(Int32(raw)).map { String(cString: $0) } ?? "(no name)"
            let entries = ChildSteps.table.filter { Int($0.id.rawValue) == raw }
            XCTAssertEqual(entries.count, 1, "CTR_STEP_\(name) (\(raw)) has \(entries.count) entries in ChildSteps.table")
            XCTAssertEqual(ChildSteps.entry(Int32(raw))?.name, name)
        }
        XCTAssertEqual(ChildSteps.table.count, count, "ChildSteps.table has an entry for a step the C list lacks")
        XCTAssertNil(ctr_step_name(0))
        XCTAssertNil(ctr_step_name(Int32(count + 1)))
        XCTAssertNil(ChildSteps.entry(0), "a zeroed record names no step")
        XCTAssertNil(ChildSteps.entry(Int32(count + 1)))
    }

    /// The C names and the Swift constants agree, so the table is keyed on what the child sends.
    func testTheNamesAreTheConstants() {
        XCTAssertEqual(ChildStep.name(of: CTR_STEP_SIGNALS), "SIGNALS")
        XCTAssertEqual(ChildStep.name(of: CTR_STEP_PIVOT_ROOT), "PIVOT_ROOT")
        XCTAssertEqual(ChildStep.name(of: CTR_STEP_TERMINAL), "TERMINAL")
        XCTAssertEqual(Int(CTR_STEP_TERMINAL.rawValue), Int(ctr_step_count()), "the last constant closes the list")
    }
}
