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
        /// "the manifest tagged `latest`", for messages.
        var role: String
    }

    /// Nested indexes followed at most (an index naming itself is a loop).
    static let deepestNesting = 4

    func choose(tag: String?) throws(RuntimeError) -> Chosen {
        let indexFile = layout.directory + "/index.json"
        let index = try layout.index()
        let tags = Self.tags(in: index)
        var chosenTag = tag
        var entries = index.manifests
        var role: String
        if let tag {
            entries = entries.filter { $0.refName == tag }
            guard !entries.isEmpty else {
                throw .invalidSpec("rootfs: `\(indexFile)`: no manifest is tagged `\(tag)` (\(Self.describe(tags)))")
            }
            role = "the manifest tagged `\(tag)`"
        } else if entries.contains(where: { $0.refName == "latest" }) {
            entries = entries.filter { $0.refName == "latest" }
            chosenTag = "latest"
            role = "the manifest tagged `latest`"
        } else {
            guard entries.count == 1 else {
                let problem = entries.isEmpty ? "holds no manifest" : "holds \(entries.count) manifests and none is tagged `latest`"
                throw .invalidSpec("rootfs: `\(indexFile)`: \(problem): name one as oci:DIR:TAG (\(Self.describe(tags)))")
            }
            role = "the index's only manifest"
        }
        var depth = 0
        while true {
            let descriptor = try pick(entries, role: role, file: indexFile)
            if entries.count > 1, let platform = descriptor.platform { role += " for \(platform.text)" }
            if OCIMediaType.manifest.contains(descriptor.mediaType) {
                let manifest = try layout.document(OCIManifest.self, descriptor, role: role)
                return Chosen(descriptor: descriptor, manifest: manifest, tag: chosenTag, role: role)
            }
            guard OCIMediaType.index.contains(descriptor.mediaType) else {
                throw .invalidSpec(
                    "rootfs: `\(indexFile)`: \(role) is a `\(descriptor.mediaType)`, not an image manifest or index")
            }
            depth += 1
            guard depth <= Self.deepestNesting else {
                throw .invalidSpec("rootfs: `\(layout.directory)`: \(role) nests image indexes more than \(Self.deepestNesting) deep (a loop?)")
            }
            let nested = try layout.document(OCIIndex.self, descriptor, role: role)
            entries = nested.manifests
            role += " (an index)"
        }
    }

    /// The one entry to follow: the one for `platform` (its variant too,
    /// when one says it), or else the first that names no platform. An
    /// entry for another platform is never chosen: its programs would not run.
    private func pick(_ entries: [OCIDescriptor], role: String, file: String) throws(RuntimeError) -> OCIDescriptor {
        guard !entries.isEmpty else { throw .invalidSpec("rootfs: `\(file)`: \(role) is an image index with no manifest") }
        let matching = entries.filter { $0.platform.map { $0.os == platform.os && $0.architecture == platform.architecture } ?? false }
        let preferred = matching.first { $0.platform?.variant == platform.variant } ?? matching.first
            ?? entries.first { $0.platform == nil }
        guard let preferred else {
            let offered = entries.compactMap { $0.platform?.text }.joined(separator: ", ")
            throw .invalidSpec("rootfs: `\(file)`: \(role) has no manifest for \(platform.text) (it has: \(offered))")
        }
        return preferred
    }

    /// The tags of an index's entries, in order, each once.
    static func tags(in index: OCIIndex) -> [String] {
        var seen: [String] = []
        for case let tag? in index.manifests.map(\.refName) where !seen.contains(tag) { seen.append(tag) }
        return seen
    }

    private static func describe(_ tags: [String]) -> String {
        tags.isEmpty ? "it tags none" : "tags: " + tags.joined(separator: ", ")
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
