import CLinux
import Glibc

/// One of the child's setup steps (a constant of `CTR_STEP_LIST` in
/// CLinux.h), with everything ctrsh says about it: what its failure names,
/// how the failure reads, and how `explain on` words it.
struct ChildStep: Sendable {
    /// The C constant the child reports.
    let id: ctr_step
    /// What a failure of the step names: the path it worked on, and what else.
    let subject: @Sendable (_ detail: Int, _ errno: Int32, _ context: ChildStepContext) -> ChildFailure.Subject
    /// The failure's words.
    let failure: @Sendable (ChildFailure) -> String
    /// What `explain on` prints when the child announces the step; nil for
    /// a step the child takes without announcing it.
    let explain: (@Sendable (_ detail: Int, _ context: ChildStepContext) -> String)?

    init(
        _ id: ctr_step,
        subject: @escaping @Sendable (_ detail: Int, _ errno: Int32, _ context: ChildStepContext) -> ChildFailure.Subject = {
            _, _, context in ChildFailure.Subject(path: context.root)
        },
        failure: @escaping @Sendable (ChildFailure) -> String,
        explain: (@Sendable (_ detail: Int, _ context: ChildStepContext) -> String)? = nil
    ) {
        self.id = id
        self.subject = subject
        self.failure = failure
        self.explain = explain
    }

    /// The C constant's name after `CTR_STEP_` (`PIVOT_ROOT`).
    var name: String { Self.name(of: id) }

    static func name(of id: ctr_step) -> String {
        ctr_step_name(Int32(id.rawValue)).map { String(cString: $0) } ?? "\(id.rawValue)"
    }
}

/// The launch a step's words draw on.
struct ChildStepContext {
    var request: LaunchRequest
    var argv: [String]
    /// The absolute paths `exec` tries, in order (the PATH lookup).
    var candidates: [String]
    /// The host PID of the child's own child in a joined pid namespace (the
    /// second clone), once it made one.
    var forked: pid_t?

    var spec: ContainerSpec { request.spec }
    /// The container's root as failure messages name it ("" without one).
    var root: String { request.rootForMessages ?? spec.rootfs?.path ?? "" }
    /// The container's root as `explain` shows it.
    var shownRoot: String { spec.rootfs?.path ?? "/" }
}

/// The step table: one entry per constant of `CTR_STEP_LIST`, in its
/// order. ChildStepsTests walks the C list and finds each one here.
enum ChildSteps {
    /// The entry of the step the child reported, or nil for a number that
    /// is no step.
    static func entry(_ raw: Int32) -> ChildStep? { byID[UInt32(truncatingIfNeeded: raw)] }

