import CtrRuntime
import Glibc

/// How a process ended, in words: "exited with status 2", "killed by the
/// OOM killer (memory limit 32M)".
extension ExitStatus {
    var phrase: Phrase {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by \(SignalNames.name(of: signal)) (status \(code))"
        case .oomKilled(.some(let limit)): "killed by the OOM killer (memory limit \(limit))"
        case .oomKilled(nil): "killed by the OOM killer (memory limit of an ancestor cgroup)"
        case .interrupted: "interrupted by Ctrl-C (status \(code))"
        }
    }
}

extension Phrase.Interpolation {
    /// An exit status in a phrase is words ("exited with status 2"), said
    /// in the phrase's language.
    public mutating func appendInterpolation(_ status: ExitStatus) {
        appendInterpolation(status.phrase)
    }
}
