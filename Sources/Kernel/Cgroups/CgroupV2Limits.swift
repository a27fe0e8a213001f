/// `CgroupLimits` → cgroup v2 interface files.
extension CgroupV2Group {
    /// Writes each limit that `limits` sets and `previous` did not set to the
    /// same value, and "no limit" for each one that `previous` had and
    /// `limits` has not, in `CgroupLimitTable`'s order: a live `cgroup set`
    /// writes only what it changes. Raw files go last, in order. The
    /// controllers must already be enabled (see `apply`).
    func write(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        for limit in CgroupLimitTable.all {
            switch limit.v2.writing {
            case .file(let file, let unset, let encode):
                let value = limit.value(limits)
                if let value, value != limit.value(previous) {
                    try files.write(encode(value), to: path(file))
                } else if value == nil, limit.value(previous) != nil {
                    try files.write(unset, to: path(file))
                }
            case .custom(_, let write): try write(self, limits, previous)
            case .with: continue
            }
        }
        for setting in limits.raw where !previous.raw.contains(setting) {
            try files.write(setting.value, to: path(setting.file))
        }
    }

    /// `memory.max`, refused below what the running group holds.
    func writeMemory(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let memory = limits.memory, memory != previous.memory {
            try lowerMemoryMaxCheck(memory)
            try files.write(Self.value(memory), to: path(V2File.memoryMax))
        } else if limits.memory == nil, previous.memory != nil {
            try files.write(V2File.unlimited, to: path(V2File.memoryMax))
        }
    }

    /// `memory.swap.max`, which exists only with swap accounting.
    func writeSwap(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let swap = limits.memorySwap, swap != previous.memorySwap {
            try writeSwapFile(Self.value(swap))
        } else if limits.memorySwap == nil, previous.memorySwap != nil {
            try writeSwapFile(V2File.unlimited)
        }
    }

    /// `cpuset.cpus`; unset gives the group its parent's CPUs again.
    func writeCPUs(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let cpuset = limits.cpuset, cpuset != previous.cpuset {
            try files.write(cpuset, to: path(CommonFile.cpusetCpus))
        } else if limits.cpuset == nil, previous.cpuset != nil {
            try resetCPUs()
        }
    }

    /// `io.weight`, as `default N`.
    func writeWeight(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        if let weight = limits.ioWeight, weight != previous.ioWeight {
            guard V2File.weightRange.contains(weight) else {
                throw .cgroup(.ioWeightOutOfRange(weight, range: V2File.weightRange, version: .v2))
            }
            try writeWeightFile(weight)
        } else if limits.ioWeight == nil, previous.ioWeight != nil {
            try writeWeightFile(V2File.defaultWeight)
        }
    }

    /// The CPUs of the parent again. An empty `cpuset.cpus` means that, but
    /// the kernel refuses it (ENOSPC) while the group has processes, so
    /// those of the parent are written instead.
    private func resetCPUs() throws(RuntimeError) {
        if processes().isEmpty {
            try files.write("", to: path(CommonFile.cpusetCpus))
            return
        }
        let parent = joinPath(parentPath(directory), V2File.cpusetCpusEffective)
        guard let cpus = CgroupFiles.read(parent), !cpus.isEmpty else {
            throw .cgroup(.parentCPUsUnreadable(path: parent))
        }
        try files.write(cpus, to: path(CommonFile.cpusetCpus))
    }

    /// Refuses a `memory.max` below what the running group holds, as v1
    /// does (EBUSY), after asking the kernel to reclaim the difference:
    /// v2 would otherwise OOM-kill the container to get there.
    private func lowerMemoryMaxCheck(_ limit: ByteLimit) throws(RuntimeError) {
        guard case .bytes(let target) = limit, !processes().isEmpty,
              let current = CgroupFiles.number(path(V2File.memoryCurrent)), current > target
        else { return }
        let reclaim = path(V2File.memoryReclaim)
        if CgroupFiles.exists(reclaim) { try? files.write("\(current - target)", to: reclaim) }
        guard let now = CgroupFiles.number(path(V2File.memoryCurrent)), now > target else { return }
        throw .cgroup(.unreclaimable(held: now, limit: limit))
    }

    /// `memory.swap.max`, which exists only with swap accounting.
    private func writeSwapFile(_ value: String) throws(RuntimeError) {
        let swap = path(V2File.memorySwapMax)
        guard CgroupFiles.exists(swap) else {
            throw .cgroup(.swapAccountingOff(file: V2File.memorySwapMax, directory: directory))
        }
        try files.write(value, to: swap)
    }

    /// `io.weight` as `default N`, which exists only with a weight-based
    /// I/O controller (iocost or BFQ).
    private func writeWeightFile(_ weight: UInt64) throws(RuntimeError) {
        let file = path(V2File.ioWeight)
        guard CgroupFiles.exists(file) else {
            throw .cgroup(.noIOWeightFile(directory: directory))
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
