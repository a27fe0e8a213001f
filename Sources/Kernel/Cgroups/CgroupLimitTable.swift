/// The value of one limit, of whichever kind: what `cgroup set` parses and
/// what an entry of `CgroupLimitTable` reads from and writes to `CgroupLimits`.
public enum CgroupLimitValue: Equatable, Sendable, CustomStringConvertible {
    /// `64M`, `max`.
    case bytes(ByteLimit)
    /// `20`; nil is `max`.
    case count(UInt64?)
    /// `50%`, `0.5`; nil is `max`.
    case cpu(CPULimit?)
    /// A CPU list in the kernel's format: `0-1,3`.
    case cpus(String)
    /// A relative weight.
    case weight(UInt64)

    /// As `cgroup set` takes it back.
    public var description: String {
        switch self {
        case .bytes(let limit): "\(limit)"
        case .count(let count): count.map(String.init) ?? "max"
        case .cpu(let cpu): cpu.map(\.description) ?? "max"
        case .cpus(let list): list
        case .weight(let weight): "\(weight)"
        }
    }
}

/// What a limit's value is, for parsing it and completing it.
public enum CgroupLimitKind: Equatable, Sendable {
    /// Bytes with a binary unit, or `max`.
    case size
    /// A whole number, or `max`.
    case count
    /// CPUs: `50%`, `0.5`, `2`, or `max`.
    case cpu
    /// CPU numbers and ranges: `0`, `0-1`, `0,2`.
    case cpuList
    /// A whole number in a range.
    case weight(ClosedRange<UInt64>)
}

/// How one cgroup version writes a limit.
enum CgroupLimitWriting<Group>: Sendable {
    /// One interface file: the encoded value, or `unset` once the limit is removed.
    case file(String, unset: String, encode: @Sendable (CgroupLimitValue) -> String)
    /// Code of its own (several files, an order, a check), in `CgroupV1Limits` or `CgroupV2Limits`.
    case custom(file: String, write: @Sendable (Group, CgroupLimits, CgroupLimits) throws(RuntimeError) -> Void)
    /// Written by the code of the limit named (v1 memory and swap, whose files the kernel orders).
    case with(String)
}

/// A limit on one cgroup version: its controller and how it is written.
struct CgroupLimitDriving<Group>: Sendable {
    /// The controller (v1: the hierarchy) whose files it writes.
    let controller: String
    let writing: CgroupLimitWriting<Group>

    /// The interface file that holds the limit (for a limit written with
    /// another's, that one's).
    var file: String? {
        switch writing {
        case .file(let name, _, _), .custom(let name, _): name
        case .with: nil
        }
    }
}

/// The runtime-spec field (`config.json`'s `linux.resources`) of each
/// limit in `CgroupLimitTable`, its path as the raw value. The kernel side
/// only names it; CtrRuntime's OCI import and export say how each is
/// written and read (`CgroupLimitOCIField.mapping`), in a switch the
/// compiler checks is complete.
package enum CgroupLimitOCIField: String, Sendable, CaseIterable {
    case memoryLimit = "linux.resources.memory.limit"
    case memorySwap = "linux.resources.memory.swap"
    case memoryReservation = "linux.resources.memory.reservation"
    case pids = "linux.resources.pids.limit"
    case cpuQuota = "linux.resources.cpu.quota"
    case cpus = "linux.resources.cpu.cpus"
    case blockIOWeight = "linux.resources.blockIO.weight"
}

/// One limit `cgroup set` knows by name: everything ctrsh knows about it.
public struct CgroupLimit: Sendable {
    /// The word `cgroup set` takes: `memory`, `io.weight`.
    public let word: String
    /// What its value is.
    public let kind: CgroupLimitKind
    /// Its value in `limits`; nil when it is not set.
    public let value: @Sendable (CgroupLimits) -> CgroupLimitValue?
    /// Sets it in `limits`; nil (or `max` for a count or CPUs) unsets it.
    public let assign: @Sendable (inout CgroupLimits, CgroupLimitValue?) -> Void
    let v1: CgroupLimitDriving<CgroupV1Group>
    let v2: CgroupLimitDriving<CgroupV2Group>
    /// Its place in runtime-spec's `linux.resources` (CtrRuntime's OCI
    /// import and export map each field: `CgroupLimitOCI`).
    package let oci: CgroupLimitOCIField
    /// The limit it counts from, which must be set before it (swap is
    /// allowed beyond the memory limit); nil for one that stands alone.
    public var requires: String?

    /// Its runtime-spec field (`config.json`), for notes.
    public var ociField: String { oci.rawValue }

    /// The interface file that holds it on `version`.
    public func file(on version: CgroupVersion) -> String? {
        version == .v1 ? v1.file : v2.file
    }

    /// The controller whose files it writes on `version`.
    public func controller(on version: CgroupVersion) -> String {
        version == .v1 ? v1.controller : v2.controller
    }
}

