/// The cgroup v1 driver: one directory per hierarchy for each group, at
/// `<mount>/<own path>/ctrsh/<session>/<name>` in every hierarchy it needs.
package final class CgroupV1Driver: CgroupDriver {
    /// The hierarchies a live group joins, for usage stats, freeze and kill.
    static let liveControllers = ["memory", "pids", "cpu", "cpuacct", "freezer"]
    /// A foreground group needs one hierarchy that holds all its processes,
    /// to kill them at the end: the first of these that is mounted. pids
    /// first, because moving a task into it is cheap (12 µs here), while the
    /// freezer's attach costs about 0.3 ms; without a freezer, `killAll`
    /// kills in rounds, and a new pid namespace ends everything anyway.
    static let foregroundControllers = ["pids", "freezer", "memory"]

    /// Always `.v1`.
    package let version = CgroupVersion.v1
    /// The mounted v1 hierarchies, with the caller's place in each.
    package let hierarchies: [CgroupHierarchy]
    /// This ctrsh session's name, the directory between `ctrsh/` and the groups.
    package let session: String
    let files: CgroupFiles
    /// What this session made here: where its end cleans.
    let made = CgroupV1Session()

    /// A driver over `hierarchies`; it needs one with the memory controller.
    package init(hierarchies: [CgroupHierarchy], session: String, observer: CgroupObserver? = nil) {
        self.hierarchies = hierarchies
        self.session = session
        self.files = CgroupFiles(observer: observer)
    }

    /// The controllers mounted here (`blkio, cpu, cpuacct, …`).
    package var controllerNames: [String] { controllers }

    /// Every v1 controller mounted here, sorted.
    var controllers: [String] {
        CgroupTopology(v1: hierarchies, unified: nil).v1Controllers
    }

    /// The hierarchy the named controller is bound to.
    func hierarchy(for controller: String) -> CgroupHierarchy? {
        hierarchies.first { $0.controllers.contains(controller) }
    }

    /// The `ctrsh/<session>` layout inside one hierarchy.
    func layout(_ hierarchy: CgroupHierarchy) -> CgroupLayout {
        CgroupLayout(ownDirectory: hierarchy.ownDirectory, session: session)
    }

    /// Throws unless `file` is a settable file of a mounted v1 controller,
    /// checked in `ctrsh/` if it exists, else in ctrsh's own group.
    package func validateRawFile(_ file: String) throws(RuntimeError) {
        let controller = try CgroupRawFiles.controller(of: file, version: .v1)
        guard let hierarchy = hierarchy(for: controller) else {
            if CgroupRawFiles.known[.v2]?.contains(file) == true || controller == "io" {
                throw .cgroup(.v2FileOnV1(file, controllers: controllers))
            }
            throw .cgroup(.noV1Hierarchy(controller: controller, controllers: controllers))
        }
        let layout = layout(hierarchy)
        try CgroupRawFiles.requireFile(
            file, controller: controller, version: .v1, in: [layout.parentDirectory, layout.ownDirectory],
            root: hierarchy.ownPath == "/" ? layout.ownDirectory : nil)
    }

    package func validateLimit(_ limit: CgroupLimit) throws(RuntimeError) {
        let controller = limit.controller(on: .v1)
        guard hierarchy(for: controller) == nil else { return }
        throw .cgroup(.limitNeedsV1Hierarchy(limit: limit.word, controller: controller, controllers: controllers))
    }

    /// Creates the group in the hierarchies `use` needs (and in those of the
    /// controllers `limits` sets) and writes `limits`.
    package func createGroup(named name: String, limits: CgroupLimits, use: CgroupGroupUse) throws(RuntimeError) -> any CgroupGroup {
        try CgroupLayout.validate(session, as: .session)
        try CgroupLayout.validate(name, as: .container)
        guard hierarchy(for: "memory") != nil else {
            throw .cgroup(.noMemoryHierarchy)
        }
        let group = CgroupV1Group(driver: self, name: name)
        do {
            for controller in baseControllers(for: use) {
                _ = try group.join(controller)
            }
            try group.apply(limits, previous: CgroupLimits())
        } catch {
            group.discard()
            removeSessionDirectories()
            throw error
        }
        return group
    }

    /// The mounted hierarchies a group for `use` joins before its limits.
    func baseControllers(for use: CgroupGroupUse) -> [String] {
        switch use {
        case .live: Self.liveControllers.filter { hierarchy(for: $0) != nil }
        case .foreground: Self.foregroundControllers.first { hierarchy(for: $0) != nil }.map { [$0] } ?? []
        }
    }

    /// `<own>/ctrsh` in every mounted hierarchy.
    package var parentDirectories: [String] {
        Array(Set(hierarchies.map { layout($0).parentDirectory })).sorted()
    }

    /// Removes the shared devices group when unused, then `ctrsh/<session>`
    /// and `ctrsh/` where they are empty, in every hierarchy the session used.
    package func removeSessionDirectories() {
        made.removeDevicesIfUnused(files)
        for hierarchy in made.usedHierarchies {
            layout(hierarchy).removeSessionDirectories(files)
        }
    }

    /// Gives a new cpuset group the parent's `cpuset.cpus` and `cpuset.mems`
    /// when its own are empty: v1 does not inherit them, and a task cannot
    /// join a cpuset group that has none.
    func inheritCpuset(_ directory: String) throws(RuntimeError) {
        for file in [CommonFile.cpusetCpus, CommonFile.cpusetMems] {
            let path = joinPath(directory, file)
            guard CgroupFiles.read(path)?.isEmpty ?? true else { continue }
            let parent = joinPath(parentPath(directory), file)
            let value = try FileText.read(parent).trimmedWhitespace
            try files.write(value, to: path)
        }
    }
}
