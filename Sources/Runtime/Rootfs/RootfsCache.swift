import CtrKernel
import Glibc

/// Tarball roots, unpacked once: `<cache>/<sha256 of the archive>/` holds
/// the root, so the second `rootfs use` of the same archive costs one
/// digest and no extraction. An archive is unpacked into a temporary
/// sibling (`.partial-<pid>-XXXXXX`) and renamed into place only when
/// complete, so a half-unpacked entry is never used; partial directories
/// of ctrsh processes that are gone are removed on the next unpack and by
/// `ctrsh gc`. An
/// archive's digest is remembered by its `stat` identity (`DigestRecord`),
/// so an unchanged archive is not even read again. The cache is root's
/// alone (mode 0700): its roots may hold setuid programs.
public struct RootfsCache: Sendable {
    /// The directory holding the unpacked roots.
    public let directory: String

    /// `$CTRSH_CACHE_DIR/rootfs` when set; else `/var/cache/ctrsh/rootfs`
    /// as root, `$XDG_CACHE_HOME/ctrsh/rootfs` (or `~/.cache/…`) otherwise.
    public static var defaultDirectory: String {
        func variable(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil }
        }
        if let cache = variable("CTRSH_CACHE_DIR") { return cache + "/rootfs" }
        if geteuid() == 0 { return "/var/cache/ctrsh/rootfs" }
        if let cache = variable("XDG_CACHE_HOME") { return cache + "/ctrsh/rootfs" }
        return (variable("HOME") ?? "/tmp") + "/.cache/ctrsh/rootfs"
    }

    public init(directory: String = RootfsCache.defaultDirectory) {
        self.directory = directory
    }

    /// A root unpacked from a tarball.
    public struct Entry: Equatable, Sendable {
        /// The root's directory in the cache.
        public var path: String
        /// The archive's SHA-256.
        public var digest: String
        /// True when it was unpacked before: nothing was extracted now.
        public var wasCached: Bool
        /// What this extraction did (nil when it was cached).
        var summary: TarballExtractor.Summary?
        /// Device nodes left out because only root may make them.
        public var skippedDevices: Int { summary?.skippedDevices ?? 0 }
    }

    /// The root unpacked from `archive`: from the cache, or unpacked now.
    /// `progress` hears about each entry unpacked.
    public func root(
        of archive: String, progress: (_ entries: Int, _ bytes: UInt64) -> Void = { _, _ in }
    ) throws(RuntimeError) -> Entry {
        let record = DigestRecord(cache: directory)
        if let digest = record.digest(of: archive), FileTree.isDirectory(directory + "/" + digest) {
            return Entry(path: directory + "/" + digest, digest: digest, wasCached: true)
        }
        let digest = try SHA256.hexDigest(ofFile: archive)
        let path = directory + "/" + digest
        if FileTree.isDirectory(path) {
            record.remember(digest, of: archive)
            return Entry(path: path, digest: digest, wasCached: true)
        }
        var summary: TarballExtractor.Summary?
        let installed = try install(digest) { partial throws(RuntimeError) in
            summary = try TarballExtractor(archive: archive, destination: partial).extract { progress($0.entries, $0.bytes) }
        }
        record.remember(digest, of: archive)
        return Entry(path: path, digest: digest, wasCached: !installed, summary: installed ? summary : nil)
    }

    /// Makes the entry `<cache>/<key>`: `fill` builds it in a fresh
    /// partial directory, which is renamed into place only when `fill`
    /// succeeded, and removed otherwise. False when another ctrsh finished
    /// the same entry first: theirs is kept, and this one is dropped.
    func install(_ key: String, fill: (_ partial: String) throws(RuntimeError) -> Void) throws(RuntimeError) -> Bool {
        let path = directory + "/" + key
        try makeCacheDirectory()
        removeAbandonedPartials()
        let partial = try makePartial()
        chmod(partial, 0o755)  // mkdtemp makes it 0700; an archive's `./` entry may say otherwise
        do throws(RuntimeError) {
            try fill(partial)
            guard rename(partial, path) == 0 else {
                if errno == EEXIST || errno == ENOTEMPTY, FileTree.isDirectory(path) {
                    FileTree.removeTree(partial)
                    return false
                }
                throw RuntimeError.lastError(SystemCall("rename", partial))
            }
        } catch {
            FileTree.removeTree(partial)
            throw error
        }
        return true
    }

    /// Runs `body` with a fresh partial directory of the cache (an image
    /// archive is unpacked there), removed afterwards whatever happens.
    func withScratch<T>(_ body: (_ scratch: String) throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        try makeCacheDirectory()
        removeAbandonedPartials()
        let scratch = try makePartial()
        defer { FileTree.removeTree(scratch) }
        return try body(scratch)
    }

    /// The cache's directories, the last one root's alone.
    func makeCacheDirectory() throws(RuntimeError) {
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            if !FileTree.isDirectory(path) { try FileTree.makeDirectory(path, mode: 0o755) }
        }
        chmod(directory, 0o700)
    }

    /// A fresh `.partial-<pid>-XXXXXX` directory in the cache.
    private func makePartial() throws(RuntimeError) -> String {
        var template = Array("\(directory)/.partial-\(getpid())-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkdtemp($0) != nil } ?? false }
        guard made else { throw .lastError(SystemCall("mkdtemp", directory)) }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the partial directories whose ctrsh is gone (killed
    /// mid-extraction); returns their paths. One whose process still runs
    /// is another ctrsh unpacking right now, and is left alone.
    @discardableResult
    public func removeAbandonedPartials() -> [String] {
        var removed: [String] = []
        for name in FileTree.names(in: directory) where name.hasPrefix(".partial-") {
            let pid = name.dropFirst(".partial-".count).split(separator: "-").first.flatMap { pid_t($0) }
            guard let pid, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            FileTree.removeTree(directory + "/" + name)
            removed.append(directory + "/" + name)
        }
        return removed
    }
}
