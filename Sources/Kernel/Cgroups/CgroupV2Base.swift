import Glibc

/// The cgroup below which a v2 driver keeps `ctrsh/`, and what ctrsh changed
/// to use it: the systemd scope it moved into, the leaf `shell` it moved
/// itself into, the controllers it enabled there. It changes when ctrsh
/// moves, so it is a class; the runtime uses it from its one thread.
final class CgroupV2Base: @unchecked Sendable {
    /// Where the cgroup2 tree is mounted.
    let mountPoint: String
    /// How the base is (or will be) found.
    private(set) var placement: CgroupPlacement
    /// The base cgroup, relative to `mountPoint`.
    private(set) var path: String
    /// ctrsh moved itself into `<base>/shell`.
    private(set) var inLeaf = false
    /// Controllers ctrsh enabled in the base's `cgroup.subtree_control`.
    private(set) var enabledHere: [String] = []
    /// The systemd scope ctrsh asked for and moved into, if it did.
    private(set) var systemdUnit: String?

    /// The base for `placement`, ctrsh being at `ownPath`.
    init(mountPoint: String, ownPath: String, placement: CgroupPlacement) {
        self.mountPoint = mountPoint
        self.placement = placement
        self.path = placement == .hierarchyRoot ? "/" : ownPath
    }

    /// The base cgroup's directory.
    var directory: String { joinPath(mountPoint, path) }
    /// `<base>/shell`, where ctrsh moves itself in a delegated cgroup.
    var leafDirectory: String { joinPath(directory, CgroupPlacement.leafName) }

    /// Makes the base exist: for `.systemdScope`, asks systemd for ctrsh's
    /// scope and moves there, which makes ctrsh alone in a delegated cgroup.
    func settle(_ files: CgroupFiles) throws(RuntimeError) {
        guard case .systemdScope(let unit) = placement else { return }
        path = try CgroupSystemdScope.enter(unit: unit, files: files)
        placement = .delegated
        systemdUnit = unit
    }

    /// Before a controller is enabled in the base: in a delegated cgroup
    /// that still holds ctrsh, ctrsh moves into the leaf `shell` (the kernel
    /// enables controllers only in a cgroup without processes).
    func makeRoomForControllers(_ files: CgroupFiles) throws(RuntimeError) {
        guard placement == .delegated, !inLeaf,
              CgroupFiles.pids(joinPath(directory, CommonFile.procs)).contains(getpid())
        else { return }
        try files.makeDirectory(leafDirectory)
        try files.write("\(getpid())", to: joinPath(leafDirectory, CommonFile.procs))
        inLeaf = true
    }

    /// Notes a controller ctrsh enabled in the base, to disable on `leave`.
    func recordEnabled(_ controller: String) {
        enabledHere.append(controller)
    }

    /// Leaves the delegated cgroup as ctrsh found it, once `ctrsh/` is gone:
    /// disables what it enabled, moves back out of `shell`, removes it.
    func leave(_ files: CgroupFiles) {
        guard inLeaf else { return }
        let control = joinPath(directory, V2File.subtreeControl)
        for controller in enabledHere.reversed() { try? files.write("-\(controller)", to: control) }
        enabledHere = []
        guard (try? files.write("\(getpid())", to: joinPath(directory, CommonFile.procs))) != nil else { return }
        inLeaf = false
        _ = files.removeDirectory(leafDirectory)
    }
}
