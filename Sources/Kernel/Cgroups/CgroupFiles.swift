import CLinux
import Glibc

/// One change ctrsh makes to a cgroup filesystem, as an observer sees it.
public enum CgroupChange: Equatable, Sendable, CustomStringConvertible {
    /// `mkdir` of a group directory.
    case makeDirectory(String)
    /// A write of `value` to the interface file at `path`.
    case write(value: String, path: String)
    /// `rmdir` of a group directory.
    case removeDirectory(String)
    /// A `BPF_PROG_TYPE_CGROUP_DEVICE` program of that many instructions
    /// loaded (v2's device policy; once per policy and session).
    case loadDeviceProgram(instructions: Int)
    /// The session's device program attached to the group directory at `path`.
    case attachDeviceProgram(path: String)
    /// A program run to ask the host's cgroup manager for a place
    /// (`busctl call … StartTransientUnit …` to systemd).
    case hostProgram([String])

    /// One line for `explain on`, e.g. ``write `max` > `/sys/fs/cgroup/…/memory.max` ``.
    public var description: String {
        switch self {
        case .makeDirectory(let path): "mkdir `\(path)`"
        case .write(let value, let path): "write `\(value)` > `\(path)`"
        case .removeDirectory(let path): "rmdir `\(path)`"
        case .loadDeviceProgram(let count): "bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE) of \(count) instructions"
        case .attachDeviceProgram(let path): "bpf(BPF_PROG_ATTACH, BPF_CGROUP_DEVICE) to `\(path)`"
        case .hostProgram(let argv): "run `\(argv.joined(separator: " "))`"
        }
    }
}

/// Called just before each change ctrsh makes to a cgroup filesystem
/// (`explain on` prints them; tests record them).
public typealias CgroupObserver = @Sendable (CgroupChange) -> Void

/// The one place that changes cgroup files and directories. Every mkdir,
/// write and rmdir of both drivers goes through an instance of this, so an
/// observer sees each of them. Reads are static: they change nothing.
struct CgroupFiles: Sendable {
    /// Told about each change before it is made.
    let observer: CgroupObserver?

    /// Writes `value` to an existing interface file in one `write`.
    func write(_ value: String, to path: String) throws(RuntimeError) {
        observer?(.write(value: value, path: path))
        try FileText.write(value, to: path)
    }

    /// Creates a directory; true when it was created, false when it existed
    /// (then the observer is not told: nothing changed).
    @discardableResult
    func makeDirectory(_ path: String) throws(RuntimeError) -> Bool {
        if Self.isDirectory(path) { return false }
        observer?(.makeDirectory(path))
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST { return false }
        throw .lastError(SystemCall("mkdir", path))
    }

    /// Loads `program` as a cgroup device program; its descriptor.
    func loadDeviceProgram(_ program: [ctr_ebpf_instruction]) throws(RuntimeError) -> Int32 {
        observer?(.loadDeviceProgram(instructions: program.count))
        return try DeviceProgram.load(program)
    }

    /// Attaches a loaded device program to the group directory at `path`;
    /// the attachment lasts as long as the group.
    func attachDeviceProgram(_ programFD: Int32, to path: String) throws(RuntimeError) {
        observer?(.attachDeviceProgram(path: path))
        try DeviceProgram.attach(programFD, to: path)
    }

    /// Removes a directory; 0 on success, else the errno.
    func removeDirectory(_ path: String) -> Int32 {
        observer?(.removeDirectory(path))
        return rmdir(path) == 0 ? 0 : errno
    }

    // MARK: - Reading

    /// The file's text without surrounding whitespace, or nil if unreadable.
    static func read(_ path: String) -> String? {
        FileText.readIfPresent(path)?.trimmedWhitespace
    }

    /// The file's content as one unsigned number (`max` and junk are nil).
    static func number(_ path: String) -> UInt64? {
        read(path).flatMap { UInt64($0) }
    }

    /// The value of `key` in a flat keyed file (`cpu.stat`, `memory.events`,
    /// `memory.oom_control`): lines of `key value`.
    static func keyed(_ path: String, _ key: String) -> UInt64? {
        guard let text = FileText.readIfPresent(path) else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == key { return UInt64(words[1]) }
        }
        return nil
    }

    /// The whitespace-separated words of a file (`cgroup.controllers`),
    /// with a leading `+` dropped; empty if the file is unreadable.
    static func words(_ path: String) -> Set<String> {
        guard let text = FileText.readIfPresent(path) else { return [] }
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { word in
            word.hasPrefix("+") ? String(word.dropFirst()) : String(word)
        })
    }

    /// The PIDs listed in a `cgroup.procs` file.
    static func pids(_ path: String) -> [pid_t] {
        guard let text = FileText.readIfPresent(path) else { return [] }
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }

    /// True when `path` exists.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// True when `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// True when `path` exists and some write permission bit is set (cgroupfs
    /// marks read-only interface files 0444).
    static func isWritable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & 0o222 != 0
    }

    /// The names in a directory, without `.` and `..`, sorted.
    static func entries(of directory: String) -> [String] {
        FileTree.names(in: directory)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmedWhitespace: String { String(trimmed) }
}

/// `base` and `path` joined with one `/` (a `path` of `/` is `base` itself).
/// The tail becomes a `String` before `+`: `String + Substring` goes through
/// the generic `append(contentsOf:)`, whose first use scans every protocol
/// conformance of the binary (about 0.1 ms at ctrsh's start).
func joinPath(_ base: String, _ path: String) -> String {
    let tail = String(path.drop(while: { $0 == "/" }))
    if tail.isEmpty { return base }
    return base.hasSuffix("/") ? base + tail : base + "/" + tail
}

/// The directory part of a path (`/a/b` → `/a`).
func parentPath(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
