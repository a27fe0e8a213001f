import CtrKernel

/// Which image manifest `oci:DIR[:TAG]` means. In `index.json` the entries
/// whose `org.opencontainers.image.ref.name` annotation is TAG (without a
/// TAG: `latest`, or else the index's only entry). Among several entries
/// with one tag, or in a nested image index, the one for this machine's
/// platform (`linux/amd64` here) is followed, or else one that names no
/// platform; a manifest for another platform never is.
struct OCIManifestChoice {
    let layout: OCIImageLayout
    /// The platform to prefer among several manifests.
    var platform: OCIPlatform = Self.hostPlatform

    /// The manifest chosen, with what the messages call it.
    struct Chosen {
        var descriptor: OCIDescriptor
        var manifest: OCIManifest
        /// The tag it was chosen by, if any.
        var tag: String?
        /// Which manifest it is ("the manifest tagged `latest`"), for messages.
        var role: BlobRole
    }

    /// Nested indexes followed at most (an index naming itself is a loop).
    static let deepestNesting = 4

    func choose(tag: String?) throws(RuntimeError) -> Chosen {
        let indexFile = layout.directory + "/index.json"
        let index = try layout.index()
        let tags = Self.tags(in: index)
        var chosenTag = tag
        var entries = index.manifests
        var role: BlobRole
        if let tag {
            entries = entries.filter { $0.refName == tag }
            guard !entries.isEmpty else {
                throw .image(.noManifestTagged(index: indexFile, tag: tag, tags: tags))
            }
            role = .taggedManifest(tag)
        } else if entries.contains(where: { $0.refName == "latest" }) {
            entries = entries.filter { $0.refName == "latest" }
            chosenTag = "latest"
            role = .taggedManifest("latest")
        } else {
            guard entries.count == 1 else {
                throw .image(entries.isEmpty ? .indexEmpty(index: indexFile, tags: tags)
                    : .indexAmbiguous(index: indexFile, count: entries.count, tags: tags))
            }
            role = .onlyManifest
        }
        var depth = 0
        while true {
            let descriptor = try pick(entries, role: role, file: indexFile)
            if entries.count > 1, let platform = descriptor.platform { role = .forPlatform(role, platform.text) }
            if OCIMediaType.manifest.contains(descriptor.mediaType) {
                let manifest = try layout.document(OCIManifest.self, descriptor, role: role)
                return Chosen(descriptor: descriptor, manifest: manifest, tag: chosenTag, role: role)
            }
            guard OCIMediaType.index.contains(descriptor.mediaType) else {
                throw .image(.notManifestOrIndex(index: indexFile, role: role, mediaType: descriptor.mediaType))
            }
            depth += 1
            guard depth <= Self.deepestNesting else {
                throw .image(.indexesTooDeep(layout: layout.directory, role: role, depth: Self.deepestNesting))
            }
            let nested = try layout.document(OCIIndex.self, descriptor, role: role)
            entries = nested.manifests
            role = .index(role)
        }
    }

    /// The one entry to follow: the one for `platform` (its variant too,
    /// when one says it), or else the first that names no platform. An
    /// entry for another platform is never chosen: its programs would not run.
    private func pick(_ entries: [OCIDescriptor], role: BlobRole, file: String) throws(RuntimeError) -> OCIDescriptor {
        guard !entries.isEmpty else { throw .image(.nestedIndexEmpty(file: file, role: role)) }
        let matching = entries.filter { $0.platform.map { $0.os == platform.os && $0.architecture == platform.architecture } ?? false }
        let preferred = matching.first { $0.platform?.variant == platform.variant } ?? matching.first
            ?? entries.first { $0.platform == nil }
        guard let preferred else {
            let offered = entries.compactMap { $0.platform?.text }
            throw .image(.noManifestForPlatform(file: file, role: role, platform: platform.text, offered: offered))
        }
        return preferred
    }

    /// The tags of an index's entries, in order, each once.
    static func tags(in index: OCIIndex) -> [String] {
        var seen: [String] = []
        for case let tag? in index.manifests.map(\.refName) where !seen.contains(tag) { seen.append(tag) }
        return seen
    }

    /// This machine's platform in the image-spec's words (`GOARCH` names).
    static var hostPlatform: OCIPlatform {
        let machine = HostMachine.name
        let architectures = ["x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "armv6l": "arm", "i686": "386",
                             "i386": "386", "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64"]
        let variants = ["aarch64": "v8", "armv7l": "v7", "armv6l": "v6"]
        return OCIPlatform(architecture: architectures[machine] ?? machine, os: "linux", variant: variants[machine])
    }
}
