import CtrRuntime
import Glibc

/// The prompt's line history, kept across sessions in
/// `$XDG_DATA_HOME/ctrsh/history` (default `~/.local/share/ctrsh/history`),
/// one entry per line, newest last, without duplicates: entering a line
/// again moves it to the end.
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
        if let path, let text = FileText.readIfPresent(path) {
            entries = text.split(separator: "\n").map { Self.decode(String($0)) }
            entries = Array(entries.suffix(Self.capacity))
        }
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
        save()
    }

    private func save() {
        guard let path else { return }
        makeParentDirectories(of: path)
        let text = entries.map(Self.encode).joined(separator: "\n") + "\n"
        try? FileText.create(path, text: text, mode: 0o600)
    }

    private func makeParentDirectories(of path: String) {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += "/" + component
            mkdir(prefix, 0o700)
        }
    }

    /// A multi-line entry is stored on one line: `\` and newlines escaped.
    static func encode(_ entry: String) -> String {
        entry.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    static func decode(_ line: String) -> String {
        var result = ""
        var escaped = false
        for character in line {
            if escaped {
                result.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
