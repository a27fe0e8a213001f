import CLinux

/// A step the child announced as it took it (`explain on`), with the facts
/// of the launch its line shows. ctrsh's Commands word it by its step.
public struct ChildStepReport: Equatable, Sendable {
    /// The step (a `ctr_step` constant).
    public let step: ctr_step
    /// The number the child sent with the step: which extra mount, which
    /// namespace file, which masked path, the terminal's number; for
    /// `CTR_STEP_EXEC` which candidate (-1: `ctrsh-init`); for
    /// `CTR_STEP_STDIO` 1 when a terminal follows.
    public let number: Int
    /// The launch the step belongs to.
    public let launch: ChildLaunchFacts

    /// The step as its C constant names it after `CTR_STEP_` (`PIVOT_ROOT`).
    public var stepName: String { ChildStep.name(of: step) }
}

/// What a launch's announced steps draw on: its spec and what the parent
/// prepared for it.
public struct ChildLaunchFacts: Equatable, Sendable {
    /// The container's spec.
    public var spec: ContainerSpec
    /// The container's root as `explain` shows it (`/` without one of its own).
    public var root: String
    /// Whether the terminal's devpts is the container's own (it has a root).
    public var ownRoot: Bool
    /// The namespace files joined, in the order the child enters them.
    public var joins: [String]
    /// The cgroup `tasks` (or `cgroup.procs`) files the child writes itself into.
    public var taskFiles: [String]
    /// The absolute paths `exec` tries, in order (the PATH lookup).
    public var candidates: [String]
    /// The program as typed.
    public var program: String
    /// The name of the init run for `start` (`ctrsh-init`).
    public var initProgram: String
    /// The host PID of the child's own child in a joined pid namespace.
    public var forked: Int32?
    /// The seccomp filter's length in BPF instructions.
    public var seccompInstructions: Int
    /// How many system calls the seccomp filter refuses.
    public var seccompRefused: Int
}
