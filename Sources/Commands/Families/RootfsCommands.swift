import CtrRuntime
import Glibc

/// `rootfs use`, `rootfs make`, `rootfs diff`: where the container's
/// process runs, and what it changed there.
enum RootfsCommands {
    static var family: CommandFamily { CommandFamily(
        "rootfs", summary: "choose or build the container's root filesystem",
        examples: ["rootfs make busybox ./rootfs", "rootfs use ./rootfs", "rootfs use ./rootfs --readonly",
                   "rootfs use ./rootfs --overlay", "rootfs use ./alpine-minirootfs.tar.gz", "rootfs diff"],
        verbs: [
            Verb("use", [Parameter("PATH", .path)],
                 flags: [Flag("--overlay", summary: "keep PATH unchanged: the container writes to a layer of its own"),
                         Flag("--readonly", summary: "mount the root read-only")],
                 summary: "enter this directory, or the root unpacked from this tarball, with pivot_root") { args in
                let path = args.string("PATH") ?? ""
                let overlay = args.has("--overlay")
                let readonly = args.has("--readonly")
                return { session in try use(path, overlay: overlay, readonly: readonly, session: session) }
            },
            Verb("make", [Parameter("KIND", .choice(["busybox"])), Parameter("DIR", .directory)],
                 summary: "build a minimal root from the host's static busybox") { args in
                let directory = args.string("DIR") ?? ""
                return { session in
                    try BusyboxRootfs.make(at: directory)
                    session.output.line("rootfs: made a busybox root in \(directory)")
                }
            },
            Verb("diff", summary: "with --overlay: the paths the container added (A), changed (C) and deleted (D)") { _ in
                { session in
                    for change in try session.runtime.rootfsChanges(of: session.current) {
                        session.output.line("  \(change)")
                    }
                }
            },
        ]) }

    private static func use(_ path: String, overlay: Bool, readonly: Bool, session: Session) throws {
        if path.hasPrefix("oci:") {
            throw CommandError("rootfs use: OCI image layouts (`\(path)`) are not supported yet; use a directory or a tarball")
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            try SpecValidation.checkRootfs(path)
            let absolute = try HostPath.absolute(path, for: "rootfs use")
            try set(RootfsSpec(path: absolute, readonly: readonly, overlay: overlay), session: session)
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
            session.output.errorLine("rootfs: unpacking `\(name)`: \(entries) entr\(entries == 1 ? "y" : "ies"), \(ByteLimit.format(bytes)) so far")
        }
        if entry.wasCached { return entry }
        var line = "rootfs: unpacked `\(name)` into \(entry.path)"
        if entry.skippedDevices > 0 {
            line += " (left out \(entry.skippedDevices) device nodes: only root may make them)"
        }
        session.output.line(line)
        return entry
    }

    /// Puts `rootfs` in the current spec, adding the mnt namespace it needs.
    private static func set(_ rootfs: RootfsSpec, session: Session) throws {
        try session.compose("rootfs use") { spec in
            spec.rootfs = rootfs
            if !spec.namespaces.contains(.mnt) {
                spec.namespaces.insert(.mnt)
                session.output.line("rootfs: added the mnt namespace, which pivot_root needs")
            }
        }
    }
}
