import CtrRuntime
import Glibc
import XCTest

/// An ordinary user made for one test: a unique name, a home directory,
/// and one range of 65536 subordinate uids and gids of its own in
/// `/etc/subuid` and `/etc/subgid`. `remove()` ends the user's processes,
/// deletes the user and its home, and puts both files back byte for byte
/// as they were: call it in a `defer` right after creating one.
public final class UnprivilegedUser {
    /// The login name, `ctrsh-rl-<test PID>-<n>`.
    public let name: String
    public let uid: UInt32
    public let gid: UInt32
    /// The home directory, under /tmp.
    public let home: String
    /// The first of the user's subordinate IDs (uids and gids alike).
    public let subordinateStart: UInt32
    /// How many subordinate IDs the user has.
    public static let subordinateCount: UInt32 = 65536
    private let saved: [SavedFile]
    private nonisolated(unsafe) static var made = 0

    /// Creates the user, or skips the test with the reason when it cannot.
    public init() throws {
        try Privileges.requireRoot("creating a user and giving it /etc/subuid and /etc/subgid ranges")
        try Privileges.require(access("/usr/sbin/useradd", X_OK) == 0, "no useradd (Debian package passwd)")
        Self.made += 1
        name = "ctrsh-rl-\(getpid())-\(Self.made)"
        home = "/tmp/ctrsh-test-home-\(name)"
        subordinateStart = 1_000_000_000 + UInt32(getpid() % 10_000) * 4 * Self.subordinateCount
            + UInt32(Self.made % 4) * Self.subordinateCount
        saved = [SavedFile("/etc/subuid"), SavedFile("/etc/subgid")]
        do {
            // -K SUB_*_COUNT=0: no range of useradd's choosing; the test adds its own.
            let status = try HostProgram.run([
                "/usr/sbin/useradd", "--create-home", "--home-dir", home, "--shell", "/bin/sh", "--user-group",
                "-K", "SUB_UID_COUNT=0", "-K", "SUB_GID_COUNT=0", name,
            ])
            guard status == .exited(0), let entry = getpwnam(name) else {
                throw XCTSkip("useradd \(name) \(status)")
            }
            uid = entry.pointee.pw_uid
            gid = entry.pointee.pw_gid
            for file in saved { try file.append("\(name):\(subordinateStart):\(Self.subordinateCount)\n") }
        } catch {
            Self.delete(name)
            for file in saved { file.restore() }
            throw error
        }
    }

    /// Ends every process of the user, deletes it and its home, and
    /// restores /etc/subuid and /etc/subgid.
    public func remove() {
        for pid in processes() { kill(pid, SIGKILL) }
        for _ in 0..<100 where !processes().isEmpty { usleep(20_000) }
        Self.delete(name)
        for file in saved { file.restore() }
        if home.hasPrefix("/tmp/ctrsh-test-home-") { _ = try? HostProgram.run(["rm", "-rf", "--one-file-system", home]) }
    }

    /// `setpriv` arguments that run a program as this user, with its groups.
    public var setprivPrefix: [String] {
        ["/usr/bin/setpriv", "--reuid=\(name)", "--regid=\(name)", "--init-groups"]
    }

    /// Host PIDs of this user's processes.
    public func processes() -> [pid_t] {
        Directory.names("/proc").compactMap { pid_t($0) }.filter { pid in
            guard let status = FileText.readIfPresent("/proc/\(pid)/status"),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
            else { return false }
            return line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().contains { UInt32($0) == uid }
        }
    }

    private static func delete(_ name: String) {
        guard getpwnam(name) != nil else { return }
        // Quietly: it complains about the mail spool useradd never made.
        _ = try? HostProgram.run(["/bin/sh", "-c", "exec /usr/sbin/userdel --remove \"$1\" 2>/dev/null", "sh", name])
    }

    /// A file's exact bytes and mode, to put back.
    private struct SavedFile {
        let path: String
        let bytes: [UInt8]?
        let mode: mode_t

        init(_ path: String) {
            self.path = path
            var info = stat()
            mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
            bytes = Self.read(path)
        }

        /// The whole file, or nil when it cannot be opened.
        static func read(_ path: String) -> [UInt8]? {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return bytes }
                bytes += chunk[0..<n]
            }
        }

        /// Writes `text` after the saved bytes.
        func append(_ text: String) throws {
            var bytes = self.bytes ?? []
            if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
            try write(bytes + Array(text.utf8))
        }

        /// Puts the saved bytes and mode back (or removes a file that was not there).
        func restore() {
            guard let bytes else {
                unlink(path)
                return
            }
            try? write(bytes)
        }

        private func write(_ bytes: [UInt8]) throws {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
            guard fd >= 0 else { throw RuntimeError.kernel(SystemCall("open", path), errno: errno) }
            defer { close(fd) }
            writeAll(bytes, to: fd)
            fchmod(fd, mode)
        }
    }
}
