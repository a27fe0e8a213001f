import CLinux
import CtrRuntime
import Glibc

/// What ctrsh says about one of the child's setup steps (a constant of
/// `CTR_STEP_LIST` in CLinux.h): how its failure reads, and how `explain
/// on` words it as the child takes it. The facts are the runtime's
/// (`ChildFailure`, `ChildStepReport`).
struct ChildStepWording: Sendable {
    /// The C constant the child reports.
    let id: ctr_step
    /// The failure's words.
    let failure: @Sendable (ChildFailure) -> Phrase
    /// What `explain on` prints when the child announces the step; nil for
    /// a step the child takes without announcing it.
    let explain: (@Sendable (ChildStepReport) -> Phrase)?

    init(
        _ id: ctr_step, failure: @escaping @Sendable (ChildFailure) -> Phrase,
        explain: (@Sendable (ChildStepReport) -> Phrase)? = nil
    ) {
        self.id = id
        self.failure = failure
        self.explain = explain
    }
}

/// The words of the child's steps: one entry per constant of
/// `CTR_STEP_LIST`, in its order. ChildStepWordsTests walks the C list and
/// finds each one here.
enum ChildStepWords {
    /// The entry of `step`, or nil for a number that is no step.
    static func entry(_ step: ctr_step) -> ChildStepWording? { byID[step.rawValue] }

    /// The words of a failed step.
    static func phrase(for failure: ChildFailure) -> Phrase {
        entry(failure.step)?.failure(failure) ?? "exec: setup step \(failure.stepName): \(why(failure))"
    }

    /// `explain`'s line for an announced step (its C name when it has none).
    static func phrase(for report: ChildStepReport) -> Phrase {
        entry(report.step)?.explain?(report) ?? Phrase(verbatim: report.stepName)
    }

