import Glibc
import XCTest

/// Test preconditions that skip a test, with the reason printed, when the
/// machine cannot run it (never a silent pass).
public enum Privileges {
    /// True when the tests run as root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// Skips the calling test unless it runs as root; `why` says what needs it.
    public static func requireRoot(_ why: String) throws {
        guard isRoot else { throw XCTSkip("needs root: \(why) (running as uid \(geteuid()))") }
    }

    /// Skips the calling test with `reason` when `condition` is false.
    public static func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        guard condition else { throw XCTSkip(reason()) }
    }
}
