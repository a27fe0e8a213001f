import CtrRuntime

/// `export image DEST [CMD…]`: the current container's root as it left
/// it, as an image (an OCI layout, a docker-archive or oci-archive file, a
/// registry, podman's storage).
extension BundleCommands {
    static let imageDestinations: Phrase = "oci:DIR[:TAG], docker-archive:FILE[:REF], oci-archive:FILE[:TAG], docker://REGISTRY/REPO:TAG or containers-storage:REF"

    static var exportImageVerb: Verb {
        let dest = Operand("DEST", .path)
        let cmd = Operand(repeating: "CMD", .program, optional: true)
        return Verb("image", [dest, cmd],
                    summary: "write the root as the container left it (its base, and what it changed as a layer of its own) as an image: \(imageDestinations); CMD (default: the image's command, else /bin/sh) is its command") { args throws(CommandError) in
            let destination = try imageDestination(args[dest])
            let argv = args[cmd]
            return { session in try exportImage(to: destination, argv: argv, session: session) }
        }
    }

    /// The destination `word` names, or an error saying which forms there are.
    private static func imageDestination(_ word: String) throws(CommandError) -> ImageSource {
        let parsed: ImageSource?
        do {
            parsed = try ImageSource.parse(word)
        } catch {
            if case .image(let problem) = error, let words = problem.referencePhrase { throw CommandError("export image: \(words)") }
            throw CommandError("export image: \(Diagnostics.phrase(for: error))")
        }
        guard let parsed else {
            throw CommandError("export image: `\(word)` names no image destination: write \(imageDestinations) (e.g. oci:./exported:1)")
        }
        return parsed
    }

    private static func exportImage(to destination: ImageSource, argv given: [String], session: Session) throws {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        let imageCommand = spec.image.map(\.command) ?? []
        let argv = given.isEmpty ? (imageCommand.isEmpty ? defaultProgram : imageCommand) : given
        do {
            var export = try session.runtime.imageExport(of: container, command: argv)
            export.creator = "ctrsh export image"  // the image's history names what made it
            // Frozen while its root is read: a running container could
            // otherwise change files under the export.
            let (result, frozen) = try session.runtime.whileFrozen(container, doing: .export) { () throws(RuntimeError) in
                try export.write(to: destination) { line in session.output.errorLine("export image: \(line)") }
            }
            if let frozen { session.output.line("export image: \(frozen.phrase)") }
            // A note may quote a file name the container chose: a newline in it must not start a line of ctrsh's own.
            for note in result.notes { session.output.line("export image: \(note.phrase.mappingFacts(DisplayText.escaped))") }
            let base: Phrase = result.imageLayers == 0 ? "the root" : "\(result.imageLayers) of the image's own"
            let parts: Phrase = export.upper == nil ? base : "\(base), and what the container changed"
            let layers: Phrase = result.layers == 1 ? "1 layer: \(parts)" : "\(result.layers) layers: \(parts)"
            session.output.line("export image: wrote `\(shown(destination))` (\(layers); manifest \(result.manifestDigest))")
        } catch {
            throw CommandError("export image: \(Diagnostics.phrase(for: error))")
        }
    }

    /// The destination as written, with the tag a layout or archive got.
    private static func shown(_ destination: ImageSource) -> String {
        switch destination {
        case .layout(let reference) where reference.tag == nil: destination.text + ":" + ImageExport.defaultTag
        case .ociArchive(_, nil): destination.text + ":" + ImageExport.defaultTag
        default: destination.text
        }
    }
}
