import CtrRuntime
import Glibc
import XCTest

/// `Tests/Probes/escape-probe.c`, a static program that makes the system
/// calls busybox has no applet for (`keyctl`, `unshare`, `clone3`, the
/// chroot escape), compiled with `gcc -static` and copied into a test's
/// root as `/bin/escape-probe`.
public enum EscapeProbe {
    /// Where the program lands inside the root.
    public static let pathInRoot = "/bin/escape-probe"

    /// The C source, beside this file's directory.
    private static var source: String {
        let file = "\(#filePath)"
        let tests = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
        return tests + "/Probes/escape-probe.c"
    }

    /// Compiles the probe into `root`'s `/bin`; skips the test, saying why,
    /// when gcc or the static C library (Debian's gcc, libc6-dev) is missing.
    /// A probe that does not compile fails the test.
    public static func install(inRoot root: String) throws {
        try Privileges.require(access("/usr/bin/gcc", X_OK) == 0, "needs gcc to build the static escape-probe (apt-get install gcc libc6-dev)")
        let libc = (try? HostProgram.output(["gcc", "-print-file-name=libc.a"]))?.trimmed ?? ""
        try Privileges.require(libc.hasPrefix("/"), "needs the static C library to build escape-probe (apt-get install libc6-dev)")
        _ = try HostProgram.output(["gcc", "-static", "-O1", "-Wall", "-o", root + pathInRoot, source])
    }
}