    private static let byID = Dictionary(table.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

    private static func why(_ failure: ChildFailure) -> String { errnoText(failure.errno) }

    static let table: [ChildStep] = [
        ChildStep(CTR_STEP_SIGNALS, failure: { "exec: reset signal handlers: \(why($0))" }),
        ChildStep(CTR_STEP_PDEATHSIG, failure: { "exec: prctl(PR_SET_PDEATHSIG): \(why($0))" }),
        ChildStep(CTR_STEP_SYNC, failure: { "exec: wait for ctrsh: \(why($0))" }),
        ChildStep(
            CTR_STEP_SETGROUPS, failure: { "user: switch to root in the user namespace: \(why($0))" },
            explain: { _, _ in "setgroups(0, NULL), setresgid(0, 0, 0), setresuid(0, 0, 0): become root of the user namespace" }),
        ChildStep(
            CTR_STEP_MOUNT_PRIVATE, failure: { "rootfs: make `/` private (MS_REC|MS_PRIVATE): \(why($0))" },
            explain: { _, _ in "mount none / MS_REC|MS_PRIVATE" }),
        ChildStep(
            CTR_STEP_BIND_ROOTFS, failure: { "rootfs: bind `\($0.path)` onto itself: \(why($0))" },
            explain: { _, context in "mount \(context.shownRoot) \(context.shownRoot) MS_BIND|MS_REC" }),
        ChildStep(CTR_STEP_ENTER_ROOTFS, failure: { "rootfs: chdir `\($0.path)`: \(why($0))" }),
        ChildStep(
            CTR_STEP_MOUNT_PROC, failure: { "rootfs: mount proc on `\($0.path)/proc`: \(why($0))" },
            explain: { _, context in "mount -t proc proc \(context.shownRoot)/proc" }),
        ChildStep(
            CTR_STEP_MOUNT_DEV, failure: { "rootfs: mount tmpfs on `\($0.path)/dev`: \(why($0))" },
            explain: { _, context in
                // The kernel refuses mknod of a device in any user namespace but the first.
                let nodes = context.spec.namespaces.contains(.user)
                    ? "bind the host's null zero full random urandom tty onto empty files" : "mknod null zero full random urandom tty"
                return "mount -t tmpfs tmpfs \(context.shownRoot)/dev; \(nodes); devpts on /dev/pts, tmpfs on /dev/shm"
            }),
        ChildStep(
            CTR_STEP_DEV_NODE,
            subject: { detail, _, context in
                ChildFailure.Subject(path: context.root + (ctr_dev_entry_name(Int32(detail)).map { String(cString: $0) } ?? "/dev"))
            },
            failure: { "rootfs: create `\($0.path)`: \(why($0))" }),
        ChildStep(CTR_STEP_MOUNT_DEVPTS, failure: { "rootfs: mount devpts on `\($0.path)/dev/pts`: \(why($0))" }),
        ChildStep(CTR_STEP_MOUNT_SHM, failure: { "rootfs: mount tmpfs on `\($0.path)/dev/shm`: \(why($0))" }),
        ChildStep(
            CTR_STEP_MOUNT_SYS, failure: { "rootfs: mount sysfs on `\($0.path)/sys`: \(why($0))" },
            explain: { _, context in "mount -t sysfs sysfs \(context.shownRoot)/sys MS_RDONLY" }),
        ChildStep(
            CTR_STEP_PIVOT_ROOT,
            failure: {
                "rootfs: pivot_root `\($0.path)`: \(why($0))"
                    + ($0.errno == EINVAL ? " (is the root on a shared mount, or on the initramfs?)" : "")
            },
            explain: { _, context in "pivot_root(\".\", \".\") in \(context.shownRoot)" }),
        ChildStep(
            CTR_STEP_DETACH_OLD_ROOT, failure: { "rootfs: detach the old root: \(why($0))" },
            explain: { _, _ in "umount2(old root, MNT_DETACH)" }),
        ChildStep(
            CTR_STEP_READONLY_ROOT, failure: { "rootfs: remount `/` read-only: \(why($0))" },
            explain: { _, _ in "mount -o remount,bind,ro /" }),
        ChildStep(
            CTR_STEP_HOSTNAME, subject: { _, _, context in ChildFailure.Subject(path: context.spec.hostname ?? "") },
            failure: { "hostname: sethostname `\($0.path)`: \(why($0))" },
            explain: { _, context in "sethostname \(context.spec.hostname ?? "")" }),
        ChildStep(
            CTR_STEP_CHDIR, subject: { _, _, context in ChildFailure.Subject(path: context.spec.workdir ?? "/") },
            failure: {
                $0.errno == EXDEV
                    ? "workdir: `\($0.path)` leads out of the container's root (a /proc/self/fd link to a descriptor of the host's?): refused; use a directory inside the root"
                    : "workdir: chdir `\($0.path)` in the container: \(why($0))"
            },
            explain: { _, context in "chdir \(context.spec.workdir ?? "/")" }),
        ChildStep(CTR_STEP_EXEC, subject: ExecStep.subject, failure: ExecStep.failure, explain: ExecStep.explain),
        ChildStep(CTR_STEP_MOUNT_HOST_PROC, failure: { "ns: mount a new /proc for the pid namespace: \(why($0))" }),
        ChildStep(
            CTR_STEP_SETNS, subject: { detail, _, _ in ChildFailure.Subject(path: "namespace #\(detail + 1)") },
            failure: { "ns: join `\($0.path)`: \(why($0))" },
            explain: { detail, context in
                detail < context.request.joins.count ? "setns(open(\(context.request.joins[detail].path)))" : "setns #\(detail + 1)"
            }),
        ChildStep(
            CTR_STEP_FORK, failure: { "ns: fork into the joined pid namespace: \(why($0))" },
            explain: { _, context in
                let pid = context.forked.map { " = \($0)" } ?? ""
                return "clone3(CLONE_PARENT)\(pid): its child, inside the joined pid namespace, goes on; this one exits"
            }),
        ChildStep(
            CTR_STEP_STDIO, failure: { "exec: set up standard input and output: \(why($0))" },
            explain: { detail, _ in
                detail == 1
                    ? "setsid: a session of its own; its terminal comes from the container's /dev/ptmx once it is in its root"
                    : "setsid: a session of its own, without a controlling terminal"
            }),
        ChildStep(
            CTR_STEP_IDS,
            subject: { _, _, context in ChildFailure.Subject(path: context.request.user.map { "\($0.uid):\($0.gid)" } ?? "root") },
            failure: {
                "exec: switch to user `\($0.path)`: \(why($0))"
                    + ($0.errno == EINVAL ? " (that ID is not mapped in the container's user namespace: `user map` it, or pick a mapped one)" : "")
            }),
        ChildStep(
            CTR_STEP_MOUNT_OVERLAY,
            subject: { _, _, context in ChildFailure.Subject(path: context.root, detail: context.request.overlay?.upper ?? "") },
            failure: {
                "rootfs --overlay: mount overlayfs with `\($0.path)` as the lower layer and `\($0.detail)` as the upper: \(why($0))"
                    + ($0.errno == EINVAL ? " (is the upper directory on a filesystem that overlayfs accepts, with xattrs?)" : "")
            },
            explain: { _, context in "mount -t overlay overlay \(context.shownRoot) (the base as the lower layer)" }),
        ChildStep(
            CTR_STEP_MOUNT_TARGET, subject: { detail, _, context in ChildFailure.Subject(path: destination(detail, context), detail: context.root) },
            failure: {
                switch $0.errno {
                case EXDEV:
                    "mount: `\($0.path)` leads out of the container's root (an absolute symlink or `..` on the way): refused; mount onto a real directory inside the root"
                case ELOOP:
                    "mount: `\($0.path)` passes a symlink loop or a /proc magic link: refused; mount onto a real directory inside the root"
                default: "mount: create `\($0.path)` in `\($0.detail)`: \(why($0))"
                }
            }),
        ChildStep(
            CTR_STEP_MOUNT_EXTRA, subject: { detail, _, context in ChildFailure.Subject(path: destination(detail, context), detail: howMounted(detail, context)) },
            failure: { "mount: \($0.detail) on `\($0.path)`: \(why($0))" },
            explain: { detail, context in
                guard detail < context.spec.mounts.count else { return "mount #\(detail + 1)" }
                let mount = context.spec.mounts[detail]
                let root = context.shownRoot
                let what = switch mount.source {
                case .bind(let source): "\(source) \(root)\(mount.destination) MS_BIND|MS_REC"
                case .tmpfs: "-t tmpfs tmpfs \(root)\(mount.destination)"
                }
                return "mount \(what)" + (mount.readonly ? ", then read-only" : "")
            }),
        ChildStep(
            CTR_STEP_MOUNT_READONLY, subject: { detail, _, context in ChildFailure.Subject(path: destination(detail, context), detail: howMounted(detail, context)) },
            failure: { "mount: make `\($0.path)` read-only: \(why($0))" }),
        ChildStep(
            CTR_STEP_MASK_PATH,
            subject: { detail, _, context in
                ChildFailure.Subject(path: ctr_masked_path_name(Int32(detail)).map { "/" + String(cString: $0) } ?? "/proc")
            },
            failure: { "rootfs: protect `\($0.path)` (mask it, or make it read-only): \(why($0))" },
            explain: { detail, context in
                let path = ctr_masked_path_name(Int32(detail)).map { String(cString: $0) } ?? "?"
                return (ctr_masked_path_hides(Int32(detail)) == 0 ? "mount --bind -o ro " : "mask ") + "\(context.shownRoot)/\(path)"
            }),
        ChildStep(
            CTR_STEP_CAPABILITIES, failure: { "cap: drop capabilities: \(why($0))" },
            explain: { _, context in
                let kept = context.spec.capabilities
                return "drop capabilities but \(kept.isEmpty ? "none" : kept.joined(separator: ","))"
            }),
        ChildStep(
            CTR_STEP_NO_NEW_PRIVS, failure: { "nnp: prctl(PR_SET_NO_NEW_PRIVS): \(why($0))" },
            explain: { _, _ in "prctl(PR_SET_NO_NEW_PRIVS, 1)" }),
        ChildStep(
            CTR_STEP_LOOPBACK_UP, failure: { "net up: bring up `lo`: \(why($0))" },
            explain: { _, _ in "ioctl(SIOCSIFFLAGS, lo, IFF_UP)" }),
        ChildStep(
            CTR_STEP_SECCOMP,
            failure: {
                switch $0.errno {
                case EINVAL: "seccomp: install the filter: \(why($0)) (is the kernel built without CONFIG_SECCOMP_FILTER? `seccomp off` runs without one)"
                case EACCES: "seccomp: install the filter: \(why($0)) (without no_new_privs the kernel asks for CAP_SYS_ADMIN: `nnp on`)"
                default: "seccomp: install the filter: \(why($0))"
                }
            },
            explain: { _, context in
                let instructions = (try? SeccompFilter.program(for: context.spec).count) ?? 0
                let refused = SeccompProfile.standard(keeping: context.spec.capabilities).rules.count
                return "seccomp(SECCOMP_SET_MODE_FILTER): a BPF program of \(instructions) instructions refusing \(refused) calls"
            }),
        ChildStep(
            CTR_STEP_JOIN_CGROUP,
            subject: { detail, _, context in
                let files = context.request.cgroup?.taskFiles ?? []
                return ChildFailure.Subject(path: detail < files.count ? files[detail] : "tasks")
            },
            failure: { "cgroup: move into the group (`echo 0 > \($0.path)`): \(why($0))" },
            explain: { detail, context in
                let files = context.request.cgroup?.taskFiles ?? []
                return "echo 0 > \(detail < files.count ? KernelStep.short(files[detail]) : "tasks") (the child moves itself into its group)"
            }),
        ChildStep(CTR_STEP_DUMPABLE, failure: { "exec: prctl(PR_SET_DUMPABLE, 0): \(why($0))" }),
        ChildStep(CTR_STEP_CLOSE_FDS, failure: { "exec: close ctrsh's descriptors: \(why($0))" }),
        ChildStep(
            CTR_STEP_TERMINAL, subject: { detail, _, _ in ChildFailure.Subject(path: "/dev/ptmx", detail: TerminalStep.what(detail)) },
            failure: TerminalStep.failure, explain: TerminalStep.explain),
    ]

    /// Where extra mount number `detail` goes in the root.
    private static func destination(_ detail: Int, _ context: ChildStepContext) -> String {
        detail < context.spec.mounts.count ? context.spec.mounts[detail].destination : "mount #\(detail + 1)"
    }

    /// How extra mount number `detail` is made (a bind of what, a tmpfs).
    private static func howMounted(_ detail: Int, _ context: ChildStepContext) -> String {
        detail < context.spec.mounts.count ? ExtraMounts.describe(context.spec.mounts[detail]) : ""
    }
}
