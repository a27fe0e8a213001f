import Glibc

/// The inode behind a process's namespace file, as `ls -l /proc/PID/ns`
/// shows it (`pid:[4026531836]` → `4026531836`).
public enum NamespaceInodes {
    /// The inode of `kind` for process `pid` ("self" for ctrsh), or nil.
    public static func inode(_ kind: NamespaceKind, of pid: String = "self") -> String? {
        inode(atPath: "/proc/\(pid)/ns/\(kind.procName)")
    }

    /// The inode of a namespace file given by path.
    public static func inode(atPath path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = link.firstIndex(of: "["), let close = link.firstIndex(of: "]") else { return nil }
        return String(link[link.index(after: open)..<close])
    }
}
