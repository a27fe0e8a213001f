import CLinux
import CtrKernel
import Glibc

/// What a container changed, read from its overlay layer's upper
/// directory against the base: a whiteout (a character device 0/0) is a
/// deleted path, an entry also in the base is changed, any other is added.
/// An opaque directory (xattr `trusted.overlay.opaque`, or `user.` in a
/// user namespace) hides the whole base directory, so what the base had
/// there and the upper has not is deleted too.
enum OverlayDiff {
    /// Every change in `layer`, sorted by path.
    static func changes(in layer: OverlayLayer) -> [RootfsChange] {
        var changes: [RootfsChange] = []
        // Directories still to compare, kept on the heap: a layer's depth
        // is the container's choice and must not cost stack.
        var pending = [Directory(upper: layer.upper, lower: layer.lower, path: "", opaque: false)]
        while let directory = pending.popLast() {
            compare(directory, into: &changes, pending: &pending)
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// One directory of the upper layer, the base's directory at the same
    /// place (nil when the base has none there), and the container's path.
    private struct Directory {
        let upper: String
        let lower: String?
        let path: String
        let opaque: Bool
    }

    /// Compares one directory of the upper layer with the base's, adding
    /// its subdirectories to `pending`.
    private static func compare(_ directory: Directory, into changes: inout [RootfsChange], pending: inout [Directory]) {
        let upperNames = FileTree.names(in: directory.upper)
        if directory.opaque, let lower = directory.lower {
            for name in FileTree.names(in: lower) where !upperNames.contains(name) {
                changes.append(RootfsChange(.deleted, directory.path + "/" + name))
            }
        }
        for name in upperNames {
            let upperPath = directory.upper + "/" + name
            let containerPath = directory.path + "/" + name
            var info = stat()
            guard lstat(upperPath, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                changes.append(RootfsChange(.deleted, containerPath))
                continue
            }
            let lowerPath = directory.lower.map { $0 + "/" + name }
            var lowerInfo = stat()
            let inBase = lowerPath.map { lstat($0, &lowerInfo) == 0 } ?? false
            changes.append(RootfsChange(inBase ? .changed : .added, containerPath))
            guard type == S_IFDIR else { continue }
            let baseDirectory = inBase && lowerInfo.st_mode & S_IFMT == S_IFDIR ? lowerPath : nil
            pending.append(Directory(upper: upperPath, lower: baseDirectory, path: containerPath,
                                     opaque: directory.opaque || isOpaque(upperPath)))
        }
    }

    /// True when overlayfs marked the directory opaque (`y`).
    private static func isOpaque(_ path: String) -> Bool {
        for name in ["trusted.overlay.opaque", "user.overlay.opaque"] {
            var value: UInt8 = 0
            if ctr_lgetxattr(path, name, &value, 1) == 1 && value == UInt8(ascii: "y") { return true }
        }
        return false
    }
}
