import CtrKernel
import Glibc

/// An image from an OCI layout (or an image archive, or a registry, by
/// way of a layout) made ready to be a container's root:
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
        _ reference: OCIImageReference, cache: RootfsCache = RootfsCache(), platform: ImagePlatform? = nil,
        progress: (RootfsCache.ImageProgress) -> Void = { _ in }
    ) throws(RuntimeError) -> OCIImageRoot {
        let directory = try absolute(reference.directory)
        return try prepare(layout: directory, tag: reference.tag, cache: cache, platform: platform, progress: progress) { tag in
            OCIImageReference.scheme + directory + (tag.map { ":" + $0 } ?? "")
        }
    }

    /// The image `source` names, from an archive unpacked for the while
    /// or a layout skopeo copied from a registry or podman's storage,
    /// built as a layout's is.
    /// `pullOutput` hears how pulling a registry image goes (skopeo's
    /// progress lines). `platform` picks among a multi-platform index's
    /// manifests (nil: this machine's).
    public static func prepare(
        _ source: ImageSource, cache: RootfsCache = RootfsCache(), platform: ImagePlatform? = nil,
        progress: (RootfsCache.ImageProgress) -> Void = { _ in }, pullOutput: (PullProgress) -> Void = { _ in }
    ) throws(RuntimeError) -> OCIImageRoot {
        switch source {
        case .layout(let reference):
            return try prepare(reference, cache: cache, platform: platform, progress: progress)
        case .ociArchive(let file, let tag):
            let path = try absolute(file)
            return try cache.withScratch { scratch throws(RuntimeError) in
                try ImageArchive.unpack(path, into: scratch)
                return try naming(path, for: scratch) { () throws(RuntimeError) in
                    try prepare(layout: scratch, tag: tag, cache: cache, platform: platform, progress: progress) { tag in
                        ImageSource.ociArchive(file: path, tag: tag).text
                    }
                }
            }
        case .dockerArchive(let file, let reference):
            let path = try absolute(file)
            return try cache.withScratch { scratch throws(RuntimeError) in
                try FileTree.makeDirectory(scratch + "/archive")
                try ImageArchive.unpack(path, into: scratch + "/archive")
                try DockerArchiveLayout(directory: scratch + "/archive", archive: path).write(reference: reference, to: scratch + "/layout")
                return try naming(path, for: scratch + "/layout") { () throws(RuntimeError) in
                    try prepare(layout: scratch + "/layout", tag: nil, cache: cache, platform: platform, progress: progress) { _ in
                        ImageSource.dockerArchive(file: path, reference: reference).text
                    }
                }
            }
        case .registry, .containersStorage:
            let pull = SkopeoPull(source, cache: cache, platform: platform)
            return try pull.locked { () throws(RuntimeError) in
                let tag = try pull.pull(output: pullOutput)
                return try prepare(layout: pull.layout, tag: tag, cache: cache, platform: platform, progress: progress) { _ in source.text }
            }
        }
    }

    /// Runs `body`, its errors naming the archive `file` (`FILE!blobs/…`)
    /// where they would name the directory it was unpacked into for the while.
    private static func naming(
        _ file: String, for unpacked: String, _ body: () throws(RuntimeError) -> OCIImageRoot
    ) throws(RuntimeError) -> OCIImageRoot {
        do {
            return try body()
        } catch .image(let problem) {
            throw .image(.inArchive(problem, archive: file, unpackedAt: unpacked))
        }
    }

    private static func absolute(_ path: String) throws(RuntimeError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw .image(.unresolvable(path: path, errno: errno))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The layout at `directory` (absolute), its manifest `tag` (nil: the
    /// only one, or `latest`) built and its defaults read; `name` says
    /// what the image is called given the tag chosen.
    private static func prepare(
        layout directory: String, tag: String?, cache: RootfsCache, platform: ImagePlatform?,
        progress: (RootfsCache.ImageProgress) -> Void, name: (String?) -> String
    ) throws(RuntimeError) -> OCIImageRoot {
        let layout = try OCIImageLayout(directory: directory)
        var choice = OCIManifestChoice(layout: layout)
        if let platform { choice.platform = platform.oci }
        let chosen = try choice.choose(tag: tag)
        let source = name(chosen.tag)
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
        let role = BlobRole.config(chosen.role)
        guard OCIMediaType.config.contains(descriptor.mediaType) else {
            throw .image(.notImageConfig(layout: layout.directory, role: role, mediaType: descriptor.mediaType))
        }
        return (try layout.document(OCIImageConfig.self, descriptor, role: role), try layout.path(of: descriptor, role: role))
    }

    /// `Env`'s `NAME=VALUE` strings as variables.
    private static func environment(_ entries: [String], file: String) throws(RuntimeError) -> [EnvironmentVariable] {
        var variables: [EnvironmentVariable] = []
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw .image(.badConfigEnv(file: file, entry: entry))
            }
            variables.append(EnvironmentVariable(name: String(entry[..<equals]), value: String(entry[entry.index(after: equals)...])))
        }
        return variables
    }
}
