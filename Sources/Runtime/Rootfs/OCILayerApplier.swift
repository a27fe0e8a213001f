import Glibc

/// Applies one image layer on top of the layers below it (image-spec
/// `layer.md`), as `TarballExtractor.admit`: a `.wh.NAME` entry deletes
/// NAME of the lower layers, a `.wh..wh..opq` entry empties its directory
/// of what the lower layers put there, and an entry that is not a
/// directory replaces a lower directory whole. Whiteouts hide only what the
/// lower layers made: what this layer wrote itself stays. Whiteout entries
/// are not written. A whiteout that would reach outside the root (a `..`,
/// an absolute name, a symlink on the way) is refused; other entries are
/// left to libarchive's own refusal of such names.
final class OCILayerApplier {
    /// The root the layers are applied to.
    let root: String
    /// The layer's blob, for messages.
    let layer: String
    /// The paths this layer wrote, and every directory above them.
    private var written: Set<String> = []

    static let opaqueMarker = ".wh..wh..opq"
    static let whiteoutPrefix = ".wh."

    init(root: String, layer: String) {
        self.root = root
        self.layer = layer
    }

    /// Handles the entry `name` of type `type` (an `S_IFMT` value): true
    /// when it is to be written.
    func admit(_ name: String, _ type: mode_t) throws(RuntimeError) -> Bool {
        let components = name.split(separator: "/").filter { $0 != "." }.map(String.init)
        guard let last = components.last else { return true }  // the root itself
        let parent = Array(components.dropLast())
        guard last.hasPrefix(Self.whiteoutPrefix) else {
            if !name.hasPrefix("/"), !components.contains(".."), type != S_IFDIR, walk(parent) == .directories,
               isDirectory(components), !written.contains(key(components)) {
                try remove(components, entry: name)
            }
            mark(components)
            return true
        }
        guard !name.hasPrefix("/"), !components.contains("..") else {
            throw refusal(name, "a whiteout may not name a path outside the root")
        }
        switch walk(parent) {
        case .directories: break
        case .missing:
            // Nothing below to hide; an opaque directory is still this layer's.
            if last == Self.opaqueMarker { try makeDirectories(parent) }
            return false
        case .symlink(let through): throw refusal(name, "a whiteout may not go through the symlink `\(through)`")
        }
        if last == Self.opaqueMarker {
            for child in FileTree.names(in: path(parent)) { try removeLower(parent + [child], entry: name) }
        } else if !last.hasPrefix(Self.whiteoutPrefix + Self.whiteoutPrefix) {  // `.wh..wh.*`: other aufs metadata
            try removeLower(parent + [String(last.dropFirst(Self.whiteoutPrefix.count))], entry: name)
        }
        return false
    }

    // MARK: - Removing what lower layers made

    /// Removes `components` as the lower layers left it: gone whole, unless
    /// this layer wrote it or something below it, which stays.
    private func removeLower(_ components: [String], entry: String) throws(RuntimeError) {
        guard written.contains(key(components)) else {
            try remove(components, entry: entry)
            return
        }
        guard isDirectory(components) else { return }
        for child in FileTree.names(in: path(components)) { try removeLower(components + [child], entry: entry) }
    }

    private func remove(_ components: [String], entry: String) throws(RuntimeError) {
        if let problem = FileTree.removeTree(path(components)) {
            throw .invalidSpec("rootfs: `\(layer)`: entry `\(entry)`: \(problem)")
        }
    }

    // MARK: - Paths

    /// Makes the missing directories of `components` (none is a symlink:
    /// `walk` said so) and marks them as this layer's.
    private func makeDirectories(_ components: [String]) throws(RuntimeError) {
        for count in components.indices where !isDirectory(Array(components.prefix(count + 1))) {
            try FileTree.makeDirectory(path(Array(components.prefix(count + 1))))
        }
        mark(components)
    }

    private func key(_ components: [String]) -> String { components.joined(separator: "/") }

    private func path(_ components: [String]) -> String {
        components.isEmpty ? root : root + "/" + key(components)
    }

    /// Records `components` and the directories above it as this layer's.
    private func mark(_ components: [String]) {
        for count in components.indices { written.insert(key(Array(components.prefix(count + 1)))) }
    }

    /// True when `components` is a directory itself, not a symlink to one.
    private func isDirectory(_ components: [String]) -> Bool {
        FileTree.isDirectory(path(components))
    }

    /// What lies on the way to `components` in the root.
    private enum Walk: Equatable {
        /// Every prefix is a real directory.
        case directories
        /// A prefix is missing, or a file: nothing is below it.
        case missing
        /// A prefix (this one, inside the root) is a symlink.
        case symlink(String)
    }

    private func walk(_ components: [String]) -> Walk {
        for count in components.indices {
            let prefix = Array(components.prefix(count + 1))
            var info = stat()
            guard lstat(path(prefix), &info) == 0 else { return .missing }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: return .symlink("/" + key(prefix))
            default: return .missing
            }
        }
        return .directories
    }

    private func refusal(_ entry: String, _ problem: String) -> RuntimeError {
        .invalidSpec("rootfs: `\(layer)`: entry `\(entry)`: \(problem) (refused: an entry may not reach outside the root)")
    }
}
