import CLinux
import Glibc

/// A setup step that failed inside the new container before its program
/// started, as the child reported it through the error pipe, with the path
/// it was working on filled in by the parent.
public struct ChildFailure: Equatable, Sendable, CustomStringConvertible {
    /// The child's setup steps, in the order it takes them (`enum ctr_step`).
    public enum Step: Int32, Sendable {
        case signals = 1, deathSignal, sync, setgroups, mountPrivate, bindRootfs, enterRootfs
        case mountProc, mountDev, devNode, mountDevpts, mountShm, mountSys, pivotRoot
        case detachOldRoot, readonlyRoot, hostname, chdir, exec, mountHostProc
        case setns, fork, stdio, ids, mountOverlay, mountTarget, mountExtra, mountReadonly
        case maskPath, capabilities, noNewPrivileges, loopbackUp, seccomp, joinCgroup
        case dumpable, closeDescriptors, terminal
    }

    public var step: Step
    public var errno: Int32
    /// The path the step worked on (the rootfs, a /dev node, the program,
    /// a mount's destination inside the container).
    public var path: String
    /// What else the step involved: the root a mount destination is in, a
    /// bind mount's source, an overlay's upper directory.
    public var detail: String = ""
    /// True when `exec` failed with ENOENT yet the file exists in the root:
    /// its `#!` interpreter or dynamic loader is what is missing.
    public var programExists: Bool = false
    /// When a program named by its path is missing: where the root has a
    /// program of that name on the container's `PATH` (`/usr/bin/id` for `/bin/id`).
    public var foundOnPath: String?

    public init(
        step: Step, errno: Int32, path: String, detail: String = "", programExists: Bool = false, foundOnPath: String? = nil
    ) {
        self.step = step
        self.errno = errno
        self.path = path
        self.detail = detail
        self.programExists = programExists
        self.foundOnPath = foundOnPath
    }

    public var description: String {
        let why = errnoText(errno)
        switch step {
        case .signals: return "exec: reset signal handlers: \(why)"
        case .deathSignal: return "exec: prctl(PR_SET_PDEATHSIG): \(why)"
        case .sync: return "exec: wait for ctrsh: \(why)"
        case .setgroups: return "user: switch to root in the user namespace: \(why)"
        case .mountPrivate: return "rootfs: make `/` private (MS_REC|MS_PRIVATE): \(why)"
        case .bindRootfs: return "rootfs: bind `\(path)` onto itself: \(why)"
        case .enterRootfs: return "rootfs: chdir `\(path)`: \(why)"
        case .mountProc: return "rootfs: mount proc on `\(path)/proc`: \(why)"
        case .mountDev: return "rootfs: mount tmpfs on `\(path)/dev`: \(why)"
        case .devNode: return "rootfs: create `\(path)`: \(why)"
        case .mountDevpts: return "rootfs: mount devpts on `\(path)/dev/pts`: \(why)"
        case .mountShm: return "rootfs: mount tmpfs on `\(path)/dev/shm`: \(why)"
        case .mountSys: return "rootfs: mount sysfs on `\(path)/sys`: \(why)"
        case .pivotRoot:
            return "rootfs: pivot_root `\(path)`: \(why)"
                + (errno == EINVAL ? " (is the root on a shared mount, or on the initramfs?)" : "")
        case .detachOldRoot: return "rootfs: detach the old root: \(why)"
        case .readonlyRoot: return "rootfs: remount `/` read-only: \(why)"
        case .hostname: return "hostname: sethostname `\(path)`: \(why)"
        case .chdir where errno == EXDEV:
            return "workdir: `\(path)` leads out of the container's root (a /proc/self/fd link to a descriptor of the host's?): refused; use a directory inside the root"
        case .chdir: return "workdir: chdir `\(path)` in the container: \(why)"
        case .dumpable: return "exec: prctl(PR_SET_DUMPABLE, 0): \(why)"
        case .closeDescriptors: return "exec: close ctrsh's descriptors: \(why)"
        case .mountHostProc: return "ns: mount a new /proc for the pid namespace: \(why)"
        case .setns: return "ns: join `\(path)`: \(why)"
        case .maskPath: return "rootfs: protect `\(path)` (mask it, or make it read-only): \(why)"
        case .capabilities: return "cap: drop capabilities: \(why)"
        case .loopbackUp: return "net up: bring up `lo`: \(why)"
        case .noNewPrivileges: return "nnp: prctl(PR_SET_NO_NEW_PRIVS): \(why)"
        case .seccomp:
            switch errno {
            case EINVAL: return "seccomp: install the filter: \(why) (is the kernel built without CONFIG_SECCOMP_FILTER? `seccomp off` runs without one)"
            case EACCES: return "seccomp: install the filter: \(why) (without no_new_privs the kernel asks for CAP_SYS_ADMIN: `nnp on`)"
            default: return "seccomp: install the filter: \(why)"
            }
        case .joinCgroup: return "cgroup: move into the group (`echo 0 > \(path)`): \(why)"
        case .fork: return "ns: fork into the joined pid namespace: \(why)"
        case .stdio: return "exec: set up standard input and output: \(why)"
        case .terminal where detail == Self.terminalWhat(Int(CTR_TERMINAL_NOT_PTMX.rawValue)):
            return "terminal: the container's `\(path)` is not the pseudo-terminal multiplexer (\(detail)): refused, "
                + "nothing relayed; restore it inside (`ln -sf pts/ptmx /dev/ptmx`), or use `exec -d`"
        case .terminal: return "terminal: \(detail) in the container: \(why)"
        case .ids:
            return "exec: switch to user `\(path)`: \(why)"
                + (errno == EINVAL ? " (that ID is not mapped in the container's user namespace: `user map` it, or pick a mapped one)" : "")
        case .exec: return execDescription
        case .mountOverlay:
            return "rootfs --overlay: mount overlayfs with `\(path)` as the lower layer and `\(detail)` as the upper: \(why)"
                + (errno == EINVAL ? " (is the upper directory on a filesystem that overlayfs accepts, with xattrs?)" : "")
        case .mountTarget: return targetDescription
        case .mountExtra: return "mount: \(detail) on `\(path)`: \(why)"
        case .mountReadonly: return "mount: make `\(path)` read-only: \(why)"
        }
    }

