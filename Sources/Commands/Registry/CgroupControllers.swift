/// The controller words `cgroup set` understands, named once for parsing,
/// help and completion. Any other word containing a dot is a raw interface
/// file of the active cgroup version.
public enum CgroupControllers {
    /// A controller word and what its value is.
    public struct Controller: Sendable {
        public var name: String
        public var value: ParameterKind
        public var summary: String
    }

    /// Every controller word, in the order help lists them.
    public static let all: [Controller] = [
        Controller(name: "memory", value: .size, summary: "memory limit: 64M, 1.5G, max"),
        Controller(name: "memory.swap", value: .size, summary: "swap allowed beyond the memory limit: 0, 256M, max"),
        Controller(name: "pids", value: .integer, summary: "most processes at once: 20, max"),
        Controller(name: "cpu", value: .text, summary: "CPU bandwidth: 50%, 0.5 (half a CPU), 2 (two CPUs), max"),
        Controller(name: "cpuset", value: .text, summary: "CPUs it may run on: 0, 0-1, 0,2"),
        Controller(name: "io.weight", value: .integer, summary: "relative I/O weight: 1–10000 (v1: 10–1000)"),
    ]

    /// The controller words alone.
    public static let names: [String] = all.map(\.name)
}
