import CtrRuntime

/// The words for each kind of runtime failure. Each domain's kinds are
/// worded in a file of their own beside this one.
extension RuntimeError: Diagnosable {
    public var phrase: Phrase {
        switch self {
        case .kernel(let call, let errno): "\(call.phrase): \(ErrnoWords.phrase(errno))"
        case .image(let problem): problem.phrase
        // Kinds still carrying English prose (being replaced by facts).
        case .system(let operation, let errno): "\(operation): \(ErrnoWords.phrase(errno))"
        case .invalidSpec(let message): Phrase(verbatim: message)
        case .cgroup(let problem): problem.phrase
        case .network(let problem): problem.phrase
        case .container(let problem): problem.phrase
        case .idMap(let problem): problem.phrase
        case .state(let problem): problem.phrase
        case .host(let problem): problem.phrase
        case .childSetup(let failure): Phrase(verbatim: failure.description)
        }
    }
}
