/// A byte amount or no limit at all, as cgroup memory files take it.
public enum ByteLimit: Codable, Equatable, Sendable, CustomStringConvertible {
    case bytes(UInt64)
    case unlimited

    /// `64M`, `1.5G` or `max`, as a user would write it back.
    public var description: String {
        switch self {
        case .unlimited: "max"
        case .bytes(let n): ByteLimit.format(n)
        }
    }

    /// The shortest exact binary-unit spelling of `n`, else one decimal.
    public static func format(_ n: UInt64) -> String {
        let units: [(String, UInt64)] = [("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        for (suffix, size) in units where n >= size {
            if n % size == 0 { return "\(n / size)\(suffix)" }
            let tenths = (n * 10 + size / 2) / size
            return "\(tenths / 10).\(tenths % 10)\(suffix)"
        }
        return "\(n)"
    }
}

/// CPU bandwidth as a number of CPUs: 0.5 is half of one CPU, 2 is two.
public struct CPULimit: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The CFS period the quota is expressed against, in microseconds.
    public static let periodMicroseconds: UInt64 = 100_000
    public var cpus: Double
    public init(cpus: Double) { self.cpus = cpus }

    /// The quota per period, in microseconds (at least 1000, the kernel's floor).
    public var quotaMicroseconds: UInt64 {
        max(1000, UInt64((cpus * Double(Self.periodMicroseconds)).rounded()))
    }

    public var description: String {
        let percent = (cpus * 100).rounded()
        return percent == percent.rounded(.towardZero) ? "\(Int(percent))%" : "\(cpus)"
    }
}

/// A raw write to one cgroup interface file, as `cgroup set memory.high 32M`.
public struct RawCgroupSetting: Codable, Equatable, Sendable {
    /// The interface file name, e.g. `memory.high`.
    public var file: String
    /// The text written to it.
    public var value: String
    public init(file: String, value: String) {
        self.file = file
        self.value = value
    }
}

/// The resource limits of one container. Each field is nil when the user
/// set no limit; the drivers translate them to v1 or v2 interface files.
public struct CgroupLimits: Codable, Equatable, Sendable {
    /// The memory limit (v1 `memory.limit_in_bytes`, v2 `memory.max`).
    public var memory: ByteLimit?
    /// Swap allowed beyond `memory` (v1 `memory.memsw.limit_in_bytes`
    /// holds memory + swap, v2 `memory.swap.max` swap alone).
    public var memorySwap: ByteLimit?
    /// Memory the kernel reclaims from this group last when memory runs
    /// short (v1 `memory.soft_limit_in_bytes`, v2 `memory.low`).
    public var memoryReservation: ByteLimit?
    /// The most tasks at once (`pids.max`); nil is no limit.
    public var pids: UInt64?
    /// CPU bandwidth (v1 `cpu.cfs_quota_us`, v2 `cpu.max`).
    public var cpu: CPULimit?
    /// CPUs the container may run on, in the kernel's list format (`0-1,3`).
    public var cpuset: String?
    /// Relative I/O weight (v2 `io.weight`, 1–10000; v1 `blkio.weight`, 10–1000).
    public var ioWeight: UInt64?
    /// Raw interface files, written last, in the order they were set.
    public var raw: [RawCgroupSetting] = []

    public init() {}

    /// True when no limit of any kind is set.
    public var isEmpty: Bool { self == CgroupLimits() }
}
