/// `CgroupLimits` → cgroup v2 interface files.
extension CgroupV2Group {
    /// Writes every limit set in `limits`, and "no limit" for each one that
    /// `previous` had and `limits` has not. Raw files go last, in order.
    /// The controllers must already be enabled (see `apply`).
    func write(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let memory = limits.memory {
            try files.write(Self.value(memory), to: path(V2File.memoryMax))
        } else if previous.memory != nil {
            try files.write(V2File.unlimited, to: path(V2File.memoryMax))
        }
        if let swap = limits.memorySwap {
            try writeSwap(Self.value(swap))
        } else if previous.memorySwap != nil {
            try writeSwap(V2File.unlimited)
        }
        if let pids = limits.pids {
            try files.write("\(pids)", to: path(CommonFile.pidsMax))
        } else if previous.pids != nil {
            try files.write(V2File.unlimited, to: path(CommonFile.pidsMax))
        }
        let period = CPULimit.periodMicroseconds
        if let cpu = limits.cpu {
            try files.write("\(cpu.quotaMicroseconds) \(period)", to: path(V2File.cpuMax))
        } else if previous.cpu != nil {
            try files.write("\(V2File.unlimited) \(period)", to: path(V2File.cpuMax))
        }
        if let cpuset = limits.cpuset {
            try files.write(cpuset, to: path(CommonFile.cpusetCpus))
        } else if previous.cpuset != nil {
            // Empty: use the parent's CPUs again.
            try files.write("", to: path(CommonFile.cpusetCpus))
        }
        if let weight = limits.ioWeight {
            guard V2File.weightRange.contains(weight) else {
                throw .cgroup("cgroup: an io weight must be \(V2File.weightRange.lowerBound)–\(V2File.weightRange.upperBound), not \(weight)")
            }
            try writeWeight(weight)
        } else if previous.ioWeight != nil {
            try writeWeight(V2File.defaultWeight)
        }
        for setting in limits.raw {
            try files.write(setting.value, to: path(setting.file))
        }
    }

    /// `memory.swap.max`, which exists only with swap accounting.
    private func writeSwap(_ value: String) throws(RuntimeError) {
        let swap = path(V2File.memorySwapMax)
        guard CgroupFiles.exists(swap) else {
            throw .cgroup("cgroup: a swap limit needs `\(V2File.memorySwapMax)`, which `\(directory)` lacks: swap accounting is off (boot Linux with `swapaccount=1`)")
        }
        try files.write(value, to: swap)
    }

    /// `io.weight` as `default N`, which exists only with a weight-based
    /// I/O controller (iocost or BFQ).
    private func writeWeight(_ weight: UInt64) throws(RuntimeError) {
        let file = path(V2File.ioWeight)
        guard CgroupFiles.exists(file) else {
            throw .cgroup("cgroup: an io weight needs `\(V2File.ioWeight)`, which `\(directory)` lacks (no weight-based I/O control on this kernel)")
        }
        try files.write("default \(weight)", to: file)
    }

    /// A byte limit as v2 memory files take it.
    private static func value(_ limit: ByteLimit) -> String {
        switch limit {
        case .bytes(let n): "\(n)"
        case .unlimited: V2File.unlimited
        }
    }
}
