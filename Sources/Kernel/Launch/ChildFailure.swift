import CLinux

/// A setup step that failed inside the new container before its program
/// started, as the child reported it through the error pipe, with what the
/// step worked on filled in by the parent (its entry in `ChildSteps.table`).
/// Facts only: ctrsh's Commands word it by its step.
public struct ChildFailure: Equatable, Sendable {
    /// What a failed step worked on, as the parent fills it in.
    struct Subject {
        var path: String
        var detail: String = ""
        var mount: MountSpec?
        var programExists = false
        var foundOnPath: String?
    }

    /// The step (a `ctr_step` constant).
    public let step: ctr_step
    public var errno: Int32
    /// The number the child sent with the step: which extra mount, which
    /// namespace file, which masked path; for `CTR_STEP_TERMINAL` an
    /// `enum ctr_terminal_failure`.
    public var number: Int
    /// The path the step worked on (the rootfs, a /dev node, the program,
    /// a mount's destination inside the container).
    public var path: String
    /// What else the step involved: the root a mount destination is in, an
    /// overlay's upper directory.
    public var detail: String
    /// The extra mount the step made, for the steps of extra mounts.
    public var mount: MountSpec?
    /// True when `exec` failed with ENOENT yet the file exists in the root:
    /// its `#!` interpreter or dynamic loader is what is missing.
    public var programExists: Bool
    /// When a program named by its path is missing: where the root has a
    /// program of that name on the container's `PATH` (`/usr/bin/id` for `/bin/id`).
    public var foundOnPath: String?

    init(step: ctr_step, errno: Int32, number: Int, subject: Subject) {
        self.step = step
        self.errno = errno
        self.number = number
        self.path = subject.path
        self.detail = subject.detail
        self.mount = subject.mount
        self.programExists = subject.programExists
        self.foundOnPath = subject.foundOnPath
    }

    /// The step that failed, as its C constant names it after `CTR_STEP_`
    /// (`PIVOT_ROOT`).
    public var stepName: String { ChildStep.name(of: step) }
}
