import CtrKernel
import Glibc

/// Describes a container spec as an OCI runtime bundle's config.json, so
/// that runc or crun run the container as ctrsh's own `exec` does: the same
/// namespaces (joined ones by path), hostname, root, mounts, cgroup limits,
/// ID maps, capabilities, `no_new_privs`, seccomp filter, protected
/// kernel paths and device allow-list.
/// A pure function of the spec and the options.
public enum RuntimeBundleExport {
    /// The runtime-spec version written.
    public static let ociVersion = "1.0.2"

    /// What the config needs beyond the spec.
    public struct Options: Sendable {
        /// The program and its arguments (`process.args`).
        public var argv: [String]
        /// `process.user`: the IDs the program runs as (nil: root).
        public var user: (uid: UInt32, gid: UInt32)?
        /// `process.terminal`: the runtime gives the program a terminal.
        public var terminal = false
        /// `root.path`: `rootfs` for a copy in the bundle, or an absolute path.
        public var rootPath = "rootfs"
        /// `linux.cgroupsPath`, or nil to leave the place to the runtime.
        public var cgroupsPath: String?
        /// The cgroup version ctrsh uses here, which says what the raw
        /// cgroup files and the I/O weight mean (nil: no cgroups).
        public var cgroupVersion: CgroupVersion?
        /// The caller's IDs: a user namespace without `user map` maps them to root.
        public var callerUID: UInt32
        public var callerGID: UInt32

        public init(argv: [String], callerUID: UInt32 = getuid(), callerGID: UInt32 = getgid()) {
            self.argv = argv
            self.callerUID = callerUID
            self.callerGID = callerGID
        }
    }

    /// The prefix of the `linux.cgroupsPath` export writes: `ctrsh-oci-NAME`.
    /// A relative path: runc puts it below the cgroup it runs in, beside
    /// ctrsh's own `ctrsh` group, crun below the root of each hierarchy. One
    /// level deep, so that `runc delete` removes all of it.
    public static let cgroupsPathPrefix = "ctrsh-oci-"

    /// The config for `spec`, and a note for each part of the spec that
    /// runtime-spec cannot carry (left out of the config).
    public static func config(for spec: ContainerSpec, options: Options) -> (config: RuntimeBundleConfig, notes: [BundleExportNote]) {
        var notes: [BundleExportNote] = []
        var config = RuntimeBundleConfig(ociVersion: ociVersion)
        config.process = process(spec, options)
        config.root = spec.rootfs.map { RuntimeBundleConfig.Root(path: options.rootPath, readonly: $0.readonly) }
        config.hostname = spec.hostname
        config.mounts = standardMounts(ipcNamespace: spec.namespaces.contains(.ipc)) + spec.mounts.map(mount)
        var linux = RuntimeBundleConfig.Linux()
        linux.namespaces = NamespaceKind.allCases.compactMap { kind in
            if spec.namespaces.contains(kind) { return RuntimeBundleConfig.Namespace(type: kind.ociName) }
            return spec.joins.first { $0.kind == kind }.map { RuntimeBundleConfig.Namespace(type: kind.ociName, path: $0.path) }
        }
        if spec.namespaces.contains(.user) {
            let users = spec.uidMappings.isEmpty ? [IDMapping(containerID: 0, hostID: options.callerUID, count: 1)] : spec.uidMappings
            let groups = spec.gidMappings.isEmpty ? [IDMapping(containerID: 0, hostID: options.callerGID, count: 1)] : spec.gidMappings
            linux.uidMappings = users.map(idMap)
            linux.gidMappings = groups.map(idMap)
        }
        var resources = resources(spec.cgroup, version: options.cgroupVersion, notes: &notes)
        resources.devices = RuntimeBundleDevices.section(for: spec.devices)
        linux.resources = resources
        linux.cgroupsPath = options.cgroupsPath
        if spec.rootfs != nil {
            linux.maskedPaths = ProtectedKernelPaths.masked
            linux.readonlyPaths = ProtectedKernelPaths.readonly
        }
        linux.seccomp = RuntimeBundleSeccomp.section(for: spec)
        if spec.seccomp == .default && linux.seccomp == nil {
            notes.append(.seccompNoFilter)
        }
        config.linux = linux
        if spec.loopbackUp {
            notes.append(.networkUp)
        }
        if let veth = spec.veth {
            notes.append(.networkVeth(container: "\(veth.container)"))
        }
        return (config, notes)
    }

    // MARK: - Parts

    private static func process(_ spec: ContainerSpec, _ options: Options) -> RuntimeBundleConfig.Process {
        var process = RuntimeBundleConfig.Process()
        process.terminal = options.terminal
        process.user = RuntimeBundleConfig.User(uid: options.user?.uid ?? 0, gid: options.user?.gid ?? 0)
        process.args = options.argv
        process.env = spec.env.map { "\($0.name)=\($0.value)" }
        process.cwd = spec.workdir ?? "/"
        // ctrsh gives one set to bounding, effective, permitted and
        // inheritable, and clears the ambient set.
        let names = Capability.names(in: Capability.mask(spec.capabilities)).map { "CAP_" + $0.uppercased() }
        var capabilities = RuntimeBundleConfig.Capabilities()
        capabilities.bounding = names
        capabilities.effective = names
        capabilities.permitted = names
        capabilities.inheritable = names
        process.capabilities = capabilities
        process.noNewPrivileges = spec.noNewPrivileges
        return process
    }

    /// The API filesystems ctrsh mounts in every root, with its options;
    /// `/dev/mqueue` with a new ipc namespace, as runc's default config has it.
    static func standardMounts(ipcNamespace: Bool) -> [RuntimeBundleConfig.Mount] {
        typealias Mount = RuntimeBundleConfig.Mount
        var mounts = [
            Mount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
            Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        ]
        if ipcNamespace {
            mounts.append(Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]))
        }
        mounts.append(Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]))
        return mounts
    }

    /// `mount bind` is recursive and, with `ro`, read-only recursively
    /// (`rro`); `mount tmpfs` is `nosuid,nodev`, mode 1777.
    private static func mount(_ mount: MountSpec) -> RuntimeBundleConfig.Mount {
        switch mount.source {
        case .bind(let source):
            return .init(destination: mount.destination, type: "bind", source: source, options: ["rbind"] + (mount.readonly ? ["rro"] : []))
        case .tmpfs(let size):
            let options = ["nosuid", "nodev", "mode=1777"] + (size.map { ["size=\($0)"] } ?? []) + (mount.readonly ? ["ro"] : [])
            return .init(destination: mount.destination, type: "tmpfs", source: "tmpfs", options: options)
        }
    }

    private static func idMap(_ mapping: IDMapping) -> RuntimeBundleConfig.IDMap {
        .init(containerID: mapping.containerID, hostID: mapping.hostID, size: mapping.count)
    }

    /// The limits, each where `CgroupLimitTable` places it;
    /// `linux.resources.unified` holds cgroup v2 files only, so on cgroup
    /// v1 the raw files have no place.
    private static func resources(_ limits: CgroupLimits, version: CgroupVersion?, notes: inout [BundleExportNote]) -> RuntimeBundleConfig.Resources {
        var resources = RuntimeBundleConfig.Resources()
        for limit in CgroupLimitTable.all { limit.oci.mapping.export(limits, version, &resources, &notes) }
        var unified = resources.unified ?? [:]
        for setting in limits.raw {
            if version == .v2 {
                unified[setting.file] = setting.value
            } else {
                notes.append(.cgroupFileOnV1(setting.file))
            }
        }
        resources.unified = unified.isEmpty ? nil : unified
        return resources
    }
}
