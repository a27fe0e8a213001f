import CLinux

/// A setup step that failed inside the new container before its program
/// started, as the child reported it through the error pipe, with the path
/// it was working on filled in by the parent. Its words come from the
/// step's entry in `ChildSteps.table`.
public struct ChildFailure: Equatable, Sendable, CustomStringConvertible {
    /// What a failed step worked on, as the parent fills it in.
    struct Subject {
        var path: String
        var detail: String = ""
        var programExists = false
        var foundOnPath: String?
    }

    /// The step (a `ctr_step` constant).
    let step: ctr_step
    public var errno: Int32
    /// The path the step worked on (the rootfs, a /dev node, the program,
    /// a mount's destination inside the container).
    public var path: String
    /// What else the step involved: the root a mount destination is in, a
    /// bind mount's source, an overlay's upper directory.
    public var detail: String
    /// True when `exec` failed with ENOENT yet the file exists in the root:
    /// its `#!` interpreter or dynamic loader is what is missing.
    public var programExists: Bool
    /// When a program named by its path is missing: where the root has a
    /// program of that name on the container's `PATH` (`/usr/bin/id` for `/bin/id`).
    public var foundOnPath: String?

    init(step: ctr_step, errno: Int32, subject: Subject) {
        self.step = step
        self.errno = errno
        self.path = subject.path
        self.detail = subject.detail
        self.programExists = subject.programExists
        self.foundOnPath = subject.foundOnPath
    }

    /// The step that failed, as its C constant names it after `CTR_STEP_`
    /// (`PIVOT_ROOT`).
    public var stepName: String { ChildStep.name(of: step) }

    public var description: String {
        ChildSteps.entry(Int32(step.rawValue))?.failure(self) ?? "exec: setup step \(stepName): \(errnoText(errno))"
    }
}
