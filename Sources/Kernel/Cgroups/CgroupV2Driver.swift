import Glibc

/// The cgroup v2 driver: one directory per group in the unified tree, at
/// `<mount>/<base>/ctrsh/<session>/<name>`, where the base follows the
/// delegation rules (see `CgroupPlacement`).
package final class CgroupV2Driver: CgroupDriver {
    /// Always `.v2`.
    package let version = CgroupVersion.v2
    /// This ctrsh session's name, the directory between `ctrsh/` and the groups.
    package let session: String
    let files: CgroupFiles
    let base: CgroupV2Base
    /// The device programs this session loaded, one per policy.
    let devicePrograms = CgroupV2DevicePrograms()

    /// A driver over the cgroup2 tree mounted at `mountPoint` (usually
    /// `/sys/fs/cgroup`; any directory laid out like one works), with the
    /// caller's own group at `ownPath` inside it and its groups placed as
    /// `placement` says (`.ownGroup`: below `ownPath`).
    package init(
        mountPoint: String, ownPath: String = "/", placement: CgroupPlacement = .ownGroup, session: String,
        observer: CgroupObserver? = nil
    ) {
        self.base = CgroupV2Base(mountPoint: mountPoint, ownPath: ownPath, placement: placement)
        self.session = session
        self.files = CgroupFiles(observer: observer)
    }

    /// The cgroup2 mount and the cgroup below which `ctrsh/` lives (ctrsh's
    /// own, the hierarchy's root, or the delegated scope it moved into).
    package var hierarchy: CgroupHierarchy {
        CgroupHierarchy(controllers: [], mountPoint: base.mountPoint, ownPath: base.path)
    }

    /// Where the groups go and why, for `cgroup show`.
    package var placementReport: CgroupPlacementReport? {
        CgroupPlacementReport(
            placement: base.placement, parent: layout.parentDirectory, systemdUnit: base.systemdUnit,
            leaf: base.inLeaf ? base.leafDirectory : nil)
    }

    /// The controllers available to ctrsh's group (`cpu, memory, …`).
    package var controllerNames: [String] { CgroupV2Controllers.ordered(availableControllers) }

    /// The controllers listed in ctrsh's own group's `cgroup.controllers`.
    var availableControllers: Set<String> {
        CgroupFiles.words(joinPath(layout.ownDirectory, V2File.controllers))
    }

    /// The `ctrsh/<session>` layout in the unified tree.
    var layout: CgroupLayout {
        CgroupLayout(ownDirectory: hierarchy.ownDirectory, session: session)
    }

    /// The controller enabling for this tree.
    var controllers: CgroupV2Controllers {
        CgroupV2Controllers(base: base, layout: layout, files: files)
    }

    /// Throws unless `file` is a settable v2 file whose controller the base
    /// group has, checked in `ctrsh/<session>` or `ctrsh/` where that
    /// controller is enabled, else by its well-known name. Settles the
    /// placement first (a systemd scope is asked for here).
    package func validateRawFile(_ file: String) throws(RuntimeError) {
        let controller = try CgroupRawFiles.controller(of: file, version: .v2)
        try base.settle(files)
        let available = availableControllers
        if controller != "cgroup" && !available.contains(controller) {
            let v1Only = ["blkio": "io", "cpuacct": "cpu", "freezer": "cgroup", "devices": "cgroup"]
            if CgroupRawFiles.known[.v1]?.contains(file) == true || v1Only[controller] != nil {
                let equivalent = v1Only[controller] ?? controller
                let list = CgroupRawFiles.known[.v2]?.filter { $0.hasPrefix(equivalent + ".") }.sorted() ?? []
                throw .cgroup(.v1FileOnV2(file, equivalent: equivalent, files: list))
            }
            throw .cgroup(.controllerUnavailable(controller, own: layout.ownDirectory, available: CgroupV2Controllers.ordered(available)))
        }
        let layout = layout
        if controller == "cgroup" {
            try CgroupRawFiles.requireFile(
                file, controller: controller, version: .v2, in: [layout.parentDirectory, layout.ownDirectory],
                root: CgroupDelegation.isHierarchyRoot(layout.ownDirectory) ? layout.ownDirectory : nil)
            return
        }
        // A controller's files show only in groups it is enabled for; until
        // ctrsh enables it (at the first limit), trust the names it knows.
        let enabled = [layout.sessionDirectory, layout.parentDirectory].filter {
            CgroupFiles.words(joinPath($0, V2File.controllers)).contains(controller)
        }
        if enabled.isEmpty && !V2File.standardControllers.contains(controller) { return }  // `hugetlb.2MB.max`: sizes vary
        try CgroupRawFiles.requireFile(
            file, controller: controller, version: .v2, in: enabled.isEmpty ? [layout.ownDirectory] : enabled,
            root: enabled.isEmpty ? layout.ownDirectory : nil)
    }

    /// Settles the placement first (a systemd scope is asked for here).
    package func validateLimit(_ limit: CgroupLimit) throws(RuntimeError) {
        let controller = limit.controller(on: .v2)
        try base.settle(files)
        let available = availableControllers
        guard !available.contains(controller) else { return }
        throw .cgroup(
            .limitNeedsController(
                limit: limit.word, controller: controller, own: layout.ownDirectory, available: CgroupV2Controllers.ordered(available)))
    }

    /// Enables what `limits` needs, creates the group and writes `limits`.
    /// A group without limits needs no controller at all, whatever its `use`.
    package func createGroup(named name: String, limits: CgroupLimits, use: CgroupGroupUse) throws(RuntimeError) -> any CgroupGroup {
        try CgroupLayout.validate(session, as: .session)
        try CgroupLayout.validate(name, as: .container)
        var created = false
        try base.settle(files)
        let directory = layout.groupDirectory(name)
        do {
            try controllers.prepareSession(required: CgroupV2Controllers.needed(by: limits))
            created = try files.makeDirectory(directory)
            let group = CgroupV2Group(driver: self, directory: directory)
            try group.write(limits, previous: CgroupLimits())
            return group
        } catch {
            if created { try? CgroupLayout.removeGroupDirectory(directory, files) }
            removeSessionDirectories()
            throw error
        }
    }

    /// `<base>/ctrsh` in the unified tree; on a systemd machine also
    /// `ctrsh/` in the other sessions' scopes.
    package var parentDirectories: [String] {
        var parents = [layout.parentDirectory]
        if geteuid() == 0 && base.placement != .hierarchyRoot && CgroupFiles.exists(CgroupDelegation.systemdMarker) {
            let slice = joinPath(base.mountPoint, CgroupPlacement.systemdSlice)
            for name in CgroupFiles.entries(of: slice) where name.hasPrefix("ctrsh-") && name.hasSuffix(".scope") {
                let parent = joinPath(joinPath(slice, name), CgroupLayout.parentName)
                if parent != parents[0] && CgroupFiles.isDirectory(parent) { parents.append(parent) }
            }
        }
        return parents
    }

    /// Closes the session's device programs (groups keep their
    /// attachments), removes `ctrsh/<session>` and then `ctrsh/` when they
    /// are empty; once `ctrsh/` is gone, leaves a delegated cgroup as it was found.
    package func removeSessionDirectories() {
        devicePrograms.closeAll()
        layout.removeSessionDirectories(files)
        if !CgroupFiles.exists(layout.parentDirectory) { base.leave(files) }
    }
}
