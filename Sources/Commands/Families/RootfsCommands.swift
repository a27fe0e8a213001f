import CtrRuntime
import Glibc

/// `rootfs use`, `rootfs make`, `rootfs diff`: where the container's
/// process runs, and what it changed there.
enum RootfsCommands {
    static var family: CommandFamily { CommandFamily(
        "rootfs", summary: "choose or build the container's root filesystem",
        examples: ["rootfs make busybox ./rootfs", "rootfs use ./rootfs", "rootfs use ./rootfs --readonly",
                   "rootfs use ./rootfs --overlay", "rootfs diff"],
        verbs: [
            Verb("use", [Parameter("PATH", .path)],
                 flags: [Flag("--overlay", summary: "keep PATH unchanged: the container writes to a layer of its own"),
                         Flag("--readonly", summary: "mount the root read-only")],
                 summary: "enter this directory with pivot_root") { args in
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
        try SpecValidation.checkRootfs(path)
        let absolute = try HostPath.absolute(path, for: "rootfs use")
        try set(RootfsSpec(path: absolute, readonly: readonly, overlay: overlay), session: session)
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
