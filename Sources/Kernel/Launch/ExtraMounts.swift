import CLinux
import Glibc

/// The spec's extra mounts as the child takes them (`struct ctr_mount`),
/// every string in the launch's arena. A bind's source is looked at here,
/// in the parent, without following symlinks (`BindSource`), so that a
/// planted one is refused with a clear message and the child knows whether
/// a missing destination should become a directory or an empty file. The
/// child opens it the same way again in its own mount namespace and binds
/// that descriptor, so a symlink planted in between fails the launch.
enum ExtraMounts {
    /// The C entries for `mounts`, in order; throws for a bind source that
    /// is gone or runs through a symlink, a destination that is not a
    /// clean absolute path, or one missing from a read-only root.
    static func prepare(_ mounts: [MountSpec], root: RootfsSpec?, arena: CStringArena) throws(RuntimeError) -> [ctr_mount] {
        var entries: [ctr_mount] = []
        for mount in mounts {
            var entry = ctr_mount()
            let destination = try MountPath.normalize(mount.destination)
            entry.destination = UnsafePointer(arena.string(MountPath.relative(destination)))
            entry.readonly = mount.readonly ? 1 : 0
            if let root, keepsHostDirectory(root), !isInKernelFilesystem(destination) {
                try requireMountPoint(destination, of: mount, in: root)
                entry.must_exist = 1
            }
            switch mount.source {
            case .bind(let source):
                let fd: Int32
                do {
                    fd = try BindSource.open(source)
                } catch {
                    throw .launch(.bindSource(source: source, destination: destination, cause: error))
                }
                var info = stat()
                let found = fstat(fd, &info) == 0
                close(fd)
                guard found else { throw .lastError(SystemCall("stat", source)) }
                entry.kind = Int32(CTR_MOUNT_BIND.rawValue)
                entry.source = UnsafePointer(arena.string(source))
                entry.is_file = info.st_mode & S_IFMT == S_IFDIR ? 0 : 1
            case .tmpfs(let size):
                entry.kind = Int32(CTR_MOUNT_TMPFS.rawValue)
                entry.data = UnsafePointer(arena.string(tmpfsOptions(size: size)))
            }
            entries.append(entry)
        }
        return entries
    }

    /// A read-only root that is the user's directory itself (no overlay
    /// layer of the container's own): ctrsh makes nothing in it, not even
    /// a mount point, as `--readonly` promises (runc would, leaving
    /// `DIR/scratch` behind on the host; bubblewrap builds its root on a
    /// tmpfs and never writes the host's).
    private static func keepsHostDirectory(_ root: RootfsSpec) -> Bool {
        root.readonly && !root.overlay
    }

    /// Under /dev, /proc or /sys: filesystems ctrsh mounts in the
    /// container, where a mount point is made in them, not in the host's
    /// directory.
    private static func isInKernelFilesystem(_ destination: String) -> Bool {
        ["/dev", "/proc", "/sys"].contains { destination == $0 || destination.hasPrefix($0 + "/") }
    }

    /// Throws unless `destination` exists in the root (its symlinks
    /// followed inside it), with what to do instead.
    private static func requireMountPoint(_ destination: String, of mount: MountSpec, in root: RootfsSpec) throws(RuntimeError) {
        guard try RootedPath.resolve(destination, in: root.path) == nil else { return }
        let tmpfs = if case .tmpfs = mount.source { true } else { false }
        throw .launch(.mountPointMissing(destination: destination, root: root.path, tmpfs: tmpfs))
    }

    /// World-writable with the sticky bit, as Docker makes a tmpfs (and as
    /// /tmp is); without a size the kernel's default, half of the RAM.
    static func tmpfsOptions(size: UInt64?) -> String {
        "mode=1777" + (size.map { ",size=\($0)" } ?? "")
    }
}
