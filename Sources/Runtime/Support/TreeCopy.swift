import CLinux
import CtrKernel
import Glibc

/// A faithful copy of a directory tree, as `cp -a --one-file-system` makes
/// one: owners, modes (setuid bits included), timestamps, extended
/// attributes (file capabilities), symlinks as symlinks, hard links as hard
/// links, device nodes and FIFOs. It works through directory descriptors, so
/// a name need not be UTF-8 and no symlink inside the tree is ever followed.
/// A directory on another filesystem (a mount point) is copied empty.
package struct TreeCopy {
    /// Device nodes left out: only root may make them.
    package private(set) var skippedDevices = 0

    /// The destination's root, which hard links are made relative to.
    private let destinationRoot: Int32
    /// The filesystem of the source root: the copy does not leave it.
    private let sourceDevice: dev_t
    /// Files with several links already copied, by their source inode: the
    /// path of the first copy, relative to the destination's root.
    private var firstCopies: [InodeKey: [CChar]] = [:]

    /// A path for messages, built only when one is shown: building each
    /// entry's path would cost time in the square of a tree's depth.
    private struct Shown: CustomStringConvertible {
        let text: () -> String
        init(_ path: String) { text = { path } }
        init(_ stack: DirectoryStack, _ name: [CChar]? = nil) { text = { stack.shown(name) } }
        var description: String { text() }
    }

    private struct InodeKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private init(destinationRoot: Int32, sourceDevice: dev_t) {
        self.destinationRoot = destinationRoot
        self.sourceDevice = sourceDevice
    }

    /// Copies the directory `source` to `destination`, which must not exist
    /// yet. On failure the partial copy is removed.
    package static func copy(_ source: String, to destination: String) throws(RuntimeError) -> TreeCopy {
        let sourceFD = open(source, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard sourceFD >= 0 else { throw .lastError(SystemCall("open", source)) }
        defer { close(sourceFD) }
        var info = stat()
        guard fstat(sourceFD, &info) == 0 else { throw .lastError(SystemCall("stat", source)) }
        guard mkdir(destination, 0o700) == 0 else { throw .lastError(SystemCall("mkdir", destination)) }
        do throws(RuntimeError) {
            let destinationFD = open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard destinationFD >= 0 else { throw .lastError(SystemCall("open", destination)) }
            defer { close(destinationFD) }
            var copy = TreeCopy(destinationRoot: destinationFD, sourceDevice: info.st_dev)
            try copy.copyContents(of: sourceFD, into: destinationFD, shownAs: source)
            try copy.copyMetadata(info, from: sourceFD, to: destinationFD, shownAs: Shown(source))
            return copy
        } catch {
            FileTree.removeTree(destination)
            throw error
        }
    }

    /// Copies every entry below the directory `root` into `destination`,
    /// depth first without recursion: a tree's depth costs heap, not stack,
    /// and only a bounded number of descriptors (see `DirectoryStack`).
    private mutating func copyContents(of root: Int32, into destination: Int32, shownAs shown: String) throws(RuntimeError) {
        var sources = try DirectoryStack(root: root, shownAs: shown)
        var copies = try DirectoryStack(root: destination, shownAs: shown)
        defer {
            sources.closeAll()
            copies.closeAll()
        }
        var pending = [FileTree.names(ofDirectory: root)]
        // The `stat` of each directory entered, for its metadata when left.
        var entered: [stat] = []
        while !pending.isEmpty {
            guard let name = pending[pending.count - 1].popLast() else {
                pending.removeLast()
                guard let info = entered.popLast() else { break }
                // Last: copying the contents changed the directory's times.
                try copyMetadata(info, from: sources.current, to: copies.current, shownAs: Shown(sources))
                try sources.leave()
                try copies.leave()
                continue
            }
            var info = stat()
            guard fstatat(sources.current, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw .lastError(SystemCall("stat", sources.shown(name)))
            }
            // A `Shown` holds a copy of the stack: made only where the stack
            // does not change while it lives, or each change would copy it.
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard mkdirat(copies.current, name, 0o700) == 0 else { throw .lastError(SystemCall("mkdir", sources.shown(name))) }
                let opened = try sources.enter(name)
                try copies.enter(name)
                entered.append(opened)
                pending.append(opened.st_dev == sourceDevice ? FileTree.names(ofDirectory: sources.current) : [])
            case S_IFREG: try copyFile(name, info, from: sources, to: copies.current, shownAs: Shown(sources, name))
            case S_IFLNK: try copySymlink(name, info, from: sources.current, to: copies.current, shownAs: Shown(sources, name))
            case S_IFCHR, S_IFBLK, S_IFIFO: try copyNode(name, info, to: copies.current, shownAs: Shown(sources, name))
            default: continue  // a socket: a copy of one means nothing
            }
        }
    }

    /// Copies a regular file. It is opened without blocking and checked to
    /// be the file `info` describes: a container may have swapped a FIFO or
    /// a device node in since (a FIFO would block the open, a device would
    /// be opened as host root). Holes stay holes; what is appended after
    /// the open is left out.
    private mutating func copyFile(
        _ name: [CChar], _ info: stat, from sources: DirectoryStack, to destination: Int32, shownAs path: Shown
    ) throws(RuntimeError) {
        let key = InodeKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if info.st_nlink > 1, let first = firstCopies[key] {
            guard linkat(destinationRoot, first, destination, name, 0) == 0 else { throw .lastError(SystemCall("link", path.description)) }
            return
        }
        let (input, opened) = try ExaminedFile.open(name, in: sources.current, as: info, work: .copy) { path.description }
        defer { close(input) }
        let output = openat(destination, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .lastError(SystemCall("create", path.description)) }
        defer { close(output) }
        try copyData(from: input, to: output, size: opened.st_size, shownAs: path)
        try copyMetadata(info, from: input, to: output, shownAs: path)
        if info.st_nlink > 1 { firstCopies[key] = sources.relative(name) }
    }

    /// `lseek`'s SEEK_DATA and SEEK_HOLE (Linux), which Glibc shows only
    /// with _GNU_SOURCE.
    private static let seekData: Int32 = 3
    private static let seekHole: Int32 = 4

    /// The first `size` bytes of `input`: only its data, found with
    /// `SEEK_DATA`/`SEEK_HOLE`, so a sparse file stays sparse.
    private func copyData(from input: Int32, to output: Int32, size: off_t, shownAs path: Shown) throws(RuntimeError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while offset < size {
            let data = lseek(input, offset, Self.seekData)
            if data < 0 && errno == ENXIO { break }  // only a hole is left
            guard data >= 0 else { throw .lastError(SystemCall("lseek(SEEK_DATA)", path.description)) }
            guard data < size else { break }
            let hole = min(lseek(input, data, Self.seekHole), size)
            guard hole >= data else { throw .lastError(SystemCall("lseek(SEEK_HOLE)", path.description)) }
            offset = data
            while offset < hole {
                let wanted = Int(min(off_t(buffer.count), hole - offset))
                let count = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, wanted, offset) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw .lastError(SystemCall("read", path.description)) }
                if count == 0 { break }  // truncated meanwhile
                var written = 0
                while written < count {
                    let n = buffer.withUnsafeBytes { bytes in
                        bytes.baseAddress.map { pwrite(output, $0 + written, count - written, offset + off_t(written)) } ?? -1
                    }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw .lastError(SystemCall("write", path.description)) }
                    written += n
                }
                offset += off_t(count)
            }
            offset = max(offset, hole)
        }
        guard ftruncate(output, size) == 0 else { throw .lastError(SystemCall("ftruncate", path.description)) }
    }

    private func copySymlink(_ name: [CChar], _ info: stat, from source: Int32, to destination: Int32, shownAs path: Shown) throws(RuntimeError) {
        var target = [CChar](repeating: 0, count: Int(info.st_size) + 2)
        let length = readlinkat(source, name, &target, target.count - 1)
        guard length >= 0 else { throw .lastError(SystemCall("readlink", path.description)) }
        target[length] = 0
        guard symlinkat(target, destination, name) == 0 else { throw .lastError(SystemCall("symlink", path.description)) }
        try copyOwnerAndTimes(info, name: name, in: destination, shownAs: path)
    }

    private mutating func copyNode(_ name: [CChar], _ info: stat, to destination: Int32, shownAs path: Shown) throws(RuntimeError) {
        guard mknodat(destination, name, info.st_mode, info.st_rdev) == 0 else {
            if errno == EPERM && info.st_mode & S_IFMT != S_IFIFO {
                skippedDevices += 1
                return
            }
            throw .lastError(SystemCall("mknod", path.description))
        }
        guard fchmodat(destination, name, info.st_mode & 0o7777, 0) == 0 else { throw .lastError(SystemCall("chmod", path.description)) }
        try copyOwnerAndTimes(info, name: name, in: destination, shownAs: path)
    }

    // MARK: - Metadata

    /// Owner, mode, extended attributes and times of an open file or
    /// directory, in that order: a change of owner clears setuid bits.
    private func copyMetadata(_ info: stat, from source: Int32, to destination: Int32, shownAs path: Shown) throws(RuntimeError) {
        if fchown(destination, info.st_uid, info.st_gid) != 0 && errno != EPERM {
            throw .lastError(SystemCall("chown", path.description))
        }
        guard fchmod(destination, info.st_mode & 0o7777) == 0 else { throw .lastError(SystemCall("chmod", path.description)) }
        try copyExtendedAttributes(from: source, to: destination, shownAs: path)
        var times = [info.st_atim, info.st_mtim]
        guard futimens(destination, &times) == 0 else { throw .lastError(SystemCall("futimens", path.description)) }
    }

    /// A symlink's or device node's owner and times (they have no descriptor to use).
    private func copyOwnerAndTimes(_ info: stat, name: [CChar], in directory: Int32, shownAs path: Shown) throws(RuntimeError) {
        if fchownat(directory, name, info.st_uid, info.st_gid, AT_SYMLINK_NOFOLLOW) != 0 && errno != EPERM {
            throw .lastError(SystemCall("chown", path.description))
        }
        var times = [info.st_atim, info.st_mtim]
        guard utimensat(directory, name, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw .lastError(SystemCall("utimensat", path.description)) }
    }

    /// Every extended attribute this process may set (`security.capability`
    /// included); those the destination refuses (`trusted.*` without the
    /// right, a filesystem without xattrs) are left out.
    private func copyExtendedAttributes(from source: Int32, to destination: Int32, shownAs path: Shown) throws(RuntimeError) {
        let size = ctr_flistxattr(source, nil, 0)
        if size < 0 && (errno == ENOTSUP || errno == EOPNOTSUPP) { return }
        guard size >= 0 else { throw .lastError(SystemCall("llistxattr", path.description)) }
        guard size > 0 else { return }
        var list = [CChar](repeating: 0, count: size)
        let listed = ctr_flistxattr(source, &list, size)
        guard listed >= 0 else { throw .lastError(SystemCall("llistxattr", path.description)) }
        for bytes in list[0..<listed].split(separator: 0) {
            let name = Array(bytes) + [0]
            let shownName = String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let length = ctr_fgetxattr(source, name, nil, 0)
            guard length >= 0 else { continue }  // removed meanwhile
            var value = [UInt8](repeating: 0, count: length)
            let read = ctr_fgetxattr(source, name, &value, length)
            guard read >= 0 else { continue }
            if ctr_fsetxattr(destination, name, value, read) != 0 && ![EPERM, ENOTSUP, EOPNOTSUPP].contains(errno) {
                throw .lastError(SystemCall("lsetxattr(\(shownName))", path.description))
            }
        }
    }
}
