import CLinux
import Glibc

/// One of the child's setup steps (a constant of `CTR_STEP_LIST` in
/// CLinux.h) and the facts its failure names: the path it worked on, and
/// what else. The words (the failure's, `explain`'s) are ctrsh's Commands'
/// (`ChildStepWords`), keyed on the same constants.
struct ChildStep: Sendable {
    /// The C constant the child reports.
    let id: ctr_step
    /// What a failure of the step names: the path it worked on, and what else.
    let subject: @Sendable (_ detail: Int, _ errno: Int32, _ context: ChildStepContext) -> ChildFailure.Subject

    init(
        _ id: ctr_step,
        subject: @escaping @Sendable (_ detail: Int, _ errno: Int32, _ context: ChildStepContext) -> ChildFailure.Subject = {
            _, _, context in ChildFailure.Subject(path: context.root)
        }
    ) {
        self.id = id
        self.subject = subject
    }

    /// The C constant's name after `CTR_STEP_` (`PIVOT_ROOT`).
    var name: String { Self.name(of: id) }

    static func name(of id: ctr_step) -> String {
        ctr_step_name(Int32(id.rawValue)).map { String(cString: $0) } ?? "\(id.rawValue)"
    }
}

/// The launch a step's facts are drawn from.
struct ChildStepContext {
    var request: LaunchRequest
    var argv: [String]
    /// The absolute paths `exec` tries, in order (the PATH lookup).
    var candidates: [String]
    /// The host PID of the child's own child in a joined pid namespace (the
    /// second clone), once it made one.
    var forked: pid_t?

    var spec: ContainerSpec { request.spec }
    /// The container's root as a failure names it ("" without one).
    var root: String { request.rootForMessages ?? spec.rootfs?.path ?? "" }
    /// The facts `explain` shows for the launch's announced steps.
    var launchFacts: ChildLaunchFacts {
        ChildLaunchFacts(
            spec: spec, root: spec.rootfs?.path ?? "/", ownRoot: (spec.rootfs?.path ?? request.rootForMessages) != nil,
            joins: request.joins.map(\.path), taskFiles: request.cgroup?.taskFiles ?? [], candidates: candidates,
            program: argv.first ?? "", initProgram: InitProgram.name, forked: forked,
            seccompInstructions: (try? SeccompFilter.program(for: spec).count) ?? 0,
            seccompRefused: SeccompProfile.standard(keeping: spec.capabilities).rules.count)
    }
}

/// The step table: one entry per constant of `CTR_STEP_LIST`, in its
/// order. ChildStepsTests walks the C list and finds each one here.
enum ChildSteps {
    /// The entry of the step the child reported, or nil for a number that
    /// is no step.
    static func entry(_ raw: Int32) -> ChildStep? { byID[UInt32(truncatingIfNeeded: raw)] }

    private static let byID = Dictionary(table.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

    static let table: [ChildStep] = [
        ChildStep(CTR_STEP_SIGNALS),
        ChildStep(CTR_STEP_PDEATHSIG),
        ChildStep(CTR_STEP_SYNC),
        ChildStep(CTR_STEP_SETGROUPS),
        ChildStep(CTR_STEP_MOUNT_PRIVATE),
        ChildStep(CTR_STEP_BIND_ROOTFS),
        ChildStep(CTR_STEP_ENTER_ROOTFS),
        ChildStep(CTR_STEP_MOUNT_PROC),
        ChildStep(CTR_STEP_MOUNT_DEV),
        ChildStep(
            CTR_STEP_DEV_NODE,
            subject: { detail, _, context in
                ChildFailure.Subject(path: context.root + (ctr_dev_entry_name(Int32(detail)).map { String(cString: $0) } ?? "/dev"))
            }),
        ChildStep(CTR_STEP_MOUNT_DEVPTS),
        ChildStep(CTR_STEP_MOUNT_SHM),
        ChildStep(CTR_STEP_MOUNT_MQUEUE),
        ChildStep(CTR_STEP_MOUNT_SYS),
        ChildStep(CTR_STEP_PIVOT_ROOT),
        ChildStep(CTR_STEP_DETACH_OLD_ROOT),
        ChildStep(CTR_STEP_READONLY_ROOT),
        ChildStep(CTR_STEP_HOSTNAME, subject: { _, _, context in ChildFailure.Subject(path: context.spec.hostname ?? "") }),
        ChildStep(CTR_STEP_CHDIR, subject: { _, _, context in ChildFailure.Subject(path: context.spec.workdir ?? "/") }),
        ChildStep(CTR_STEP_EXEC, subject: ExecStep.subject),
        ChildStep(CTR_STEP_MOUNT_HOST_PROC),
        ChildStep(CTR_STEP_SETNS, subject: { detail, _, _ in ChildFailure.Subject(path: "namespace #\(detail + 1)") }),
        ChildStep(CTR_STEP_FORK),
        ChildStep(CTR_STEP_STDIO),
        ChildStep(
            CTR_STEP_IDS,
            subject: { _, _, context in ChildFailure.Subject(path: context.request.user.map { "\($0.uid):\($0.gid)" } ?? "root") }),
        ChildStep(
            CTR_STEP_MOUNT_OVERLAY,
            subject: { _, _, context in ChildFailure.Subject(path: context.root, detail: context.request.overlay?.upper ?? "") }),
        ChildStep(CTR_STEP_MOUNT_TARGET, subject: { detail, _, context in extraMount(detail, context) }),
        ChildStep(CTR_STEP_MOUNT_EXTRA, subject: { detail, _, context in extraMount(detail, context) }),
        ChildStep(CTR_STEP_MOUNT_READONLY, subject: { detail, _, context in extraMount(detail, context) }),
        ChildStep(
            CTR_STEP_MASK_PATH,
            subject: { detail, _, _ in
                ChildFailure.Subject(path: ctr_masked_path_name(Int32(detail)).map { "/" + String(cString: $0) } ?? "/proc")
            }),
        ChildStep(CTR_STEP_CAPABILITIES),
        ChildStep(CTR_STEP_NO_NEW_PRIVS),
        ChildStep(CTR_STEP_LOOPBACK_UP),
        ChildStep(CTR_STEP_SECCOMP),
        ChildStep(
            CTR_STEP_JOIN_CGROUP,
            subject: { detail, _, context in
                let files = context.request.cgroup?.taskFiles ?? []
                return ChildFailure.Subject(path: detail < files.count ? files[detail] : "tasks")
            }),
        ChildStep(CTR_STEP_DUMPABLE),
        ChildStep(CTR_STEP_CLOSE_FDS),
        ChildStep(CTR_STEP_TERMINAL, subject: { _, _, _ in ChildFailure.Subject(path: "/dev/ptmx") }),
    ]

    /// Extra mount number `detail`: where it goes in the root, the root,
    /// and how it is made.
    private static func extraMount(_ detail: Int, _ context: ChildStepContext) -> ChildFailure.Subject {
        guard detail < context.spec.mounts.count else { return ChildFailure.Subject(path: "mount #\(detail + 1)", detail: context.root) }
        let mount = context.spec.mounts[detail]
        return ChildFailure.Subject(path: mount.destination, detail: context.root, mount: mount)
    }
}
