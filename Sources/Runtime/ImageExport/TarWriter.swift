import CArchive
import CtrKernel
import Glibc

/// A tar archive written with libarchive in the POSIX pax format image
/// layers use (plain ustar headers where they suffice), optionally
/// gzip-compressed. Entries are described by the caller (name, `stat`,
/// link target, extended attributes) and their data read from a
/// descriptor it opened: libarchive never opens a path of the tree being
/// archived, so nothing in it is followed. The file is created new
/// (`O_EXCL`): an existing file is never written over.
final class TarWriter {
    /// The archive's path, for messages.
    let file: String
    private let archive: OpaquePointer
    private let descriptor: Int32
    private var closed = false

    init(creating file: String, gzip: Bool = false) throws(RuntimeError) {
        self.file = file
        descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .lastError(SystemCall("open", file)) }
        guard let archive = archive_write_new() else {
            close(descriptor)
            throw .kernel(SystemCall("libarchive"), errno: ENOMEM)
        }
        self.archive = archive
        archive_write_set_format_pax_restricted(archive)
        if gzip { archive_write_add_filter_gzip(archive) }
        guard archive_write_open_fd(archive, descriptor) == ARCHIVE_OK else {
            let error = failure(.open)
            archive_write_free(archive)
            close(descriptor)
            throw error
        }
    }

    deinit {
        if !closed { archive_write_free(archive) }
        close(descriptor)
    }

    /// One entry. `name` is its path in the archive (bytes, no NUL);
    /// `data`, for a regular file, the descriptor its `info.st_size`
    /// bytes are read from (zeros stand in for what it no longer has).
    func add(
        _ name: [UInt8], _ info: stat, symlink: [UInt8]? = nil, hardlink: [UInt8]? = nil,
        xattrs: [(name: [UInt8], value: [UInt8])] = [], data: Int32? = nil
    ) throws(RuntimeError) {
        let size: Int64 = info.st_mode & S_IFMT == S_IFREG && hardlink == nil ? Int64(info.st_size) : 0
        try writeHeader(name, info, size: size, symlink: symlink, hardlink: hardlink, xattrs: xattrs)
        if let data, size > 0 { try copy(size, from: data, name: name) }
    }

    /// A regular file of the archive holding `bytes` (a whiteout, a
    /// manifest), owned by root with `mode`.
    func add(_ name: String, bytes: [UInt8], mode: mode_t = 0o644) throws(RuntimeError) {
        var info = stat()
        info.st_mode = S_IFREG | mode
        try writeHeader(Array(name.utf8), info, size: Int64(bytes.count))
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure(.write(name)) }
    }

    private func writeHeader(
        _ name: [UInt8], _ info: stat, size: Int64, symlink: [UInt8]? = nil, hardlink: [UInt8]? = nil,
        xattrs: [(name: [UInt8], value: [UInt8])] = []
    ) throws(RuntimeError) {
        guard let entry = archive_entry_new() else { throw .kernel(SystemCall("libarchive"), errno: ENOMEM) }
        defer { archive_entry_free(entry) }
        archive_entry_copy_pathname(entry, Self.cString(name))
        let type = info.st_mode & S_IFMT
        archive_entry_set_filetype(entry, hardlink == nil ? UInt32(type) : UInt32(Glibc.S_IFREG))
        archive_entry_set_perm(entry, info.st_mode & 0o7777)
        archive_entry_set_uid(entry, Int64(info.st_uid))
        archive_entry_set_gid(entry, Int64(info.st_gid))
        archive_entry_set_mtime(entry, info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
        archive_entry_set_size(entry, size)
        if let symlink { archive_entry_copy_symlink(entry, Self.cString(symlink)) }
        if let hardlink { archive_entry_copy_hardlink(entry, Self.cString(hardlink)) }
        if type == S_IFCHR || type == S_IFBLK { archive_entry_set_rdev(entry, info.st_rdev) }
        for xattr in xattrs {
            xattr.value.withUnsafeBytes { archive_entry_xattr_add_entry(entry, Self.cString(xattr.name), $0.baseAddress, $0.count) }
        }
        // ARCHIVE_WARN: a name that is not UTF-8 is stored as bytes (pax `hdrcharset=BINARY`).
        guard archive_write_header(archive, entry) >= ARCHIVE_WARN else { throw failure(.writeEntry(Self.text(name))) }
    }

    /// The regular file `path` of the host (a blob ctrsh wrote) as `name`.
    func add(_ name: String, copying path: String) throws(RuntimeError) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .lastError(SystemCall("stat", path)) }
        info.st_uid = 0
        info.st_gid = 0
        info.st_mode = S_IFREG | 0o644
        try add(Array(name.utf8), info, data: fd)
    }

    /// Writes the end of the archive and closes it.
    func finish() throws(RuntimeError) {
        closed = true
        let status = archive_write_close(archive)
        let error = status == ARCHIVE_OK ? nil : failure(.finish)
        archive_write_free(archive)
        if let error { throw error }
        guard fsync(descriptor) == 0 else { throw .lastError(SystemCall("fsync", file)) }
    }

    /// `size` bytes from `fd`, padded with zeros when it ends sooner.
    private func copy(_ size: Int64, from fd: Int32, name: [UInt8]) throws(RuntimeError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = size
        var ended = false
        while left > 0 {
            let wanted = Int(min(Int64(buffer.count), left))
            var count = 0
            if !ended {
                count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw .lastError(SystemCall("read", Self.text(name))) }
            }
            if count == 0 {
                ended = true  // truncated meanwhile: zeros keep the header's size true
                for index in 0..<wanted { buffer[index] = 0 }
                count = wanted
            }
            let written = buffer.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, count) }
            guard written == count else { throw failure(.write(Self.text(name))) }
            left -= Int64(count)
        }
    }

    private func failure(_ step: TarStep) -> RuntimeError {
        let reason = archive_error_string(archive).map { String(cString: $0) }
        return .image(.tarWrite(file: file, step, reason: reason))
    }

    /// `bytes` as a NUL-terminated C string.
    private static func cString(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
