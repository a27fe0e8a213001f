import CLinux
import CtrKernel
import Glibc

/// A directory tree written into an image layer: a whole root (`.tree`),
/// or an overlay's upper directory (`.overlayUpper`), whose whiteouts (a
/// character device 0/0) become `.wh.NAME` entries and whose opaque
/// directories get a `.wh..wh..opq` entry, as the image-spec's layer
/// changesets write them. The tree is the container's, so hostile: it is
/// walked through directory descriptors (`DirectoryStack`) and never
/// leaves it; symlinks are stored as symlinks, never followed; a regular
/// file is opened without blocking or following and must still be the
/// file examined (a FIFO or device swapped in is refused); a directory
/// on another filesystem (a mount point) is stored empty.
struct LayerTree {
    enum Kind {
        case tree, overlayUpper
    }

    /// The most of a file's size that may be holes: a layer holds them as
    /// zeros, written out whole, so a container's `truncate -s 1T /big`
    /// (no disk of its own) would fill the host's disk with the export.
    static let largestHoles: Int64 = 1 << 30

    /// The longest directory path carried, so that its entries' paths (a
    /// name has at most NAME_MAX bytes) fit PATH_MAX, as an unpacker needs:
    /// a container's chain of a million nested directories would otherwise
    /// cost a header of its whole path each, quadratic in its depth.
    static let longestDirectoryPath = Int(PATH_MAX) - Int(NAME_MAX) - 2

    /// Names reserved for whiteouts: a file so named cannot be carried.
    static let whiteoutPrefix: [UInt8] = Array(".wh.".utf8)
    static let opaqueMarker = ".wh..wh..opq"

    let kind: Kind
    private let tar: TarWriter
    /// The first name written of each file with several links.
    private var firstNames: [InodeKey: [UInt8]] = [:]
    /// What the layer could not carry, a note each.
    private(set) var notes: [ImageExportNote] = []

    private struct InodeKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Writes every entry below the directory `root` into `tar`; returns
    /// what was left out, a note each.
    static func write(_ root: String, kind: Kind, into tar: TarWriter) throws(RuntimeError) -> [ImageExportNote] {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", root)) }
        defer { close(fd) }
        var layer = LayerTree(kind: kind, tar: tar)
        try layer.walk(fd, shownAs: root)
        return layer.notes
    }

    private init(kind: Kind, tar: TarWriter) {
        self.kind = kind
        self.tar = tar
    }

    /// Depth first without recursion, as `TreeCopy` walks.
    private mutating func walk(_ root: Int32, shownAs shown: String) throws(RuntimeError) {
        var stack = try DirectoryStack(root: root, shownAs: shown)
        defer { stack.closeAll() }
        var rootInfo = stat()
        guard fstat(root, &rootInfo) == 0 else { throw .lastError(SystemCall("stat", shown)) }
        var pending = [Self.inOrder(FileTree.names(ofDirectory: root))]
        while !pending.isEmpty {
            guard let name = pending[pending.count - 1].popLast() else {
                pending.removeLast()
                if !pending.isEmpty { try stack.leave() }
                continue
            }
            var info = stat()
            guard fstatat(stack.current, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw .lastError(SystemCall("stat", stack.shown(name)))
            }
            let path = stack.relative(name).dropLast().map { UInt8(bitPattern: $0) }
            let base = name.dropLast().map { UInt8(bitPattern: $0) }
            if base.starts(with: Self.whiteoutPrefix) {
                notes.append(.whiteoutName("/" + TarWriter.text(path)))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard path.count <= Self.longestDirectoryPath else {
                    notes.append(.tooDeep(start: "/" + TarWriter.text(Array(path.prefix(60))), limit: Int(PATH_MAX)))
                    continue
                }
                let opened = try stack.enter(name)
                try tar.add(path, info, xattrs: Self.xattrs(of: stack.current))
                if kind == .overlayUpper && Self.isOpaque(stack.current) {
                    try tar.add(TarWriter.text(path) + "/" + Self.opaqueMarker, bytes: [])
                }
                let sameFilesystem = opened.st_dev == rootInfo.st_dev
                if !sameFilesystem { notes.append(.otherFilesystem("/" + TarWriter.text(path))) }
                pending.append(sameFilesystem ? Self.inOrder(FileTree.names(ofDirectory: stack.current)) : [])
            case S_IFREG:
                try addFile(name, path, info, in: stack)
            case S_IFLNK:
                var target = [CChar](repeating: 0, count: Int(info.st_size) + 2)
                let length = readlinkat(stack.current, name, &target, target.count - 1)
                guard length >= 0 else { throw .lastError(SystemCall("readlink", stack.shown(name))) }
                try tar.add(path, info, symlink: target[0..<length].map { UInt8(bitPattern: $0) })
            case S_IFCHR where kind == .overlayUpper && info.st_rdev == 0:
                let parent = path.count > base.count ? Array(path.prefix(path.count - base.count)) : []
                try tar.add(TarWriter.text(parent + Self.whiteoutPrefix + base), bytes: [], mode: 0o600)
            case S_IFCHR, S_IFBLK, S_IFIFO:
                try tar.add(path, info)
            default:
                continue  // a socket: it means nothing in an image
            }
        }
    }

