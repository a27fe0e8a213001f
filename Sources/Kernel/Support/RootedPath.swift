import Glibc

/// A path looked up inside a root directory as a process chrooted there
/// would: every symlink is followed within the root (an absolute target
/// starts again at the root, a `..` stops at it), so nothing leads out to
/// the host. `rootfs use oci:…` reads an image's `/etc/passwd` this way,
/// and `rootfs make host` walks host paths with it to copy their symlinks.
package enum RootedPath {
    /// One step of a walk, relative to the root (no leading `/`).
    package enum Step {
        /// A directory passed through.
        case directory(String)
        /// A symlink followed, with its target as written.
        case symlink(String, target: String)
    }

    /// The most symlinks a walk follows, as the kernel's `ELOOP` limit.
    static let mostLinks = 40

    /// The path of `path` inside `root`, every symlink resolved, relative to
    /// the root; nil when a component is missing, a non-directory has
    /// something below it, or the symlinks loop. `visit` sees each
    /// directory passed and each symlink followed, in order.
    package static func resolve(
        _ path: String, in root: String, visit: (Step) throws(RuntimeError) -> Void = { _ in }
    ) throws(RuntimeError) -> String? {
        var pending = Array(path.split(separator: "/").map(String.init).reversed())
        var resolved: [String] = []
        var links = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let relative = (resolved + [component]).joined(separator: "/")
            let host = (root == "/" ? "" : root) + "/" + relative
            var info = stat()
            guard lstat(host, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                links += 1
                guard links <= mostLinks, let target = linkTarget(host) else {
                    return nil
                }
                try visit(.symlink(relative, target: target))
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: target.split(separator: "/").map(String.init).reversed())
            case S_IFDIR:
                try visit(.directory(relative))
                resolved.append(component)
            default:
                guard pending.allSatisfy({ $0 == "." }) else { return nil }
                resolved.append(component)
            }
        }
        return resolved.joined(separator: "/")
    }

    /// What the symlink at `path` points to.
    package static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
