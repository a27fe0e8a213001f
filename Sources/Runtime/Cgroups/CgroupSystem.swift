import Glibc

/// Finds this machine's cgroup setup and picks the driver for it.
public enum CgroupSystem {
    /// Where the kernel lists the caller's mounts.
    public static let mountinfoPath = "/proc/self/mountinfo"
    /// Where the kernel lists the caller's cgroup in each hierarchy.
    public static let procSelfCgroupPath = "/proc/self/cgroup"

    /// The hierarchies mounted here and the caller's place in them, read
    /// from `/proc/self`; nil when those files cannot be read.
    public static func topology() -> CgroupTopology? {
        guard let mountinfo = FileText.readIfPresent(mountinfoPath),
              let cgroup = FileText.readIfPresent(procSelfCgroupPath)
        else { return nil }
        return CgroupTopology.parse(mountinfo: mountinfo, procSelfCgroup: cgroup)
    }

    /// The driver for this machine: v1 when the memory controller is on a
    /// v1 hierarchy, else v2 when cgroup2 is mounted, else nil (no cgroups).
    /// Without root, only a delegated v2 subtree: ctrsh's own v2 group when
    /// the user may write it, else nil. Its groups live under
    /// `<own cgroup>/ctrsh/<session>/`.
    public static func detect(session: String, observer: CgroupObserver? = nil) -> (any CgroupDriver)? {
        guard let topology = topology() else { return nil }
        guard geteuid() == 0 else {
            return CgroupDelegation.writableUnified(in: topology).map {
                CgroupV2Driver(mountPoint: $0.mountPoint, ownPath: $0.ownPath, session: session, observer: observer)
            }
        }
        return driver(for: topology, session: session, observer: observer)
    }

    /// Why this machine gives ctrsh no cgroup driver, as the rest of a
    /// line after `cgroup: `.
    public static var limitsUnavailable: String {
        CgroupDelegation.limitsUnavailable(topology: topology())
    }

    /// The driver `topology` calls for (see `CgroupTopology.preferredVersion`).
    public static func driver(
        for topology: CgroupTopology, session: String, observer: CgroupObserver? = nil
    ) -> (any CgroupDriver)? {
        switch topology.preferredVersion {
        case .v1:
            return CgroupV1Driver(hierarchies: topology.v1, session: session, observer: observer)
        case .v2:
            guard let unified = topology.unified else { return nil }
            return CgroupV2Driver(
                mountPoint: unified.mountPoint, ownPath: unified.ownPath, session: session, observer: observer)
        case nil:
            return nil
        }
    }
}
