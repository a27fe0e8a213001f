import Glibc

/// Changes to a running container that the kernel allows, and what it shows.
extension ContainerRuntime {
    /// Writes new limits to a running container's cgroup at once; limits
    /// it had and `limits` has not are reset to "no limit".
    public func applyLimits(_ limits: CgroupLimits, to container: Container) throws(RuntimeError) {
        let live = try running(container, for: "cgroup")
        guard let group = live.group else { throw .cgroup("cgroup: no cgroup hierarchy is mounted on this machine") }
        try group.apply(limits, previous: live.limits)
        live.limits = limits
    }

    /// Sets the hostname inside a running container's UTS namespace.
    public func setHostname(_ name: String, in container: Container) throws(RuntimeError) {
        let live = try running(container, for: "hostname")
        guard live.spec.namespaces.contains(.uts) else {
            throw .invalidSpec("hostname: `\(container.name)` shares the host's uts namespace; changing it would rename the host")
        }
        var spec = ContainerSpec()
        spec.hostname = name
        let request = LaunchRequest(spec: spec, ending: .exit, joins: NamespaceJoin.all(of: live.first.pid, kinds: [.uts]))
        let pid = try launch(request)
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
