import Glibc

/// `CgroupLimits` → cgroup v1 interface files.
extension CgroupV1Group {
    /// Writes every limit set in `limits`, and "no limit" for each one that
    /// `previous` had and `limits` has not, in `CgroupLimitTable`'s order.
    /// Raw files go last, in order.
    func apply(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        for limit in CgroupLimitTable.all {
            switch limit.v1.writing {
            case .file(let file, let unset, let encode):
                if let value = limit.value(limits) {
                    try files.write(encode(value), to: path(of: file))
                } else if limit.value(previous) != nil {
                    try files.write(unset, to: path(of: file))
                }
            case .custom(_, let write): try write(self, limits, previous)
            case .with: continue
            }
        }
        for setting in limits.raw {
            try files.write(setting.value, to: path(of: setting.file))
        }
    }

    /// `cpu.cfs_period_us` and `cpu.cfs_quota_us`.
    func applyCPU(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let cpu = limits.cpu {
            try files.write("\(CPULimit.periodMicroseconds)", to: path(of: V1File.cpuPeriod))
            try files.write("\(cpu.quotaMicroseconds)", to: path(of: V1File.cpuQuota))
        } else if previous.cpu != nil {
            try files.write(V1File.unlimited, to: path(of: V1File.cpuQuota))
        }
    }

    /// `cpuset.cpus`; v1 has no "inherit": unset gives the group its parent's CPUs again.
    func applyCPUs(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let cpuset = limits.cpuset {
            try files.write(cpuset, to: path(of: CommonFile.cpusetCpus))
        } else if previous.cpuset != nil {
            let group = try join("cpuset")
            let parentCpus = try FileText.read(joinPath(parentPath(group), CommonFile.cpusetCpus))
            try files.write(parentCpus.trimmedWhitespace, to: joinPath(group, CommonFile.cpusetCpus))
        }
    }

    /// `blkio.weight` or `blkio.bfq.weight`, whichever the group has.
    func applyWeight(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let weight = limits.ioWeight {
            guard V1File.weightRange.contains(weight) else {
                throw .cgroup(.ioWeightOutOfRange(weight, range: V1File.weightRange, version: .v1))
            }
            try files.write("\(weight)", to: try weightFile().path)
        } else if previous.ioWeight != nil {
            let (file, name) = try weightFile()
            try files.write(V1File.defaultWeight[name] ?? "500", to: file)
        }
    }

    /// `memory.limit_in_bytes` and `memory.memsw.limit_in_bytes` (memory +
    /// swap). The kernel keeps memsw ≥ memory at every moment, so memsw goes
    /// first when it is not below the current memory limit, else second.
    func applyMemory(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        let memory: String? = limits.memory.map(Self.value) ?? (previous.memory != nil ? V1File.unlimited : nil)
        var swap: String?
        if let swapLimit = limits.memorySwap {
            if case .bytes(let memoryBytes)? = limits.memory, case .bytes(let swapBytes) = swapLimit {
                let (sum, overflow) = memoryBytes.addingReportingOverflow(swapBytes)
                swap = overflow ? V1File.unlimited : "\(sum)"
            } else {
                swap = V1File.unlimited
            }
        } else if previous.memorySwap != nil {
            swap = V1File.unlimited
        }
        guard memory != nil || swap != nil else { return }
        let memoryPath = try path(of: V1File.memoryLimit)
        guard let swap else {
            if let memory { try files.write(memory, to: memoryPath) }
            return
        }
        let swapPath = try path(of: V1File.memorySwapLimit)
        guard CgroupFiles.exists(swapPath) else {
            throw .cgroup(.swapAccountingOff(file: V1File.memorySwapLimit, directory: parentPath(swapPath)))
        }
        let current = CgroupFiles.number(memoryPath) ?? UInt64.max
        let swapFirst = swap == V1File.unlimited || (UInt64(swap) ?? UInt64.max) >= current
        if swapFirst { try files.write(swap, to: swapPath) }
        if let memory { try files.write(memory, to: memoryPath) }
        if !swapFirst { try files.write(swap, to: swapPath) }
    }

    /// The weight file the group's blkio directory has: CFQ's, else BFQ's
    /// (the blkio root shows neither, so only a group can tell).
    private func weightFile() throws(RuntimeError) -> (path: String, name: String) {
        let directory = try join("blkio")
        for name in [V1File.blkioWeight, V1File.blkioBFQWeight] where CgroupFiles.exists(joinPath(directory, name)) {
            return (joinPath(directory, name), name)
        }
        throw .cgroup(.noV1IOWeight)
    }

    /// A byte limit as v1 memory files take it.
    private static func value(_ limit: ByteLimit) -> String {
        switch limit {
        case .bytes(let n): "\(n)"
        case .unlimited: V1File.unlimited
        }
    }
}

extension RuntimeError {
    /// v1's refusal (EBUSY) to lower a memory limit below what the group's
    /// processes hold and the kernel cannot reclaim, where v2 would OOM-kill.
    package var isV1MemoryLimitBusy: Bool {
        guard case .kernel(let call, EBUSY) = self else { return false }
        return call.name == "write" && call.object?.hasSuffix("/" + V1File.memoryLimit) == true
    }
}
