import Glibc

/// Checks a spec against what the kernel will accept, before anything is
/// created, so that a mistake costs one clear line and leaves nothing behind.
public enum SpecValidation {
    /// Throws the first problem that would make `spec` fail to launch `argv`.
    public static func check(_ spec: ContainerSpec, argv: [String]) throws(RuntimeError) {
        guard let program = argv.first, !program.isEmpty else {
            throw .invalidSpec("exec: no program given (e.g. `exec /bin/sh`)")
        }
        if spec.hostname != nil && !spec.namespaces.contains(.uts) {
            throw .invalidSpec("hostname: needs a uts namespace, or it would rename the host: `ns new uts`")
        }
        for join in spec.joins {
            if join.kind == .user || (join.kind == .mnt && spec.rootfs != nil) {
                throw .invalidSpec("ns join \(join.kind): a new container can join net, ipc, uts, pid, cgroup, time or (without a rootfs) mnt; to enter all of a running container's namespaces, `exec` into it")
            }
        }
        if RootlessNamespaces.needsUserNamespace(spec) {
            throw .invalidSpec("ns: without root, the kernel creates new namespaces only inside a user namespace of their own: `ns new user`")
        }
        if spec.namespaces.contains(.user) { try IDMapCheck.check(spec) }
        if spec.veth != nil && !spec.namespaces.contains(.net) {
            throw .invalidSpec("net veth: needs a net namespace of its own to put the container's end in: `ns new net` (or `net veth off`)")
        }
        if !spec.mounts.isEmpty && spec.rootfs == nil {
            throw .invalidSpec("mount: extra mounts need a root filesystem to mount into: `rootfs use DIR` first")
        }
        for mount in spec.mounts { _ = try MountPath.normalize(mount.destination) }
        if let rootfs = spec.rootfs {
            try checkRootfs(rootfs.path)
            if !spec.namespaces.contains(.mnt) {
                throw .invalidSpec("rootfs: needs a mount namespace to pivot into: `ns new mnt`")
            }
        }
    }

    /// The root must be an existing directory other than the host's `/`.
    public static func checkRootfs(_ path: String) throws(RuntimeError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .invalidSpec("rootfs: `\(path)`: \(errnoText(errno)) (build one with `rootfs make busybox \(path)`)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .invalidSpec("rootfs: `\(path)` is not a directory")
        }
        var root = stat()
        if stat("/", &root) == 0 && root.st_dev == info.st_dev && root.st_ino == info.st_ino {
            throw .invalidSpec("rootfs: `\(path)` is the host's own root; give a directory that holds a root filesystem")
        }
    }
}
