import Glibc

/// Every way the runtime can fail, each case carrying the facts a person
/// needs to act on it. The runtime says no words: ctrsh's Commands module
/// words each kind (`Diagnostics`), in the session's language;
/// `description` shows the facts as they are, for logs and debuggers.
public enum RuntimeError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: which call, on what, and the kernel's errno.
    case kernel(SystemCall, errno: Int32)
    /// A step inside the new container failed before the program started.
    case childSetup(ChildFailure)
    /// The spec asks for something that cannot work (`SpecProblem`).
    case spec(SpecProblem)
    /// The launch failed in the parent, around the clone (`LaunchProblem`).
    case launch(LaunchProblem)
    /// The kernel refused a cgroup value, a controller or file is missing,
    /// or there is no place for limits here.
    case cgroup(CgroupProblem)
    /// A network change the kernel refused (`net veth`), or one that
    /// would clash with the host's addresses and routes.
    case network(NetworkProblem)
    /// A step a container's state does not allow (not running, paused),
    /// or that needs what it shares.
    case container(ContainerProblem)
    /// A user namespace's ID map breaks the kernel's or `newuidmap`'s rules.
    case idMap(IDMapProblem)
    /// ctrsh's state directory is not one it can trust.
    case state(StateProblem)
    /// ctrsh's own work on the host's files and programs stopped.
    case host(HostProblem)
    /// A root filesystem, image, bundle or pod that cannot be brought in
    /// or written out.
    case image(ImageProblem)

    public var description: String {
        switch self {
        case .kernel(let call, let errno): "\(call): \(errnoText(errno))"
        case .childSetup(let failure): "CTR_STEP_\(failure.stepName) `\(failure.path)`: \(errnoText(failure.errno))"
        case .spec(let problem): "\(problem)"
        case .launch(let problem): "\(problem)"
        case .cgroup(let problem): "cgroup: \(problem)"
        case .network(let problem): "network: \(problem)"
        case .container(let problem): "container: \(problem)"
        case .idMap(let problem): "user map: \(problem)"
        case .state(let problem): "state: \(problem)"
        case .host(let problem): "host: \(problem)"
        case .image(let problem): "\(problem)"
        }
    }

    /// The last `errno` as a `.kernel` error of `call`.
    package static func lastError(_ call: SystemCall) -> RuntimeError {
        .kernel(call, errno: errno)
    }
}

/// The C library's text for an errno value, e.g. "Permission denied".
public func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}
