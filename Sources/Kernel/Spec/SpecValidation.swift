import Glibc

/// Checks a spec against what the kernel will accept, before anything is
/// created, so that a mistake costs one clear line and leaves nothing behind.
public enum SpecValidation {
    /// Throws the first problem that would make `spec` fail to launch `argv`.
    public static func check(_ spec: ContainerSpec, argv: [String]) throws(RuntimeError) {
        guard let program = argv.first, !program.isEmpty else {
            throw .spec(.noProgram)
        }
        if spec.hostname != nil && !spec.namespaces.contains(.uts) {
            throw .spec(.hostnameWithoutUTSNamespace)
        }
        for join in spec.joins {
            if join.kind == .user || (join.kind == .mnt && spec.rootfs != nil) {
                throw .spec(.cannotJoin(join.kind))
            }
        }
        if RootlessNamespaces.needsUserNamespace(spec) {
            throw .spec(.needsUserNamespace)
        }
        if spec.namespaces.contains(.user) { try IDMapCheck.check(spec) }
        if spec.veth != nil && !spec.namespaces.contains(.net) {
            throw .spec(.vethWithoutNetNamespace)
        }
        if !spec.mounts.isEmpty && spec.rootfs == nil {
            throw .spec(.mountsWithoutRootfs)
        }
        for mount in spec.mounts { _ = try MountPath.normalize(mount.destination) }
        if let rootfs = spec.rootfs {
            try checkRootfs(rootfs.path)
            if !spec.namespaces.contains(.mnt) {
                throw .spec(.rootfsWithoutMountNamespace)
            }
        }
    }

    /// The root must be an existing directory other than the host's `/`.
    public static func checkRootfs(_ path: String) throws(RuntimeError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .spec(.rootfsUnreachable(path: path, errno: errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .spec(.rootfsNotDirectory(path: path))
        }
        var root = stat()
        if stat("/", &root) == 0 && root.st_dev == info.st_dev && root.st_ino == info.st_ino {
            throw .spec(.rootfsIsHostRoot(path: path))
        }
    }
}
