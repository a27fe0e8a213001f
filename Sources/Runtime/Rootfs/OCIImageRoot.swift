import Glibc

/// An image from an OCI layout made ready to be a container's root:
/// `index.json` → the chosen manifest → its layers applied in order into
/// the rootfs cache (once: the cache is keyed by the manifest's digest),
/// and the image config read into the defaults the spec takes.
public struct OCIImageRoot: Sendable {
    /// The built root, in the cache.
    public var entry: RootfsCache.ImageEntry
    /// The config's defaults, with `source` naming the image.
    public var defaults: ImageDefaults

    /// Opens `reference`, checks every blob it uses, and builds its root in
    /// `cache` unless it is there already. `progress` hears about each
    /// entry unpacked.
    public static func prepare(
        _ reference: OCIImageReference, cache: RootfsCache = RootfsCache(),
        progress: (RootfsCache.ImageProgress) -> Void = { _ in }
    ) throws(RuntimeError) -> OCIImageRoot {
        guard let resolved = realpath(reference.directory, nil) else {
            throw .system(operation: "rootfs: `\(reference.directory)`", errno: errno)
        }
        let directory = String(cString: resolved)
        free(resolved)
        let layout = try OCIImageLayout(directory: directory)
        let chosen = try OCIManifestChoice(layout: layout).choose(tag: reference.tag)
        let source = OCIImageReference.scheme + directory + (chosen.tag.map { ":" + $0 } ?? "")
        let (config, configFile) = try imageConfig(of: chosen, in: layout)
        let process = config.config
        var defaults = ImageDefaults(
            source: source, manifestDigest: chosen.descriptor.digest,
            command: (process?.entrypoint ?? []) + (process?.cmd ?? []),
            env: try environment(process?.env ?? [], file: configFile),
            workdir: process?.workingDir.flatMap { $0.isEmpty ? nil : $0 })
        let entry = try cache.root(of: chosen, in: layout, progress: progress)
        // The user is looked up in the image's own files, once they are there.
        if let user = process?.user, !user.isEmpty {
            let identity = try ImageUser.resolve(user, root: entry.path, image: source)
            defaults.user = user
            defaults.uid = identity.uid
            defaults.gid = identity.gid
        }
        return OCIImageRoot(entry: entry, defaults: defaults)
    }

    /// The manifest's config blob, checked and decoded, and its path.
    private static func imageConfig(
        of chosen: OCIManifestChoice.Chosen, in layout: OCIImageLayout
    ) throws(RuntimeError) -> (OCIImageConfig, String) {
        let descriptor = chosen.manifest.config
        let role = "the config of \(chosen.role)"
        guard OCIMediaType.config.contains(descriptor.mediaType) else {
            throw .invalidSpec("rootfs: `\(layout.directory)`: \(role) is a `\(descriptor.mediaType)`, not an image config: not a container image")
        }
        return (try layout.document(OCIImageConfig.self, descriptor, role: role), try layout.path(of: descriptor, role: role))
    }

    /// `Env`'s `NAME=VALUE` strings as variables.
    private static func environment(_ entries: [String], file: String) throws(RuntimeError) -> [EnvironmentVariable] {
        var variables: [EnvironmentVariable] = []
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw .invalidSpec("rootfs: `\(file)`: the image config's Env entry `\(entry)` is not NAME=VALUE")
            }
            variables.append(EnvironmentVariable(name: String(entry[..<equals]), value: String(entry[entry.index(after: equals)...])))
        }
        return variables
    }
}
