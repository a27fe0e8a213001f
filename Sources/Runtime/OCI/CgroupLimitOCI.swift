import CtrKernel

/// Where one limit of `CgroupLimitTable` lives in runtime-spec's
/// `linux.resources`, read the way runc reads it: 0 is "not set", -1 is
/// "no limit", anything else out of range is an error naming the field.
struct CgroupLimitOCI: Sendable {
    /// Puts the limit (when set) into `resources`; a value runtime-spec
    /// cannot hold becomes a note instead.
    let export: @Sendable (
        _ limits: CgroupLimits, _ version: CgroupVersion?, _ resources: inout RuntimeBundleConfig.Resources, _ notes: inout [BundleExportNote]
    ) -> Void
    /// Reads the limit from `resources` into `limits` (after the limits
    /// before it in the table: swap needs memory).
    let read: @Sendable (
        _ resources: RuntimeBundleConfig.Resources, _ version: CgroupVersion?, _ limits: inout CgroupLimits, _ note: (BundleImportNote) -> Void
    ) throws(RuntimeError) -> Void

    static let memoryLimit = CgroupLimitOCI(
        export: { limits, _, resources, _ in
            guard let memory = limits.memory else { return }
            resources.memory = resources.memory ?? .init()
            resources.memory?.limit = JSONWholeNumber(bytes(memory))
        },
        read: { resources, _, limits, _ throws(RuntimeError) in
            if let limit = try limit(resources.memory?.limit?.value, field: "linux.resources.memory.limit", unit: .bytes) {
                limits.memory = limit < 0 ? .unlimited : .bytes(UInt64(limit))
            }
        })

    /// runtime-spec counts swap with memory (`swap` is memory plus swap).
    static let memorySwap = CgroupLimitOCI(
        export: { limits, _, resources, notes in
            let total: Int64
            switch (limits.memory, limits.memorySwap) {
            case (_, nil): return
            case (_, .unlimited?): total = -1
            case (.bytes(let bytes)?, .bytes(let swap)?):
                let sum = bytes.addingReportingOverflow(swap)
                total = Int64(clamping: sum.overflow ? UInt64.max : sum.partialValue)
            default:
                notes.append(.swapWithoutMemory)
                return
            }
            resources.memory = resources.memory ?? .init()
            resources.memory?.swap = JSONWholeNumber(total)
        },
        read: { resources, _, limits, note throws(RuntimeError) in
            guard let swap = try limit(resources.memory?.swap?.value, field: "linux.resources.memory.swap", unit: .bytes) else { return }
            if swap < 0 {
                limits.memorySwap = .unlimited
            } else if case .bytes(let memory)? = limits.memory, UInt64(swap) >= memory {
                limits.memorySwap = .bytes(UInt64(swap) - memory)
            } else {
                note(.swapWithoutMemory(swap))
            }
        })

    static let memoryReservation = CgroupLimitOCI(
        export: { limits, _, resources, _ in
            guard let reservation = limits.memoryReservation else { return }
            resources.memory = resources.memory ?? .init()
            resources.memory?.reservation = JSONWholeNumber(bytes(reservation))
        },
        read: { resources, _, limits, _ throws(RuntimeError) in
            let field = "linux.resources.memory.reservation"
            if let reservation = try limit(resources.memory?.reservation?.value, field: field, unit: .bytes) {
                limits.memoryReservation = reservation < 0 ? .unlimited : .bytes(UInt64(reservation))
            }
        })

    static let pids = CgroupLimitOCI(
        export: { limits, _, resources, _ in
            resources.pids = limits.pids.map { RuntimeBundleConfig.Pids(limit: Int64(clamping: $0)) }
        },
        read: { resources, _, limits, _ throws(RuntimeError) in
            if let pids = try limit(resources.pids?.limit.value, field: "linux.resources.pids.limit", unit: .processes), pids > 0 {
                limits.pids = UInt64(pids)
            }
        })

