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
    /// v1 hierarchy (as root), else v2 when cgroup2 is mounted, its groups
    /// placed by the delegation rules (`CgroupPlacement`); nil when there is
    /// no cgroup tree or no place where limits can work (without root: no
    /// cgroup delegated to the user and ctrsh alone in it). Its groups live
    /// under `<base>/ctrsh/<session>/`.
    public static func detect(session: String, observer: CgroupObserver? = nil) -> (any CgroupDriver)? {
        guard let topology = topology() else { return nil }
        if geteuid() == 0 && topology.preferredVersion == .v1 {
            return driver(for: topology, session: session, observer: observer)
        }
        guard let unified = topology.unified else { return nil }
        let placement = CgroupPlacement.decide(CgroupDelegation.facts(for: unified))
        if case .unavailable = placement { return nil }
        return CgroupV2Driver(
            mountPoint: unified.mountPoint, ownPath: unified.ownPath, placement: placement, session: session,
            observer: observer)
    }

    /// Why this machine gives ctrsh no cgroup driver.
    public static var limitsUnavailable: CgroupUnavailability {
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