    /// What the child was doing when its terminal step failed
    /// (`enum ctr_terminal_failure`).
    static func terminalWhat(_ detail: Int) -> String {
        switch UInt32(truncatingIfNeeded: detail) {
        case CTR_TERMINAL_OPEN.rawValue: "open `/dev/ptmx`"
        case CTR_TERMINAL_NOT_PTMX.rawValue: "a character device 5:2"
        case CTR_TERMINAL_SLAVE.rawValue: "unlock and open the slave of a new pseudo-terminal"
        case CTR_TERMINAL_NOT_PTY.rawValue: "a devpts terminal as the slave"
        case CTR_TERMINAL_SETTINGS.rawValue: "set the terminal's settings, window size and owner"
        case CTR_TERMINAL_CONTROLLING.rawValue: "make the terminal the controlling one, on standard input"
        default: "send the terminal to ctrsh"
        }
    }

    /// Why a mount's destination could not be found or made in the root.
    private var targetDescription: String {
        switch errno {
        case EXDEV:
            return "mount: `\(path)` leads out of the container's root (an absolute symlink or `..` on the way): refused; mount onto a real directory inside the root"
        case ELOOP:
            return "mount: `\(path)` passes a symlink loop or a /proc magic link: refused; mount onto a real directory inside the root"
        default: return "mount: create `\(path)` in `\(detail)`: \(errnoText(errno))"
        }
    }

    private var execDescription: String {
        switch errno {
        case ENOENT where programExists:
            return "exec: `\(path)` exists, but its interpreter (#!) or dynamic loader is missing from the container's root"
        case ENOENT, ENOTDIR:
            guard path.contains("/") else { return "exec: `\(path)` not found in the container's PATH" }
            let hint = foundOnPath.map { "; the root has `\($0)` (a name without `/` is looked up in PATH)" } ?? ""
            return "exec: `\(path)` not found in the container's root" + hint
        case EACCES: return "exec: `\(path)` is not executable: \(errnoText(errno))"
        case ENOEXEC:
            return "exec: `\(path)`: \(errnoText(errno)) (a script without `#!`, or a program for another architecture)"
        default: return "exec: `\(path)`: \(errnoText(errno))"
        }
    }
}