    /// Names sorted so that `popLast` takes them in byte order: the
    /// layer's entries come out in the same order every time.
    private static func inOrder(_ names: [[CChar]]) -> [[CChar]] {
        names.sorted { $1.lexicographicallyPrecedes($0) }
    }

    /// A regular file, or a hard link to one written before.
    private mutating func addFile(_ name: [CChar], _ path: [UInt8], _ info: stat, in stack: DirectoryStack) throws(RuntimeError) {
        let key = InodeKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if info.st_nlink > 1, let first = firstNames[key] {
            return try tar.add(path, info, hardlink: first)
        }
        let (fd, opened) = try ExaminedFile.open(name, in: stack.current, as: info, work: .export) { stack.shown(name) }
        defer { close(fd) }
        let holes = Int64(opened.st_size) - Int64(opened.st_blocks) * 512
        guard holes <= Self.largestHoles else {
            return notes.append(.sparseFile("/" + TarWriter.text(path), size: Int64(opened.st_size), onDisk: Int64(opened.st_blocks) * 512))
        }
        try tar.add(path, opened, xattrs: Self.xattrs(of: fd), data: fd)
        if info.st_nlink > 1 { firstNames[key] = path }
    }

    /// The open file's extended attributes (file capabilities, ACLs),
    /// without overlayfs's own marks (`trusted.overlay.*`, `user.overlay.*`).
    private static func xattrs(of fd: Int32) -> [(name: [UInt8], value: [UInt8])] {
        let size = ctr_flistxattr(fd, nil, 0)
        guard size > 0 else { return [] }
        var list = [CChar](repeating: 0, count: size)
        let listed = ctr_flistxattr(fd, &list, size)
        guard listed > 0 else { return [] }
        var result: [(name: [UInt8], value: [UInt8])] = []
        for bytes in list[0..<listed].split(separator: 0) {
            let name = bytes.map { UInt8(bitPattern: $0) }
            if name.starts(with: Array("trusted.overlay.".utf8)) || name.starts(with: Array("user.overlay.".utf8)) { continue }
            let cName = Array(bytes) + [0]
            let length = ctr_fgetxattr(fd, cName, nil, 0)
            guard length >= 0 else { continue }  // removed meanwhile
            var value = [UInt8](repeating: 0, count: length)
            let read = ctr_fgetxattr(fd, cName, &value, length)
            guard read >= 0 else { continue }
            result.append((name, Array(value.prefix(read))))
        }
        return result
    }

    /// True when overlayfs marked the open directory opaque (`y`).
    private static func isOpaque(_ fd: Int32) -> Bool {
        ["trusted.overlay.opaque", "user.overlay.opaque"].contains { name in
            var value: UInt8 = 0
            return ctr_fgetxattr(fd, name, &value, 1) == 1 && value == UInt8(ascii: "y")
        }
    }
}
