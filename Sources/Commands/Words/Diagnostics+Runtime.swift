import CtrRuntime

/// The words for each kind of runtime failure. Each domain's kinds are
/// worded in a file of their own beside this one.
extension RuntimeError: Diagnosable {
    public var phrase: Phrase {
        switch self {
        case .kernel(let call, let errno): "\(call.phrase): \(ErrnoWords.phrase(errno))"
        case .image(let problem): problem.phrase
        case .cgroup(let problem): problem.phrase
        case .network(let problem): problem.phrase
        case .container(let problem): problem.phrase
        case .idMap(let problem): problem.phrase
        case .state(let problem): problem.phrase
        case .host(let problem): problem.phrase
        case .childSetup(let failure): ChildStepWords.phrase(for: failure)
        case .spec(let problem): problem.phrase
        case .launch(let problem): problem.phrase
        }
    }
}

extension Phrase.Interpolation {
    /// A runtime error in a phrase is its words ("mount bind: \(error)"),
    /// said in the phrase's language, never its facts' dump.
    public mutating func appendInterpolation(_ error: RuntimeError) {
        appendInterpolation(error.phrase)
    }
}
