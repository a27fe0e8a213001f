import CtrRuntime

/// `rootfs use oci:DIR[:TAG]` (and `oci-archive:`, `docker-archive:`,
/// `docker://`): an image, its root built once into the cache, its
/// config's defaults taken into the spec.
extension RootfsCommands {
    static func useImage(_ source: ImageSource, overlay: Bool, readonly: Bool, platform: ImagePlatform? = nil, session: Session) throws {
        let clock = ContinuousClock()
        var reported = clock.now
        let image = try OCIImageRoot.prepare(source, platform: platform, progress: { state in
            let now = clock.now
            guard now - reported >= .seconds(2) else { return }
            reported = now
            let layer: Phrase = "layer \(state.layer) of \(state.layers) of `\(source.text)`", size = ByteLimit.format(state.bytes)
            session.output.errorLine(state.entries == 1 ? "rootfs: unpacking \(layer): 1 entry, \(size) so far"
                : "rootfs: unpacking \(layer): \(state.entries) entries, \(size) so far")
        }, pullOutput: { progress in
            switch progress {
            case .skopeo(let line): session.output.errorLine("rootfs: pulling `\(source.text)`: \(line)")
            case .unchanged(let digest):
                session.output.errorLine("rootfs: pulling `\(source.text)`: its manifest is still \(digest), pulled before: nothing to copy")
            }
        })
        let defaults = image.defaults
        if !image.entry.wasCached {
            let layers: Phrase = image.entry.layers == 1 ? "1 layer" : "\(image.entry.layers) layers"
            session.output.line("rootfs: built `\(defaults.source)` (\(layers), \(defaults.manifestDigest)) into \(image.entry.path)")
        }
        if !overlay {
            session.output.line("rootfs: the image's root is shared by every use of `\(defaults.source)`: the container writes to an overlay layer of its own")
        }
        let kept = try set(RootfsSpec(path: image.entry.path, readonly: readonly, overlay: true), image: defaults, session: session)
        if let summary = summary(of: defaults) { session.output.line("rootfs: from the image config: \(summary)") }
        if !kept.isEmpty {
            session.output.line(kept.count == 1 ? "rootfs: kept the env you set for \(kept[0]) (the image sets it too)"
                : "rootfs: kept the env you set for \(kept.joined(separator: ", ")) (the image sets them too)")
        }
    }

    /// `env A, B; workdir /srv; user 1000:100; command /bin/sh -c …`, or nil
    /// when the image sets none of them.
    static func summary(of defaults: ImageDefaults) -> String? {
        var parts: [String] = []
        if !defaults.env.isEmpty { parts.append("env " + defaults.env.map(\.name).joined(separator: ", ")) }
        if let workdir = defaults.workdir { parts.append("workdir " + workdir) }
        if let user = defaults.user, let uid = defaults.uid, let gid = defaults.gid {
            parts.append("user \(user)" + (user == "\(uid):\(gid)" ? "" : " (\(uid):\(gid))"))
        }
        if !defaults.command.isEmpty { parts.append("command " + commandText(defaults.command)) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A command as ctrsh would read it back: words with anything but
    /// letters, digits and `/._-=:,+@%` single-quoted.
    static func commandText(_ argv: [String]) -> String {
        argv.map { word in
            let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "/._-=:,+@%".unicodeScalars.contains($0)
            }
            return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