/// The limits `cgroup set` knows by name, in the order help lists them and
/// the drivers write them (memory before swap: v1's kernel compares them).
/// Parsing, help, completion, `cgroup show`, both drivers and OCI import
/// and export read this table; a new limit is one entry here (with its
/// kernel code when one file is not enough).
public enum CgroupLimitTable {
    public static let all: [CgroupLimit] = [
        CgroupLimit(
            word: "memory", kind: .size,
            value: { $0.memory.map(CgroupLimitValue.bytes) },
            assign: { limits, value in limits.memory = bytes(value) },
            v1: .init(controller: "memory", writing: .custom(file: V1File.memoryLimit) { group, limits, previous throws(RuntimeError) in
                try group.applyMemory(limits, previous: previous)
            }),
            v2: .init(controller: "memory", writing: .custom(file: V2File.memoryMax) { group, limits, previous throws(RuntimeError) in
                try group.writeMemory(limits, previous: previous)
            }),
            oci: .memoryLimit),
        CgroupLimit(
            word: "memory.swap", kind: .size,
            value: { $0.memorySwap.map(CgroupLimitValue.bytes) },
            assign: { limits, value in limits.memorySwap = bytes(value) },
            v1: .init(controller: "memory", writing: .with("memory")),
            v2: .init(controller: "memory", writing: .custom(file: V2File.memorySwapMax) { group, limits, previous throws(RuntimeError) in
                try group.writeSwap(limits, previous: previous)
            }),
            oci: .memorySwap, requires: "memory"),
        CgroupLimit(
            word: "memory.reservation", kind: .size,
            value: { $0.memoryReservation.map(CgroupLimitValue.bytes) },
            assign: { limits, value in limits.memoryReservation = bytes(value) },
            v1: .init(controller: "memory", writing: .file(V1File.memorySoftLimit, unset: V1File.unlimited, encode: v1Bytes)),
            v2: .init(controller: "memory", writing: .file(V2File.memoryLow, unset: V2File.noProtection, encode: v2Bytes)),
            oci: .memoryReservation),
        CgroupLimit(
            word: "pids", kind: .count,
            value: { $0.pids.map { .count($0) } },
            assign: { limits, value in if case .count(let count)? = value { limits.pids = count } else { limits.pids = nil } },
            v1: .init(controller: "pids", writing: .file(CommonFile.pidsMax, unset: V1File.pidsUnlimited) { "\($0)" }),
            v2: .init(controller: "pids", writing: .file(CommonFile.pidsMax, unset: V2File.unlimited) { "\($0)" }),
            oci: .pids),
        CgroupLimit(
            word: "cpu", kind: .cpu,
            value: { $0.cpu.map { .cpu($0) } },
            assign: { limits, value in if case .cpu(let cpu)? = value { limits.cpu = cpu } else { limits.cpu = nil } },
            v1: .init(controller: "cpu", writing: .custom(file: V1File.cpuQuota) { group, limits, previous throws(RuntimeError) in
                try group.applyCPU(limits, previous: previous)
            }),
            v2: .init(controller: "cpu", writing: .file(
                V2File.cpuMax, unset: "\(V2File.unlimited) \(CPULimit.periodMicroseconds)"
            ) { value in
                guard case .cpu(let cpu?) = value else { return "\(V2File.unlimited) \(CPULimit.periodMicroseconds)" }
                return "\(cpu.quotaMicroseconds) \(CPULimit.periodMicroseconds)"
            }),
            oci: .cpuQuota),
        CgroupLimit(
            word: "cpuset", kind: .cpuList,
            value: { $0.cpuset.map(CgroupLimitValue.cpus) },
            assign: { limits, value in if case .cpus(let list)? = value { limits.cpuset = list } else { limits.cpuset = nil } },
            v1: .init(controller: "cpuset", writing: .custom(file: CommonFile.cpusetCpus) { group, limits, previous throws(RuntimeError) in
                try group.applyCPUs(limits, previous: previous)
            }),
            v2: .init(controller: "cpuset", writing: .custom(file: CommonFile.cpusetCpus) { group, limits, previous throws(RuntimeError) in
                try group.writeCPUs(limits, previous: previous)
            }),
            oci: .cpus),
        CgroupLimit(
            word: "io.weight", kind: .weight(V2File.weightRange),
            value: { $0.ioWeight.map(CgroupLimitValue.weight) },
            assign: { limits, value in if case .weight(let weight)? = value { limits.ioWeight = weight } else { limits.ioWeight = nil } },
            v1: .init(controller: "blkio", writing: .custom(file: V1File.blkioWeight) { group, limits, previous throws(RuntimeError) in
                try group.applyWeight(limits, previous: previous)
            }),
            v2: .init(controller: "io", writing: .custom(file: V2File.ioWeight) { group, limits, previous throws(RuntimeError) in
                try group.writeWeight(limits, previous: previous)
            }),
            oci: .blockIOWeight),
    ]

    /// The words `cgroup set` knows, in help's order.
    public static var words: [String] { all.map(\.word) }

    /// The entry for `word`, or nil (a raw interface file, or a typo).
    public static func limit(named word: String) -> CgroupLimit? {
        all.first { $0.word == word }
    }

    /// The controllers the limits set in `limits` write to on `version`.
    static func controllers(of limits: CgroupLimits, on version: CgroupVersion) -> Set<String> {
        Set(all.filter { $0.value(limits) != nil }.map { $0.controller(on: version) })
    }

    /// Bytes as v1 memory files take them: -1 is no limit.
    @Sendable private static func v1Bytes(_ value: CgroupLimitValue) -> String {
        if case .bytes(.bytes(let n)) = value { "\(n)" } else { V1File.unlimited }
    }

    /// Bytes as v2 memory files take them: `max` is no limit.
    @Sendable private static func v2Bytes(_ value: CgroupLimitValue) -> String {
        if case .bytes(.bytes(let n)) = value { "\(n)" } else { V2File.unlimited }
    }

    private static func bytes(_ value: CgroupLimitValue?) -> ByteLimit? {
        if case .bytes(let limit)? = value { limit } else { nil }
    }
}
