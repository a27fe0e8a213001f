import CLinux

/// How `explain on` words a step the child announced before taking it.
enum ChildStepText {
    /// `forked` is the host PID of the child's own child in a joined pid
    /// namespace (the second clone), when it made one.
    static func describe(
        _ step: ChildFailure.Step, detail: Int, request: LaunchRequest, candidates: [String], forked: pid_t?
    ) -> String {
        let spec = request.spec
        let root = spec.rootfs?.path ?? "/"
        switch step {
        case .setgroups: return "setgroups(0, NULL), setresgid(0, 0, 0), setresuid(0, 0, 0): become root of the user namespace"
        case .mountPrivate: return "mount none / MS_REC|MS_PRIVATE"
        case .mountOverlay: return "mount -t overlay overlay \(root) (the base as the lower layer)"
        case .bindRootfs: return "mount \(root) \(root) MS_BIND|MS_REC"
        case .mountProc: return "mount -t proc proc \(root)/proc"
        case .mountDev:
            // The kernel refuses mknod of a device in any user namespace but the first.
            let nodes = spec.namespaces.contains(.user)
                ? "bind the host's null zero full random urandom tty onto empty files" : "mknod null zero full random urandom tty"
            return "mount -t tmpfs tmpfs \(root)/dev; \(nodes); devpts on /dev/pts, tmpfs on /dev/shm"
        case .mountSys: return "mount -t sysfs sysfs \(root)/sys MS_RDONLY"
        case .mountExtra:
            guard detail < spec.mounts.count else { return "mount #\(detail + 1)" }
            let mount = spec.mounts[detail]
            let what: String
            switch mount.source {
            case .bind(let source): what = "\(source) \(root)\(mount.destination) MS_BIND|MS_REC"
            case .tmpfs: what = "-t tmpfs tmpfs \(root)\(mount.destination)"
            }
            return "mount \(what)" + (mount.readonly ? ", then read-only" : "")
        case .pivotRoot: return "pivot_root(\".\", \".\") in \(root)"
        case .detachOldRoot: return "umount2(old root, MNT_DETACH)"
        case .readonlyRoot: return "mount -o remount,bind,ro /"
        case .maskPath:
            let path = ctr_masked_path_name(Int32(detail)).map { String(cString: $0) } ?? "?"
            return (path.hasPrefix("proc/sys") || ["proc/bus", "proc/fs", "proc/irq", "proc/sysrq-trigger"].contains(path)
                ? "mount --bind -o ro " : "mask ") + "\(root)/\(path)"
        case .capabilities:
            return "drop capabilities but \(spec.capabilities.isEmpty ? "none" : spec.capabilities.joined(separator: ","))"
        case .noNewPrivileges: return "prctl(PR_SET_NO_NEW_PRIVS, 1)"
        case .seccomp:
            let instructions = (try? SeccompFilter.program(for: spec).count) ?? 0
            let refused = SeccompProfile.standard(keeping: spec.capabilities).rules.count
            return "seccomp(SECCOMP_SET_MODE_FILTER): a BPF program of \(instructions) instructions refusing \(refused) calls"
        case .joinCgroup:
            let files = request.cgroup?.taskFiles ?? []
            return "echo 0 > \(detail < files.count ? KernelStep.short(files[detail]) : "tasks") (the child moves itself into its group)"
        case .stdio where detail == 1:
            return "setsid: a session of its own; its terminal comes from the container's /dev/ptmx once it is in its root"
        case .terminal:
            let own = (spec.rootfs?.path ?? request.rootForMessages) != nil
            let devpts = own ? "the container's own devpts" : "the host's devpts: no root of its own"
            return "open /dev/ptmx (\(devpts)), ioctl(TIOCGPTPEER) → /dev/pts/\(detail); ioctl(TIOCSCTTY) on it as "
                + "standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it"
        case .stdio: return "setsid: a session of its own, without a controlling terminal"
        case .loopbackUp: return "ioctl(SIOCSIFFLAGS, lo, IFF_UP)"
        case .hostname: return "sethostname \(spec.hostname ?? "")"
        case .chdir: return "chdir \(spec.workdir ?? "/")"
        case .setns:
            guard detail < request.joins.count else { return "setns #\(detail + 1)" }
            return "setns(open(\(request.joins[detail].path)))"
        case .fork:
            let pid = forked.map { " = \($0)" } ?? ""
            return "clone3(CLONE_PARENT)\(pid): its child, inside the joined pid namespace, goes on; this one exits"
        case .exec where detail < 0:
            return "execve \(InitProgram.name) (from ctrsh's directory, with every signal blocked)"
        case .exec:
            let program = detail < candidates.count ? candidates[detail] : request.argv.first ?? ""
            return "execve \(program)"
        default: return "\(step)"
        }
    }
}
