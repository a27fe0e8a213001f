import CtrRuntime
import Glibc

/// `rootfs use`, `rootfs make`, `rootfs diff`: where the container's
/// process runs, and what it changed there.
enum RootfsCommands {
    static var family: CommandFamily {
        let path = Operand("PATH", .path)
        let overlay = Switch("--overlay", summary: "keep PATH unchanged: the container writes to a layer of its own")
        let readonly = Switch("--readonly", summary: "mount the root read-only; ctrsh then writes nothing in PATH, not even a mount point (see `help mount`)")
        let platform = Option("--platform", platformKind, summary: "an image's manifest for OS/ARCH[/VARIANT] (default: this machine's), e.g. linux/arm64/v8")
        let kind = Operand("KIND", .choice(["busybox", "host"]))
        let directory = Operand("DIR", .directory)
        let programs = Operand(repeating: "PROGRAM", .path, optional: true)
        return CommandFamily(
            "rootfs", summary: "choose or build the container's root filesystem",
            examples: ["rootfs make busybox ./rootfs", "rootfs make host ./hostroot /bin/bash /usr/bin/env", "rootfs use ./rootfs", "rootfs use ./rootfs --readonly",
                       "rootfs use ./rootfs --overlay", "rootfs use ./alpine-minirootfs.tar.gz", "rootfs use oci:./busybox-layout:latest",
                       "rootfs diff"],
            verbs: [
                Verb("use", [path], flags: [overlay, readonly, platform],
                     summary: "enter this directory, the root unpacked from this tarball, or an image (oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:REF], docker://REGISTRY/REPO:TAG, containers-storage:REF), with pivot_root") { args in
                    let path = args[path]
                    let overlay = args[overlay]
                    let readonly = args[readonly]
                    let platform = args[platform]
                    return { session in try use(path, overlay: overlay, readonly: readonly, platform: platform, session: session) }
                },
                Verb("make", [kind, directory, programs],
                     summary: "build a minimal root: from the host's static busybox, or from host programs with their libraries") { args throws(CommandError) in
                    let kind = args[kind]
                    let directory = args[directory]
                    let given = args[programs]
                    if kind == "busybox", !given.isEmpty {
                        throw args.error("rootfs make busybox: takes no programs (`rootfs make host \(directory) PROGRAM…` copies host programs)", at: programs)
                    }
                    if kind == "host", given.isEmpty {
                        throw CommandError("rootfs make host: name the programs to copy, e.g. `rootfs make host \(directory) /bin/bash /usr/bin/env`")
                    }
                    return { session in
                        guard kind == "host" else {
                            try BusyboxRootfs.make(at: directory)
                            session.output.line("rootfs: made a busybox root in \(directory)")
                            return
                        }
                        let summary = try HostProgramsRootfs.make(at: directory, programs: given)
                        let libraries = summary.libraries.map { String($0.split(separator: "/").last ?? "") }
                        let programs = summary.programs.joined(separator: ", "), needed = libraries.joined(separator: ", ")
                        session.output.line(
                            libraries.isEmpty ? "rootfs: made a root in \(directory) with \(programs)"
                                : summary.programs.count == 1 ? "rootfs: made a root in \(directory) with \(programs) and what it needs: \(needed)"
                                : "rootfs: made a root in \(directory) with \(programs) and what they need: \(needed)")
                    }
                },
                Verb("diff", summary: "with --overlay: the paths the container added (A), changed (C) and deleted (D)") { _ in
                    { session in
                        for change in try session.runtime.rootfsChanges(of: session.current) {
                            session.output.line("  \(change.kind.rawValue) \(DisplayText.escaped(change.path))")
                        }
                    }
                },
            ])
    }

    /// `--platform OS/ARCH[/VARIANT]`, checked when the line is read.
    /// `--platform OS/ARCH[/VARIANT]`.
    private static var platformKind: ValueKind<ImagePlatform> {
        ValueKind(.text) { word, site throws(CommandError) in
            do throws(RuntimeError) {
                return try ImagePlatform(parsing: word)
            } catch {
                throw site.error(error.phrase)
            }
        }
    }

    private static func use(_ path: String, overlay: Bool, readonly: Bool, platform: ImagePlatform?, session: Session) throws {
        if let source = try ImageSource.parse(path) {
            try useImage(source, overlay: overlay, readonly: readonly, platform: platform, session: session)
            return
        }
        var info = stat()
        let isFile = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        let image = isFile ? ImageSource.archive(path) : nil
        if let platform, image == nil {
            throw CommandError("rootfs use --platform \(platform.text): `\(path)` is a root, not an image: a platform picks among an image's manifests")
        }
        guard isFile else {
            try SpecValidation.checkRootfs(path)
            let absolute = try HostPath.absolute(path, for: "rootfs use")
            try set(RootfsSpec(path: absolute, readonly: readonly, overlay: overlay), session: session)
            return
        }
        if let source = image {
            try useImage(source, overlay: overlay, readonly: readonly, platform: platform, session: session)
            return
        }
        let archive = try HostPath.absolute(path, for: "rootfs use")
        let entry = try unpack(archive, shownAs: path, session: session)
        if !overlay {
            session.output.line("rootfs: the unpacked root is shared by every use of `\(path)`: the container writes to an overlay layer of its own")
        }
        try set(RootfsSpec(path: entry.path, readonly: readonly, overlay: true, archive: archive), session: session)
    }

    /// The tarball's root from the cache, unpacked now if it is not there,
    /// with a progress line every two seconds while that takes.
    private static func unpack(_ archive: String, shownAs name: String, session: Session) throws -> RootfsCache.Entry {
        let clock = ContinuousClock()
        var reported = clock.now
        let entry = try RootfsCache().root(of: archive) { entries, bytes in
            let now = clock.now
            guard now - reported >= .seconds(2) else { return }
            reported = now
            session.output.errorLine(entries == 1 ? "rootfs: unpacking `\(name)`: 1 entry, \(ByteLimit.format(bytes)) so far"
                : "rootfs: unpacking `\(name)`: \(entries) entries, \(ByteLimit.format(bytes)) so far")
        }
        if entry.wasCached { return entry }
        session.output.line(entry.skippedDevices > 0
            ? "rootfs: unpacked `\(name)` into \(entry.path) (left out \(entry.skippedDevices) device nodes: only root may make them)"
            : "rootfs: unpacked `\(name)` into \(entry.path)")
        return entry
    }

    /// Puts `rootfs` in the current spec, adding the mnt namespace it needs,
    /// with the defaults of the image it came from (or none); returns the
    /// variables the user set that the image's do not replace.
    @discardableResult
    static func set(_ rootfs: RootfsSpec, image: ImageDefaults? = nil, session: Session) throws -> [String] {
        var kept: [String] = []
        try session.compose("rootfs use") { spec in
            spec.rootfs = rootfs
            kept = spec.adoptImageDefaults(image)
            if !spec.namespaces.contains(.mnt) {
                spec.namespaces.insert(.mnt)
                session.output.line("rootfs: added the mnt namespace, which pivot_root needs")
            }
        }
        return kept
    }
}
