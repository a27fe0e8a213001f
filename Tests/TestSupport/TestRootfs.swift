import CtrRuntime
import Glibc
import XCTest

/// A busybox root filesystem in a temporary directory, built once per test
/// class with ctrsh's own `rootfs make busybox`, and removed afterwards.
public final class TestRootfs {
    /// The root's absolute path.
    public let path: String
    /// The temporary directory holding it (and anything else a test needs).
    public let scratch: String

    /// Builds a root, or skips the test with the reason when it cannot.
    public init() throws {
        try Privileges.requireRoot("namespaces, mounts and cgroups")
        var template = Array("/tmp/ctrsh-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw XCTSkip("mkdtemp failed: \(errnoText(errno))") }
        scratch = String(cString: made)
        path = scratch + "/rootfs"
        do {
            try BusyboxRootfs.make(at: path)
        } catch {
            Self.removeTree(scratch)
            throw XCTSkip("cannot build a busybox root: \(error)")
        }
    }

    /// Removes the whole scratch directory.
    public func remove() {
        Self.removeTree(scratch)
    }

    /// `rm -rf`, refusing anything outside /tmp.
    public static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/ctrsh-test-") else { return }
        _ = try? HostProgram.run(["rm", "-rf", "--one-file-system", path])
    }
}
