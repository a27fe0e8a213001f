import CtrKernel

/// Changes to a running container that the kernel allows, and what it shows.
extension ContainerRuntime {
    /// Writes new limits to a running container's cgroup at once; limits
    /// it had and `limits` has not are reset to "no limit".
    public func applyLimits(_ limits: CgroupLimits, to container: Container) throws(RuntimeError) {
        let live = try running(container, for: .cgroup)
        guard let group = live.group else { throw .cgroup(.unavailable(CgroupSystem.limitsUnavailable)) }
        do {
            try group.apply(limits, previous: live.limits)
        } catch {
            throw explained(error, lowering: live.limits.memory, to: limits.memory, in: container)
        }
        live.limits = limits
    }

    /// cgroup v1 refuses (EBUSY) a memory limit below what the processes
    /// hold and cannot be reclaimed, where v2 would OOM-kill: say so.
    private func explained(
        _ error: RuntimeError, lowering old: ByteLimit?, to new: ByteLimit?, in container: Container
    ) -> RuntimeError {
        guard error.isV1MemoryLimitBusy, let new, new != old, let live = container.live
        else { return error }
        return .cgroup(.memoryInUse(container: container.name, used: live.usage()?.memoryCurrent, limit: new, previous: old))
    }

    /// Sets the hostname inside a running container's UTS namespace.
    public func setHostname(_ name: String, in container: Container) throws(RuntimeError) {
        let live = try running(container, for: .hostname)
        guard live.spec.namespaces.contains(.uts) else {
            let owner = live.spec.joins.first { $0.kind == .uts }?.target
            throw .container(.missingNamespace(.uts, container: container.name, for: .hostname, owner: owner))
        }
        var spec = ContainerSpec()
        spec.hostname = name
        let request = LaunchRequest(spec: spec, ending: .exit, joins: NamespaceJoin.all(of: live.first.pid, kinds: [.uts]))
        let pid = try launch(request)
        Launcher.reap(pid)
    }

    /// Brings up the loopback interface in a running container's net namespace.
    public func bringLoopbackUp(in container: Container) throws(RuntimeError) {
        let live = try running(container, for: .netUp)
        var spec = ContainerSpec()
        spec.loopbackUp = true
        let pid = try launch(LaunchRequest(spec: spec, ending: .exit, joins: NamespaceJoin.all(of: live.first.pid, kinds: [.net])))
        Launcher.reap(pid)
    }

    /// The inode of each namespace of a running container's PID 1.
    public func namespaceInodes(of container: Container) -> [NamespaceKind: String] {
        guard let live = container.live else { return [:] }
        var inodes: [NamespaceKind: String] = [:]
        for kind in NamespaceKind.allCases {
            inodes[kind] = NamespaceInodes.inode(kind, of: String(live.first.pid))
        }
        return inodes
    }
}
