/// Checks a raw `cgroup set FILE VALUE` file name against what exists on
/// this machine, and explains a mismatch (a v2 name on v1, a file the
/// controller lacks, a file ctrsh manages itself).
enum CgroupRawFiles {
    /// Files ctrsh writes itself: setting them by hand would break tracking.
    static let managed: Set<String> = [
        "tasks", "notify_on_release", "release_agent",
        "cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.controllers",
        "cgroup.events", "cgroup.freeze", "cgroup.kill", "cgroup.type", "cgroup.stat",
        "cgroup.clone_children", "cgroup.event_control", "cgroup.sane_behavior",
        "freezer.state",
    ]

    /// Core v2 files that are no controller's and may be set.
    static let v2CoreSettable: Set<String> = ["cgroup.max.depth", "cgroup.max.descendants"]

    /// Well-known settable files of each version, to tell a v2 name used on
    /// v1 (and the reverse) from a plain typo.
    static let known: [CgroupVersion: Set<String>] = [
        .v1: [
            "memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.memsw.limit_in_bytes",
            "memory.kmem.limit_in_bytes", "memory.swappiness", "memory.oom_control",
            "memory.use_hierarchy", "memory.move_charge_at_immigrate", "memory.force_empty",
            "cpu.shares", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.cfs_burst_us",
            "cpu.rt_runtime_us", "cpu.rt_period_us", "blkio.weight", "blkio.weight_device",
            "blkio.bfq.weight", "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
            "cpuset.cpus", "pids.max", "devices.allow", "devices.deny",
        ],
        .v2: [
            "memory.min", "memory.low", "memory.high", "memory.max", "memory.swap.max",
            "memory.swap.high", "memory.zswap.max", "memory.oom.group", "memory.reclaim",
            "cpu.max", "cpu.max.burst", "cpu.weight", "cpu.weight.nice", "cpu.idle",
            "cpu.uclamp.min", "cpu.uclamp.max", "io.weight", "io.max", "io.latency",
            "io.bfq.weight", "cpuset.cpus", "cpuset.cpus.partition", "pids.max",
        ],
    ]

    /// Splits `memory.high` into its controller and the rest, or throws
    /// when the name is not of that shape or names a managed file.
    static func controller(of file: String, version: CgroupVersion) throws(RuntimeError) -> String {
        if managed.contains(file) {
            throw .cgroup(.managedFile(file))
        }
        let allowed = file.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        let parts = file.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard allowed, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            let example = version == .v1 ? "memory.soft_limit_in_bytes" : "memory.high"
            throw .cgroup(.notAnInterfaceFile(file, example: example))
        }
        if isPressure(file) {
            throw .cgroup(.pressureFile(file))
        }
        if parts[0] == "cgroup" && !(version == .v2 && v2CoreSettable.contains(file)) {
            throw .cgroup(.managedFile(file))
        }
        return String(parts[0])
    }

    /// `memory.pressure`, `cpu.pressure`, …: writable for PSI triggers, no limit.
    static func isPressure(_ file: String) -> Bool {
        file.hasSuffix(".pressure")
    }

    /// Throws unless `file` exists and is writable in one of `directories`
    /// (the first that exists is the one checked); `version` is the one this
    /// machine uses for `controller`, named in the explanation. A hierarchy's
    /// root group lacks most limit files (and a v2 group lacks those of a
    /// controller not yet enabled for it), so when the checked directory is
    /// `root` a well-known name is trusted instead.
    static func requireFile(
        _ file: String, controller: String, version: CgroupVersion, in directories: [String], root: String?
    ) throws(RuntimeError) {
        let directory = directories.first(where: CgroupFiles.exists) ?? directories.last ?? "/"
        let path = joinPath(directory, file)
        if CgroupFiles.exists(path) {
            if CgroupFiles.isWritable(path) { return }
            throw .cgroup(.readOnlyFile(file))
        }
        if directory == root && known[version]?.contains(file) == true { return }
        let other: CgroupVersion = version == .v1 ? .v2 : .v1
        let listing = settableFiles(of: controller, in: directory, version: version)
        if known[other]?.contains(file) == true && known[version]?.contains(file) != true {
            throw .cgroup(.otherVersionFile(file, other: other, version: version, controller: controller, files: listing, directory: directory))
        }
        throw .cgroup(.noSuchFile(file, version: version, controller: controller, files: listing, directory: directory))
    }

    /// The writable `controller.*` files in `directory`, or the well-known
    /// ones when the directory shows none (a v2 root group has no limit files).
    static func settableFiles(of controller: String, in directory: String, version: CgroupVersion) -> [String] {
        let found = CgroupFiles.entries(of: directory).filter { name in
            name.hasPrefix(controller + ".") && !managed.contains(name) && !isPressure(name)
                && CgroupFiles.isWritable(joinPath(directory, name))
        }
        if !found.isEmpty { return found }
        return (known[version] ?? []).filter { $0.hasPrefix(controller + ".") }.sorted()
    }
}
