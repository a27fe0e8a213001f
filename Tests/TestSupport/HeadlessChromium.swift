import CtrRuntime
import Glibc

/// Debian's `chromium` in headless mode, loading a local file (no network,
/// no server): a screenshot after some milliseconds of the page's virtual
/// time, or the document as the browser parsed it. Each run has its own
/// profile under `profile` and is ended by `timeout` if it hangs.
public struct HeadlessChromium: Sendable {
    /// A directory for the browser's profile (removed with the test's scratch).
    public let profile: String

    public init(profile: String) { self.profile = profile }

    /// Whether `chromium` is on this machine (scripts/install-deps installs it).
    public static var isInstalled: Bool { access("/usr/bin/chromium", X_OK) == 0 }

    /// Writes a `width`×`height` PNG of `file` to `png`, `milliseconds` of
    /// virtual time after it loaded.
    public func screenshot(_ file: String, to png: String, width: Int, height: Int, milliseconds: Int = 100) throws {
        _ = try run(["--screenshot=\(png)", "--window-size=\(width),\(height)", "--hide-scrollbars",
                     "--virtual-time-budget=\(milliseconds)"], file)
    }

    /// The document `file` became, serialized.
    public func dom(_ file: String) throws -> String {
        try run(["--dump-dom"], file)
    }

    private func run(_ options: [String], _ file: String) throws -> String {
        // Its standard error (D-Bus complaints, mostly) goes to a log in the profile.
        try HostProgram.output(["sh", "-c", "mkdir -p \"$0\" && exec \"$@\" 2>>\"$0/chromium.log\"", profile,
                                "timeout", "-k", "5", "60", "/usr/bin/chromium", "--headless", "--no-sandbox",
                                "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)"]
                               + options + ["file://\(file)"])
    }
}
