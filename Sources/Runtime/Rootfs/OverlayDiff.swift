import CLinux
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
        walk(upper: layer.upper, lower: layer.lower, path: "", opaque: false, into: &changes)
        return changes.sorted { $0.path < $1.path }
    }

    /// Compares one directory of the upper layer with the base's directory
    /// at the same place (nil when the base has none there).
    private static func walk(upper: String, lower: String?, path: String, opaque: Bool, into changes: inout [RootfsChange]) {
        let upperNames = FileTree.names(in: upper)
        if opaque, let lower {
            for name in FileTree.names(in: lower) where !upperNames.contains(name) {
                changes.append(RootfsChange(.deleted, path + "/" + name))
            }
        }
        for name in upperNames {
            let upperPath = upper + "/" + name
            let containerPath = path + "/" + name
            var info = stat()
            guard lstat(upperPath, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFCHR && info.st_rdev == 0 {
                changes.append(RootfsChange(.deleted, containerPath))
                continue
            }
            let lowerPath = lower.map { $0 + "/" + name }
            var lowerInfo = stat()
            let inBase = lowerPath.map { lstat($0, &lowerInfo) == 0 } ?? false
            changes.append(RootfsChange(inBase ? .changed : .added, containerPath))
            guard type == S_IFDIR else { continue }
            let baseDirectory = inBase && lowerInfo.st_mode & S_IFMT == S_IFDIR ? lowerPath : nil
            walk(upper: upperPath, lower: baseDirectory, path: containerPath,
                 opaque: opaque || isOpaque(upperPath), into: &changes)
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
