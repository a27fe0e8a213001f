import CtrRuntime
import Glibc

/// `rootfs use`, `rootfs make`: where the container's process runs.
enum RootfsCommands {
    static var family: CommandFamily { CommandFamily(
        "rootfs", summary: "choose or build the container's root filesystem",
        examples: ["rootfs make busybox ./rootfs", "rootfs use ./rootfs", "rootfs use ./rootfs --readonly"],
        verbs: [
            Verb("use", [Parameter("PATH", .directory)],
                 flags: [Flag("--readonly", summary: "mount the root read-only")],
                 summary: "enter this directory with pivot_root") { args in
                let path = args.string("PATH") ?? ""
                let readonly = args.has("--readonly")
                return { session in try use(path, readonly: readonly, session: session) }
            },
            Verb("make", [Parameter("KIND", .choice(["busybox"])), Parameter("DIR", .directory)],
                 summary: "build a minimal root from the host's static busybox") { args in
                let directory = args.string("DIR") ?? ""
                return { session in
                    try BusyboxRootfs.make(at: directory)
                    session.output.line("rootfs: made a busybox root in \(directory)")
                }
            },
        ]) }

    private static func use(_ path: String, readonly: Bool, session: Session) throws {
        try SpecValidation.checkRootfs(path)
        let absolute = try absolutePath(path)
        try session.compose("rootfs use") { spec in
            spec.rootfs = RootfsSpec(path: absolute, readonly: readonly)
            if !spec.namespaces.contains(.mnt) {
                spec.namespaces.insert(.mnt)
                session.output.line("rootfs: added the mnt namespace, which pivot_root needs")
            }
        }
    }

    private static func absolutePath(_ path: String) throws(RuntimeError) -> String {
        guard let resolved = realpath(path, nil) else { throw .lastError("rootfs: resolve `\(path)`") }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
