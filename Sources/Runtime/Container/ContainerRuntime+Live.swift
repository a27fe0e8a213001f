import Glibc

/// Changes to a running container that the kernel allows, and what it shows.
extension ContainerRuntime {
    /// Writes new limits to a running container's cgroup at once; limits
    /// it had and `limits` has not are reset to "no limit".
    public func applyLimits(_ limits: CgroupLimits, to container: Container) throws(RuntimeError) {
        let live = try running(container, for: "cgroup")
        guard let group = live.group else { throw .cgroup("cgroup: " + CgroupSystem.limitsUnavailable) }
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
        guard case .system(let operation, EBUSY) = error, operation.contains(V1File.memoryLimit), let new, new != old,
              let live = container.live
        else { return error }
        let used = live.usage()?.memoryCurrent.map { "uses \(ByteLimit.format($0))" } ?? "uses more"
        return .cgroup(
            "cgroup set memory: `\(container.name)` \(used), more than \(new), and the kernel cannot reclaim it "
                + "(cgroup v1 refuses a lower limit rather than OOM-kill: \(errnoText(EBUSY))); the limit stays "
                + "\(old.map(\.description) ?? "unset"): free the memory first, or set a limit above what it uses")
    }

    /// Sets the hostname inside a running container's UTS namespace.
    public func setHostname(_ name: String, in container: Container) throws(RuntimeError) {
        let live = try running(container, for: "hostname")
        guard live.spec.namespaces.contains(.uts) else {
            if let join = live.spec.joins.first(where: { $0.kind == .uts }) {
                throw .invalidSpec("hostname: `\(container.name)` shares the uts namespace of `\(join.target)`; change the hostname there")
            }
            throw .invalidSpec("hostname: `\(container.name)` shares the host's uts namespace; changing it would rename the host")
        }
        var spec = ContainerSpec()
        spec.hostname = name
        let request = LaunchRequest(spec: spec, ending: .exit, joins: NamespaceJoin.all(of: live.first.pid, kinds: [.uts]))
        let pid = try launch(request)
        Launcher.reap(pid)
    }

    /// Brings up the loopback interface in a running container's net namespace.
    public func bringLoopbackUp(in container: Container) throws(RuntimeError) {
        let live = try running(container, for: "net up")
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