    private static let byID = Dictionary(table.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

    private static func why(_ failure: ChildFailure) -> Phrase { ErrnoWords.phrase(failure.errno) }

    static let table: [ChildStepWording] = [
        ChildStepWording(CTR_STEP_SIGNALS, failure: { "exec: reset signal handlers: \(why($0))" }),
        ChildStepWording(CTR_STEP_PDEATHSIG, failure: { "exec: prctl(PR_SET_PDEATHSIG): \(why($0))" }),
        ChildStepWording(CTR_STEP_SYNC, failure: { "exec: wait for ctrsh: \(why($0))" }),
        ChildStepWording(
            CTR_STEP_SETGROUPS, failure: { "user: switch to root in the user namespace: \(why($0))" },
            explain: { _ in "setgroups(0, NULL), setresgid(0, 0, 0), setresuid(0, 0, 0): become root of the user namespace" }),
        ChildStepWording(
            CTR_STEP_MOUNT_PRIVATE, failure: { "rootfs: make `/` private (MS_REC|MS_PRIVATE): \(why($0))" },
            explain: { _ in Phrase(verbatim: "mount none / MS_REC|MS_PRIVATE") }),
        ChildStepWording(
            CTR_STEP_BIND_ROOTFS, failure: { "rootfs: bind `\($0.path)` onto itself: \(why($0))" },
            explain: { Phrase(verbatim: "mount \($0.launch.root) \($0.launch.root) MS_BIND|MS_REC") }),
        ChildStepWording(CTR_STEP_ENTER_ROOTFS, failure: { "rootfs: chdir `\($0.path)`: \(why($0))" }),
        ChildStepWording(
            CTR_STEP_MOUNT_PROC, failure: { "rootfs: mount proc on `\($0.path)/proc`: \(why($0))" },
            explain: { Phrase(verbatim: "mount -t proc proc \($0.launch.root)/proc") }),
        ChildStepWording(
            CTR_STEP_MOUNT_DEV, failure: { "rootfs: mount tmpfs on `\($0.path)/dev`: \(why($0))" },
            explain: { report in
                let root = report.launch.root
                // The kernel refuses mknod of a device in any user namespace but the first.
                return report.launch.spec.namespaces.contains(.user)
                    ? "mount -t tmpfs tmpfs \(root)/dev; bind the host's null zero full random urandom tty onto empty files; devpts on /dev/pts, tmpfs on /dev/shm"
                    : "mount -t tmpfs tmpfs \(root)/dev; mknod null zero full random urandom tty; devpts on /dev/pts, tmpfs on /dev/shm"
            }),
        ChildStepWording(CTR_STEP_DEV_NODE, failure: { "rootfs: create `\($0.path)`: \(why($0))" }),
        ChildStepWording(CTR_STEP_MOUNT_DEVPTS, failure: { "rootfs: mount devpts on `\($0.path)/dev/pts`: \(why($0))" }),
        ChildStepWording(CTR_STEP_MOUNT_SHM, failure: { "rootfs: mount tmpfs on `\($0.path)/dev/shm`: \(why($0))" }),
        ChildStepWording(
            CTR_STEP_MOUNT_MQUEUE, failure: { "rootfs: mount mqueue on `\($0.path)/dev/mqueue`: \(why($0))" },
            explain: { Phrase(verbatim: "mount -t mqueue mqueue \($0.launch.root)/dev/mqueue") }),
        ChildStepWording(
            CTR_STEP_MOUNT_SYS, failure: { "rootfs: mount sysfs on `\($0.path)/sys`: \(why($0))" },
            explain: { Phrase(verbatim: "mount -t sysfs sysfs \($0.launch.root)/sys MS_RDONLY") }),
        ChildStepWording(
            CTR_STEP_PIVOT_ROOT,
            failure: {
                $0.errno == EINVAL
                    ? "rootfs: pivot_root `\($0.path)`: \(why($0)) (is the root on a shared mount, or on the initramfs?)"
                    : "rootfs: pivot_root `\($0.path)`: \(why($0))"
            },
            explain: { "pivot_root(\".\", \".\") in \($0.launch.root)" }),
        ChildStepWording(
            CTR_STEP_DETACH_OLD_ROOT, failure: { "rootfs: detach the old root: \(why($0))" },
            explain: { _ in "umount2(old root, MNT_DETACH)" }),
        ChildStepWording(
            CTR_STEP_READONLY_ROOT, failure: { "rootfs: remount `/` read-only: \(why($0))" },
            explain: { _ in Phrase(verbatim: "mount -o remount,bind,ro /") }),
        ChildStepWording(
            CTR_STEP_HOSTNAME, failure: { "hostname: sethostname `\($0.path)`: \(why($0))" },
            explain: { Phrase(verbatim: "sethostname \($0.launch.spec.hostname ?? "")") }),
        ChildStepWording(
            CTR_STEP_CHDIR,
            failure: {
                $0.errno == EXDEV
                    ? "workdir: `\($0.path)` leads out of the container's root (a /proc/self/fd link to a descriptor of the host's?): refused; use a directory inside the root"
                    : "workdir: chdir `\($0.path)` in the container: \(why($0))"
            },
            explain: { Phrase(verbatim: "chdir \($0.launch.spec.workdir ?? "/")") }),
        ChildStepWording(CTR_STEP_EXEC, failure: ExecWords.failure, explain: ExecWords.explain),
        ChildStepWording(CTR_STEP_MOUNT_HOST_PROC, failure: { "ns: mount a new /proc for the pid namespace: \(why($0))" }),
        ChildStepWording(
            CTR_STEP_SETNS, failure: { "ns: join `\($0.path)`: \(why($0))" },
            explain: { report in
                let joins = report.launch.joins
                return Phrase(verbatim: report.number < joins.count ? "setns(open(\(joins[report.number])))" : "setns #\(report.number + 1)")
            }),
        ChildStepWording(
            CTR_STEP_FORK, failure: { "ns: fork into the joined pid namespace: \(why($0))" },
            explain: { report in
                report.launch.forked.map { "clone3(CLONE_PARENT) = \($0): its child, inside the joined pid namespace, goes on; this one exits" }
                    ?? "clone3(CLONE_PARENT): its child, inside the joined pid namespace, goes on; this one exits"
            }),
        ChildStepWording(
            CTR_STEP_STDIO, failure: { "exec: set up standard input and output: \(why($0))" },
            explain: {
                $0.number == 1
                    ? "setsid: a session of its own; its terminal comes from the container's /dev/ptmx once it is in its root"
                    : "setsid: a session of its own, without a controlling terminal"
            }),
        ChildStepWording(
            CTR_STEP_IDS,
            failure: {
                $0.errno == EINVAL
                    ? "exec: switch to user `\($0.path)`: \(why($0)) (that ID is not mapped in the container's user namespace: `user map` it, or pick a mapped one)"
                    : "exec: switch to user `\($0.path)`: \(why($0))"
            }),
        ChildStepWording(
            CTR_STEP_MOUNT_OVERLAY,
            failure: {
                $0.errno == EINVAL
                    ? "rootfs --overlay: mount overlayfs with `\($0.path)` as the lower layer and `\($0.detail)` as the upper: \(why($0)) (is the upper directory on a filesystem that overlayfs accepts, with xattrs?)"
                    : "rootfs --overlay: mount overlayfs with `\($0.path)` as the lower layer and `\($0.detail)` as the upper: \(why($0))"
            },
            explain: { "mount -t overlay overlay \($0.launch.root) (the base as the lower layer)" }),
        ChildStepWording(
            CTR_STEP_MOUNT_TARGET,
            failure: {
                switch $0.errno {
                case EXDEV:
                    "mount: `\($0.path)` leads out of the container's root (an absolute symlink or `..` on the way): refused; mount onto a real directory inside the root"
                case ELOOP:
                    "mount: `\($0.path)` passes a symlink loop or a /proc magic link: refused; mount onto a real directory inside the root"
                default: "mount: create `\($0.path)` in `\($0.detail)`: \(why($0))"
                }
            }),
        ChildStepWording(
            CTR_STEP_MOUNT_EXTRA,
            failure: { failure in
                switch failure.mount?.source {
                case .bind(let source): "mount: bind `\(source)` on `\(failure.path)`: \(why(failure))"
                case .tmpfs: "mount: tmpfs on `\(failure.path)`: \(why(failure))"
                case nil: "mount: \(failure.path): \(why(failure))"
                }
            },
            explain: { report in
                let mounts = report.launch.spec.mounts
                guard report.number < mounts.count else { return Phrase(verbatim: "mount #\(report.number + 1)") }
                let mount = mounts[report.number], target = report.launch.root + mount.destination
                return switch (mount.source, mount.readonly) {
                case (.bind(let source), false): Phrase(verbatim: "mount \(source) \(target) MS_BIND|MS_REC")
                case (.bind(let source), true): "mount \(source) \(target) MS_BIND|MS_REC, then read-only"
                case (.tmpfs, false): Phrase(verbatim: "mount -t tmpfs tmpfs \(target)")
                case (.tmpfs, true): "mount -t tmpfs tmpfs \(target), then read-only"
                }
            }),
        ChildStepWording(CTR_STEP_MOUNT_READONLY, failure: { "mount: make `\($0.path)` read-only: \(why($0))" }),
        ChildStepWording(
            CTR_STEP_MASK_PATH, failure: { "rootfs: protect `\($0.path)` (mask it, or make it read-only): \(why($0))" },
            explain: { report in
                let path = ctr_masked_path_name(Int32(report.number)).map { String(cString: $0) } ?? "?"
                return ctr_masked_path_hides(Int32(report.number)) == 0
                    ? Phrase(verbatim: "mount --bind -o ro \(report.launch.root)/\(path)") : "mask \(report.launch.root)/\(path)"
            }),
        ChildStepWording(
            CTR_STEP_CAPABILITIES, failure: { "cap: drop capabilities: \(why($0))" },
            explain: { report in
                let kept = report.launch.spec.capabilities
                return kept.isEmpty ? "drop capabilities but none" : "drop capabilities but \(kept.joined(separator: ","))"
            }),
        ChildStepWording(
            CTR_STEP_NO_NEW_PRIVS, failure: { "nnp: prctl(PR_SET_NO_NEW_PRIVS): \(why($0))" },
            explain: { _ in Phrase(verbatim: "prctl(PR_SET_NO_NEW_PRIVS, 1)") }),
        ChildStepWording(
            CTR_STEP_LOOPBACK_UP, failure: { "net up: bring up `lo`: \(why($0))" },
            explain: { _ in Phrase(verbatim: "ioctl(SIOCSIFFLAGS, lo, IFF_UP)") }),
        ChildStepWording(
            CTR_STEP_SECCOMP,
            failure: {
                switch $0.errno {
                case EINVAL: "seccomp: install the filter: \(why($0)) (is the kernel built without CONFIG_SECCOMP_FILTER? `seccomp off` runs without one)"
                case EACCES: "seccomp: install the filter: \(why($0)) (without no_new_privs the kernel asks for CAP_SYS_ADMIN: `nnp on`)"
                default: "seccomp: install the filter: \(why($0))"
                }
            },
            explain: {
                "seccomp(SECCOMP_SET_MODE_FILTER): a BPF program of \($0.launch.seccompInstructions) instructions refusing \($0.launch.seccompRefused) calls"
            }),
        ChildStepWording(
            CTR_STEP_JOIN_CGROUP, failure: { "cgroup: move into the group (`echo 0 > \($0.path)`): \(why($0))" },
            explain: { report in
                let files = report.launch.taskFiles
                let file = report.number < files.count ? KernelStep.short(files[report.number]) : "tasks"
                return "echo 0 > \(file) (the child moves itself into its group)"
            }),
        ChildStepWording(CTR_STEP_DUMPABLE, failure: { "exec: prctl(PR_SET_DUMPABLE, 0): \(why($0))" }),
        ChildStepWording(CTR_STEP_CLOSE_FDS, failure: { "exec: close ctrsh's descriptors: \(why($0))" }),
        ChildStepWording(CTR_STEP_TERMINAL, failure: TerminalWords.failure, explain: TerminalWords.explain),
    ]
}
