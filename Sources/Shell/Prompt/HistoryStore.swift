import CtrRuntime
import Glibc

/// The prompt's line history, kept across sessions in
/// `$XDG_DATA_HOME/ctrsh/history` (default `~/.local/share/ctrsh/history`),
/// one entry per line, newest last, without duplicates: entering a line
/// again moves it to the end.
///
/// Several sessions may run at once: each line entered is merged into the
/// file as it is then (re-read under an exclusive `flock` on
/// `history.lock`, then replaced by a rename), as fish and bash's
/// `histappend` do, so no session overwrites the lines another one added.
/// Navigation (Up/Down) shows this session's view: the file as it was
/// loaded, plus the lines entered here.
public final class HistoryStore {
    /// The most entries kept.
    public static let capacity = 1000
    /// Entries, oldest first.
    public private(set) var entries: [String] = []
    /// The file it is kept in, or nil when no home directory is known.
    public let path: String?

    /// Loads the history file at `path` (or the default place).
    public init(path: String? = HistoryStore.defaultPath) {
        self.path = path
        if let path { entries = Self.load(path) }
    }

    /// `$XDG_DATA_HOME/ctrsh/history`, else `$HOME/.local/share/ctrsh/history`.
    public static var defaultPath: String? {
        if let data = getenv("XDG_DATA_HOME").map({ String(cString: $0) }), data.hasPrefix("/") {
            return data + "/ctrsh/history"
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home + "/.local/share/ctrsh/history"
    }

    /// Adds `line` as the newest entry, dropping an older copy, and saves.
    public func add(_ line: String) {
        guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return }
        entries.removeAll { $0 == line }
        entries.append(line)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        save(adding: line)
    }

    /// Merges `line` into the file as other sessions left it, under the lock.
    private func save(adding line: String) {
        guard let path else { return }
        makeParentDirectories(of: path)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        var merged = Self.load(path)
        merged.removeAll { $0 == line }
        merged.append(line)
        let text = merged.suffix(Self.capacity).map(Self.encode).joined(separator: "\n") + "\n"
        let temporary = path + ".\(getpid()).new"
        guard (try? FileText.create(temporary, text: text, mode: 0o600)) != nil else {
            unlink(temporary)
            return
        }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// The entries in the file at `path`, the newest `capacity` of them.
    private static func load(_ path: String) -> [String] {
        guard let text = FileText.readIfPresent(path) else { return [] }
        let lines = text.utf8.split(separator: newline).suffix(capacity)
        return lines.map { decode(String(decoding: $0, as: UTF8.self)) }
    }

    private func makeParentDirectories(of path: String) {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += "/" + component
            mkdir(prefix, 0o700)
        }
    }

    /// A multi-line entry is stored on one line: `\` and newlines escaped.
    /// Each line entered merges the whole file again, so the common entry
    /// (nothing to escape) is passed through without a per-character walk.
    static func encode(_ entry: String) -> String {
        guard entry.utf8.contains(where: { $0 == backslash || $0 == newline }) else { return entry }
        var result: [UInt8] = []
        result.reserveCapacity(entry.utf8.count + 8)
        for byte in entry.utf8 {
            switch byte {
            case backslash: result += [backslash, backslash]
            case newline: result += [backslash, UInt8(ascii: "n")]  // also the one of a "\r\n"
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func decode(_ line: String) -> String {
        guard line.utf8.contains(backslash) else { return line }
        var result: [UInt8] = []
        result.reserveCapacity(line.utf8.count)
        var escaped = false
        for byte in line.utf8 {
            if escaped {
                result.append(byte == UInt8(ascii: "n") ? newline : byte)
                escaped = false
            } else if byte == backslash {
                escaped = true
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let backslash = UInt8(ascii: "\\")
    private static let newline = UInt8(ascii: "\n")
}
