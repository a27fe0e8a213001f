import CLinux
import Glibc

/// Reads what decides where ctrsh's cgroup v2 groups go (see
/// `CgroupPlacement`): who else is in ctrsh's own cgroup, whether it was
/// delegated, whether systemd runs.
package enum CgroupDelegation {
    /// Where systemd says it is the init system (`sd_booted`).
    static let systemdMarker = "/run/systemd/system"
    /// The extended attributes systemd sets on a cgroup it delegated: the
    /// system manager `trusted.delegate`, a user manager `user.delegate`.
    static let delegateAttributes = ["trusted.delegate", "user.delegate"]

    /// The facts about ctrsh's own group in the cgroup2 tree `unified`.
    package static func facts(for unified: CgroupHierarchy) -> CgroupPlacementFacts {
        let own = unified.ownDirectory
        let pid = getpid()
        let uid = geteuid()
        let others = CgroupFiles.pids(joinPath(own, CommonFile.procs)).filter { $0 != pid }
        return CgroupPlacementFacts(
            pid: pid, uid: uid, ownDirectory: own, mountPoint: unified.mountPoint,
            ownIsHierarchyRoot: isHierarchyRoot(own),
            mountIsHierarchyRoot: isHierarchyRoot(unified.mountPoint),
            otherProcesses: others,
            ownIsWritable: isWritable(own, mode: W_OK | X_OK) && isWritable(joinPath(own, CommonFile.procs), mode: W_OK)
                && isWritable(joinPath(own, V2File.subtreeControl), mode: W_OK),
            ownIsDelegated: delegateAttributes.contains { hasTrueAttribute(own, $0) },
            systemdRuns: CgroupFiles.exists(systemdMarker),
            userManagerRuns: CgroupFiles.exists("/run/user/\(uid)/systemd/private"))
    }

    /// Why cgroup limits cannot be set: no cgroup tree, or the placement's reason.
    package static func limitsUnavailable(topology: CgroupTopology?) -> CgroupUnavailability {
        guard let unified = topology?.unified else { return geteuid() == 0 ? .noHierarchy : .noUnifiedTree }
        if case .unavailable(let reason) = CgroupPlacement.decide(facts(for: unified)) { return reason }
        return .noUsableHierarchy
    }

    /// A cgroup2 directory that is the hierarchy's real root: the kernel
    /// gives every other cgroup (a cgroup namespace's root too) `cgroup.type`.
    static func isHierarchyRoot(_ directory: String) -> Bool {
        CgroupFiles.exists(joinPath(directory, CommonFile.procs)) && !CgroupFiles.exists(joinPath(directory, V2File.type))
    }

    /// `faccessat` with the effective IDs, as the kernel checks a write.
    private static func isWritable(_ path: String, mode: Int32) -> Bool {
        faccessat(AT_FDCWD, path, mode, AT_EACCESS) == 0
    }

    /// The extended attribute `name` of `path` reads `1`.
    private static func hasTrueAttribute(_ path: String, _ name: String) -> Bool {
        var value = [UInt8](repeating: 0, count: 8)
        let length = value.withUnsafeMutableBytes { ctr_lgetxattr(path, name, $0.baseAddress, $0.count) }
        return length > 0 && value[0] == UInt8(ascii: "1")
    }
}
