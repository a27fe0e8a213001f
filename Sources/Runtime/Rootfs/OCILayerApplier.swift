import CLinux
import CtrKernel
import Glibc

/// Applies one image layer on top of the layers below it (image-spec
/// `layer.md`), as `TarballExtractor.admit`: a `.wh.NAME` entry deletes
/// NAME of the lower layers, a `.wh..wh..opq` entry empties its directory
/// of what the lower layers put there, and an entry that is not a
/// directory replaces a lower directory whole. Whiteouts hide only what the
/// lower layers made: what this layer wrote itself stays. Whiteout entries
/// are not written.
///
/// A layer is hostile input. Every deletion goes through descriptors
/// beneath the root (`BeneathRoot`): the directory is opened one name at a
/// time with openat2's `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`, and the
/// entry is removed with `unlinkat` on that descriptor, never by a path
/// string. A whiteout whose name is absolute, holds a `..`, goes through a
/// symlink, or whose hidden name is not one name (`.wh.`, `.wh..`,
/// `.wh...`) is refused. Other entries are written by libarchive, whose
/// `SECURE_*` options refuse `..`, absolute names and paths through
/// symlinks, for hardlink targets too; the extraction is the only writer
/// of its private partial directory, so nothing changes between a check
/// and the write.
final class OCILayerApplier {
    /// The root the layers are applied to, open as a descriptor.
    private let root: BeneathRoot
    /// The layer, for messages: its blob and which layer it is.
    let layer: LayerName
    /// The paths this layer wrote, and every directory above them.
    private var written: Set<String> = []

    static let opaqueMarker = ".wh..wh..opq"
    static let whiteoutPrefix = ".wh."

    init(root: String, layer: LayerName) throws(RuntimeError) {
        self.root = try BeneathRoot(root)
        self.layer = layer
    }

    /// Handles the entry `name` of type `type` (an `S_IFMT` value): true
    /// when it is to be written.
    func admit(_ name: String, _ type: mode_t) throws(RuntimeError) -> Bool {
        let components = name.split(separator: "/").filter { $0 != "." }.map(String.init)
        guard let last = components.last else { return true }  // the root itself
        let parent = Array(components.dropLast())
        guard last.hasPrefix(Self.whiteoutPrefix) else {
            // libarchive refuses `..` and absolute names; a symlink on the
            // way leaves nothing below it to replace.
            if !name.hasPrefix("/"), !components.contains(".."), type != S_IFDIR, !written.contains(key(components)),
               case .directory(let directory) = root.walk(parent) {
                defer { close(directory) }
                if root.isDirectory(last, in: directory) { try remove(last, in: directory, at: components, entry: name) }
            }
            mark(components)
            return true
        }
        guard !name.hasPrefix("/"), !components.contains("..") else {
            throw refusal(name, .outsideRoot)
        }
        let hidden = String(last.dropFirst(Self.whiteoutPrefix.count))
        if last != Self.opaqueMarker, hidden.hasPrefix(Self.whiteoutPrefix) { return false }  // `.wh..wh.*`: other aufs metadata
        if last != Self.opaqueMarker, hidden.isEmpty || hidden == "." || hidden == ".." {
            throw refusal(name, .notInDirectory(whiteout: last, hidden: hidden))
        }
        guard case .directory(let directory) = try walk(parent, entry: name) else {
            // Nothing below to hide; an opaque directory is still this layer's.
            if last == Self.opaqueMarker { try makeDirectories(parent) }
            return false
        }
        defer { close(directory) }
        if last == Self.opaqueMarker {
            for child in BeneathRoot.names(in: directory) { try removeLower(child, in: directory, at: parent + [child], entry: name) }
        } else {
            try removeLower(hidden, in: directory, at: parent + [hidden], entry: name)
        }
        return false
    }

    // MARK: - Removing what lower layers made

    /// Removes `name` of `directory` (at `components`) as the lower layers
    /// left it: gone whole, unless this layer wrote it or something below
    /// it, which stays. Depth first without recursion: a layer's depth
    /// costs heap, not stack, and a bounded number of descriptors.
    private func removeLower(_ name: String, in directory: Int32, at components: [String], entry: String) throws(RuntimeError) {
        guard written.contains(key(components)) else {
            try remove(name, in: directory, at: components, entry: entry)
            return
        }
        guard let top = root.openDirectory(name, in: directory) else { return }
        defer { close(top) }
        var stack = try DirectoryStack(root: top, shownAs: root.path + "/" + key(components))
        defer { stack.closeAll() }
        var path = components
        var pending = [BeneathRoot.names(in: top)]
        while !pending.isEmpty {
            guard let child = pending[pending.count - 1].popLast() else {
                pending.removeLast()
                if stack.depth > 0 {
                    try stack.leave()
                    path.removeLast()
                }
                continue
            }
            let childPath = path + [child]
            guard written.contains(key(childPath)) else {
                try remove(child, in: stack.current, at: childPath, entry: entry)
                continue
            }
            guard let fd = root.openDirectory(child, in: stack.current) else { continue }
            try stack.push(fd, name: Array(child.utf8CString))
            path = childPath
            pending.append(BeneathRoot.names(in: fd))
        }
    }

    private func remove(_ name: String, in directory: Int32, at components: [String], entry: String) throws(RuntimeError) {
        if let problem = FileTree.removeTree(named: name, in: directory, path: root.path + "/" + key(components)) {
            throw .image(.whiteoutRemoval(layer: layer, entry: entry, problem: problem))
        }
    }

    // MARK: - Paths

    /// Opens the directory `components`: `.missing` when a prefix is
    /// missing or a file (nothing is below it); a symlink on the way is refused.
    private func walk(_ components: [String], entry: String) throws(RuntimeError) -> BeneathRoot.Walk {
        let walk = root.walk(components)
        if case .symlink(let through) = walk {
            throw refusal(entry, .throughSymlink("/" + key(through)))
        }
        return walk
    }

    /// Makes the missing directories of `components` (none is a symlink:
    /// `walk` said so) and marks them as this layer's.
    private func makeDirectories(_ components: [String]) throws(RuntimeError) {
        if let (call, code) = root.makeDirectories(components) { throw .image(.layerDirectory(layer: layer, call, errno: code)) }
        mark(components)
    }

    private func key(_ components: [String]) -> String { components.joined(separator: "/") }

    /// Records `components` and the directories above it as this layer's.
    private func mark(_ components: [String]) {
        for count in components.indices { written.insert(key(Array(components.prefix(count + 1)))) }
    }

    private func refusal(_ entry: String, _ refusal: WhiteoutRefusal) -> RuntimeError {
        .image(.whiteoutRefused(layer: layer, entry: entry, refusal))
    }
}
