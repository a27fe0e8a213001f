import Glibc

/// The `ctrsh` executable this test run was built with: it sits beside the
/// test bundle in `.build/<configuration>/`.
public enum CtrshBinary {
    /// The directory holding the test bundle (`realpath(/proc/self/exe)`'s directory).
    public static var directory: String {
        guard let resolved = realpath("/proc/self/exe", nil) else { return "." }
        defer { free(resolved) }
        let path = String(cString: resolved)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// `directory/ctrsh`.
    public static var path: String { directory + "/ctrsh" }

    /// True when the binary is there and executable (`swift build --build-tests` built it).
    public static var isBuilt: Bool { access(path, X_OK) == 0 }
}
