import CtrRuntime

/// What each limit of `CgroupLimitTable` limits and what its values look
/// like, for help and completion: words, so they live here, beside the
/// commands, keyed by the limit's word (`CgroupLimitSummaryTests` checks
/// every limit has one).
extension CgroupLimit {
    /// `memory limit: 64M, 1.5G, max`.
    public var summary: String { CgroupLimitSummaries.summary(of: word) ?? word }
}

enum CgroupLimitSummaries {
    /// Each limit's word and summary. A list, not a dictionary: seven
    /// entries, looked up rarely, and a dictionary is a generic type more
    /// for every start to make.
    static let all: [(word: String, summary: String)] = [
        ("memory", "memory limit: 64M, 1.5G, max"),
        ("memory.swap", "swap allowed beyond the memory limit: 0, 256M, max"),
        ("memory.reservation", "memory reclaimed last when the host runs short (a soft limit): 32M, max"),
        ("pids", "most processes at once: 20, max"),
        ("cpu", "CPU bandwidth: 50%, 0.5 (half a CPU), 2 (two CPUs), max"),
        ("cpuset", "CPUs it may run on: 0, 0-1, 0,2"),
        ("io.weight", "relative I/O weight: 1–10000 (v1: 10–1000)"),
    ]

    static func summary(of word: String) -> String? { all.first { $0.word == word }?.summary }
}
