import Glibc

/// The part of the cgroup tree an ordinary user may write. Without root,
/// ctrsh makes groups only below its own cgroup v2 group, and only when
/// that group was delegated to the user (systemd's `Delegate=yes`): the
/// directory and its `cgroup.procs` writable by the caller, which is what
/// the kernel checks before it moves a process (`CLONE_INTO_CGROUP`).
public enum CgroupDelegation {
    /// The cgroup2 tree with the caller's own group in it, when the caller
    /// may create groups there and move its children into them.
    public static func writableUnified(in topology: CgroupTopology) -> CgroupHierarchy? {
        guard let unified = topology.unified else { return nil }
        let own = unified.ownDirectory
        guard isWritable(own, mode: W_OK | X_OK), isWritable(joinPath(own, CommonFile.procs), mode: W_OK) else { return nil }
        return unified
    }

    /// Why cgroup limits cannot be set, as the rest of a line after
    /// `cgroup: ` (as root: no hierarchy; otherwise: no delegated subtree).
    public static func limitsUnavailable(topology: CgroupTopology?) -> String {
        guard geteuid() != 0 else { return "no cgroup hierarchy is mounted on this machine, so limits cannot be set" }
        let advice = "with systemd: `systemd-run --user --scope -p Delegate=yes ctrsh`"
        guard let unified = topology?.unified else {
            return "limits need root or a delegated cgroup v2 subtree, and no cgroup v2 tree is mounted here (\(advice))"
        }
        return "limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `\(unified.ownDirectory)` is not writable by uid \(geteuid()) (\(advice))"
    }

    /// `faccessat` with the effective IDs, as the kernel checks a write.
    private static func isWritable(_ path: String, mode: Int32) -> Bool {
        faccessat(AT_FDCWD, path, mode, AT_EACCESS) == 0
    }
}
