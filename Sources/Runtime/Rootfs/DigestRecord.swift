import CtrKernel
import Glibc

/// Remembers the SHA-256 of archives already unpacked, keyed by what `stat`
/// says of the file (device, inode, size, modification and change times),
/// so that using the same unchanged archive again costs one `stat` rather
/// than reading it whole. Any write to the file, or a `touch`, changes its
/// ctime, which no one but root can set back: the record then no longer
/// matches and the archive is hashed again. Records live in the cache's
/// `.digests/` directory, one small file per archive.
struct DigestRecord {
    /// The cache directory the records belong to.
    let cache: String

    private var directory: String { cache + "/.digests" }

    /// The recorded digest of `archive`, if it has not changed since.
    func digest(of archive: String) -> String? {
        guard let (key, identity) = Self.identity(of: archive),
              let text = FileText.readIfPresent(directory + "/" + key)
        else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count == 2, fields[0] == identity, fields[1].utf8.count == 64 else { return nil }
        return String(fields[1])
    }

    /// Records `digest` for `archive` as it is now; a failure only costs a
    /// digest computation next time.
    func remember(_ digest: String, of archive: String) {
        guard let (key, identity) = Self.identity(of: archive) else { return }
        guard (try? FileTree.makeDirectory(directory, mode: 0o700)) != nil else { return }
        let partial = directory + "/.\(key).\(getpid())"
        guard (try? FileText.create(partial, text: "\(identity) \(digest)", mode: 0o600)) != nil else { return }
        if rename(partial, directory + "/" + key) != 0 { unlink(partial) }
    }

    /// The record's name (device and inode) and what must not have changed.
    private static func identity(of path: String) -> (String, Substring)? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let times = [info.st_mtim, info.st_ctim].map { "\($0.tv_sec).\($0.tv_nsec)" }.joined(separator: ",")
        return ("\(info.st_dev)-\(info.st_ino)", "\(info.st_size),\(times)"[...])
    }
}
