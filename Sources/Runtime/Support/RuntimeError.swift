import Glibc

/// Every way the runtime can fail, each case carrying the facts a person
/// needs to act on it. The runtime says no words: ctrsh's Commands module
/// words each kind (`Diagnostics`), in the session's language.
///
/// The cases that still carry a `String` are being replaced by kinds with
/// facts (`kernel`, and one enum per domain); `description` words those in
/// English until then.
public enum RuntimeError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: which call, on what, and the kernel's errno.
    case kernel(SystemCall, errno: Int32)
    /// A system call failed: `operation` names it and its object, e.g.
    /// "open `/sys/fs/cgroup/memory/…/memory.max` for writing".
    case system(operation: String, errno: Int32)
    /// The spec asks for something that cannot work, with what to do instead.
    case invalidSpec(String)
    /// A step inside the new container failed before the program started.
    case childSetup(ChildFailure)
    /// The spec asks for something that cannot work (`SpecProblem`).
    case spec(SpecProblem)
    /// The launch failed in the parent, around the clone (`LaunchProblem`).
    case launch(LaunchProblem)
    /// The kernel refused a cgroup value, or the controller is missing.
    case cgroup(String)
    /// A network change the kernel refused (`net veth`), or one that
    /// would clash with the host's addresses and routes.
    case network(String)
    /// A root filesystem, image, bundle or pod that cannot be brought in
    /// or written out.
    case image(ImageProblem)

    public var description: String {
        switch self {
        case .kernel(let call, let errno): "\(call): \(errnoText(errno))"
        case .system(let operation, let errno): "\(operation): \(errnoText(errno))"
        case .invalidSpec(let message): message
        case .childSetup(let failure): "CTR_STEP_\(failure.stepName) `\(failure.path)`: \(errnoText(failure.errno))"
        case .spec(let problem): "\(problem)"
        case .launch(let problem): "\(problem)"
        case .cgroup(let message): message
        case .network(let message): message
        case .image(let problem): "\(problem)"
        }
    }

    /// The last `errno` as a `.kernel` error of `call`.
    package static func lastError(_ call: SystemCall) -> RuntimeError {
        .kernel(call, errno: errno)
    }

    /// The last `errno` as a `.system` error for `operation`.
    package static func lastError(_ operation: String) -> RuntimeError {
        .system(operation: operation, errno: errno)
    }
}

/// The C library's text for an errno value, e.g. "Permission denied".
public func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
