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
    /// A switch, not a dictionary: every start builds the `cgroup` family,
    /// and a first `[String: String]` costs a scan of the binary's
    /// conformance records (docs/benchmarks.d/analysis.md).
    static func summary(of word: String) -> String? {
        switch word {
        case "memory": "memory limit: 64M, 1.5G, max"
        case "memory.swap": "swap allowed beyond the memory limit: 0, 256M, max"
        case "memory.reservation": "memory reclaimed last when the host runs short (a soft limit): 32M, max"
        case "pids": "most processes at once: 20, max"
        case "cpu": "CPU bandwidth: 50%, 0.5 (half a CPU), 2 (two CPUs), max"
        case "cpuset": "CPUs it may run on: 0, 0-1, 0,2"
        case "io.weight": "relative I/O weight: 1–10000 (v1: 10–1000)"
        default: nil
        }
    }
}