    /// CFS bandwidth: `quota` per `period`, in microseconds.
    static let cpuQuota = CgroupLimitOCI(
        export: { limits, _, resources, _ in
            guard let limit = limits.cpu else { return }
            resources.cpu = resources.cpu ?? .init()
            resources.cpu?.quota = JSONWholeNumber(Int64(clamping: limit.quotaMicroseconds))
            resources.cpu?.period = JSONWholeNumber(CPULimit.periodMicroseconds)
        },
        read: { resources, _, limits, _ throws(RuntimeError) in
            let period = resources.cpu?.period?.value
            if let period, !(1000...1_000_000).contains(period) {
                throw .image(.configValue(.cpuPeriod(period)))
            }
            if let quota = try limit(resources.cpu?.quota?.value, field: "linux.resources.cpu.quota", unit: .microseconds), quota > 0 {
                limits.cpu = CPULimit(cpus: Double(quota) / Double(period ?? CPULimit.periodMicroseconds))
            }
        })

    static let cpus = CgroupLimitOCI(
        export: { limits, _, resources, _ in
            guard let cpus = limits.cpuset else { return }
            resources.cpu = resources.cpu ?? .init()
            resources.cpu?.cpus = cpus
        },
        read: { resources, _, limits, _ throws(RuntimeError) in
            if let cpus = resources.cpu?.cpus, !cpus.isEmpty { limits.cpuset = cpus }
        })

    /// `blockIO.weight` is 10–1000 (v1's); on v2 the weight goes to
    /// `unified` as `io.weight`, and runc's conversion reads the other way.
    static let blockIOWeight = CgroupLimitOCI(
        export: { limits, version, resources, notes in
            guard let weight = limits.ioWeight else { return }
            if version == .v2 {
                resources.unified = (resources.unified ?? [:]).merging([V2File.ioWeight: "\(weight)"]) { _, new in new }
            } else if let blockWeight = UInt16(exactly: weight), V1File.weightRange.contains(weight) {
                var blockIO = RuntimeBundleConfig.BlockIO()
                blockIO.weight = JSONWholeNumber(blockWeight)
                resources.blockIO = blockIO
            } else {
                notes.append(.ioWeightOutOfRange(weight))
            }
        },
        read: { resources, version, limits, _ throws(RuntimeError) in
            guard let weight = resources.blockIO?.weight?.value, weight > 0 else { return }
            guard V1File.weightRange.contains(UInt64(weight)) else {
                throw .image(.configValue(.blockIOWeight(Int64(weight))))
            }
            // On v2, runc's conversion of a 10–1000 weight to io.weight's 1–10000.
            limits.ioWeight = version == .v2 ? 1 + (UInt64(weight) - 10) * 9999 / 990 : UInt64(weight)
        })

    /// A limit as runtime-spec writes it: nil for absent or 0 (not set),
    /// -1 for none, else a positive number; any other negative is refused.
    static func limit(_ value: Int64?, field: String, unit: LimitUnit) throws(RuntimeError) -> Int64? {
        guard let value, value != 0 else { return nil }
        guard value > 0 || value == -1 else {
            throw .image(.configValue(.limit(field: field, value: value, unit: unit)))
        }
        return value
    }

    /// Bytes as runtime-spec writes them: -1 is no limit.
    static func bytes(_ limit: ByteLimit) -> Int64 {
        switch limit {
        case .unlimited: -1
        case .bytes(let bytes): Int64(clamping: bytes)
        }
    }
}

extension CgroupLimitOCIField {
    /// How the field is written into a bundle and read from one.
    var mapping: CgroupLimitOCI {
        switch self {
        case .memoryLimit: .memoryLimit
        case .memorySwap: .memorySwap
        case .memoryReservation: .memoryReservation
        case .pids: .pids
        case .cpuQuota: .cpuQuota
        case .cpus: .cpus
        case .blockIOWeight: .blockIOWeight
        }
    }
}
