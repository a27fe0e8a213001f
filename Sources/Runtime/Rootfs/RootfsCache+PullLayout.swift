import CtrKernel
import FoundationEssentials
import Glibc

extension RootfsCache {
    /// `gc`: removes from the layout that registry and podman pulls go to
    /// (`.registry-layout`) every blob no tag reaches any more (the
    /// manifest, config and layers of an image pulled again after it
    /// changed: skopeo keeps the old manifest's entry in `index.json`,
    /// untagged, and that entry goes too) and skopeo's unfinished files. Holds the layout's lock, so a pull running now is waited for,
    /// never cut short. Returns the paths removed; when a document a tag
    /// reaches cannot be read, nothing is removed and that is the error.
    public func prunePullLayout() throws(RuntimeError) -> [String] {
        let layout = SkopeoPull.layout(of: self)
        guard FileTree.isDirectory(layout) else { return [] }
        return try SkopeoPull.locked(cache: self) { () throws(RuntimeError) in
            let source = try OCIImageLayout(directory: layout)
            var reachable: Set<String> = []
            let entries = try source.index().manifests
            var pending = entries.filter { $0.refName != nil }.map { ($0, 0) }
            while let (descriptor, depth) = pending.popLast() {
                guard reachable.insert(descriptor.digest).inserted else { continue }
                let role = BlobRole.blob(descriptor.digest)
                if OCIMediaType.index.contains(descriptor.mediaType), depth < OCIManifestChoice.deepestNesting {
                    pending += try source.document(OCIIndex.self, descriptor, role: role).manifests.map { ($0, depth + 1) }
                } else if OCIMediaType.manifest.contains(descriptor.mediaType) {
                    let manifest = try source.document(OCIManifest.self, descriptor, role: role)
                    reachable.insert(manifest.config.digest)
                    for layer in manifest.layers { reachable.insert(layer.digest) }
                }
            }
            var removed: [String] = []
            if entries.contains(where: { $0.refName == nil }) { try Self.dropUntaggedEntries(of: layout) }
            for name in FileTree.names(in: layout + "/blobs/sha256") where !reachable.contains("sha256:" + name) {
                removed.append(layout + "/blobs/sha256/" + name)
            }
            // skopeo writes a blob to a temporary file in the layout first.
            for name in FileTree.names(in: layout) where !["oci-layout", "index.json", "blobs"].contains(name) {
                removed.append(layout + "/" + name)
            }
            for path in removed where unlink(path) != 0 && errno != ENOENT {
                guard errno == EISDIR, FileTree.removeTree(path) == nil else { throw .lastError(SystemCall("unlink", path)) }
            }
            return removed
        }
    }

    /// Rewrites the layout's `index.json` without its untagged entries,
    /// every other entry as it was.
    private static func dropUntaggedEntries(of layout: String) throws(RuntimeError) {
        let file = layout + "/index.json"
        let bytes = try OCIImageLayout.read(file, limit: OCIImageLayout.largestDocument)
        guard case .object(var index)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)),
              case .array(let manifests)? = index["manifests"] else {
            throw .image(.pullIndexInvalid(file: file))
        }
        index["manifests"] = .array(manifests.filter { $0["annotations"]?[OCIDescriptor.refNameAnnotation] != nil })
        let temporary = file + ".gc-\(getpid())"
        try FileText.create(temporary, text: String(decoding: try ImageLayoutWriter.encode(JSONValue.object(index)), as: UTF8.self))
        guard rename(temporary, file) == 0 else {
            let code = errno
            unlink(temporary)
            throw .kernel(SystemCall("rename", temporary), errno: code)
        }
    }
}
