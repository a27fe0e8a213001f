/// The cgroup v2 driver: one directory per group in the unified tree, at
/// `<mount>/<own path>/ctrsh/<session>/<name>`.
public final class CgroupV2Driver: CgroupDriver {
    /// Always `.v2`.
    public let version = CgroupVersion.v2
    /// The cgroup2 mount and the caller's place in it.
    public let hierarchy: CgroupHierarchy
    /// This ctrsh session's name, the directory between `ctrsh/` and the groups.
    public let session: String
    let files: CgroupFiles

    /// A driver over the cgroup2 tree mounted at `mountPoint` (usually
    /// `/sys/fs/cgroup`; any directory laid out like one works), with the
    /// caller's own group at `ownPath` inside it.
    public init(mountPoint: String, ownPath: String = "/", session: String, observer: CgroupObserver? = nil) {
        self.hierarchy = CgroupHierarchy(controllers: [], mountPoint: mountPoint, ownPath: ownPath)
        self.session = session
        self.files = CgroupFiles(observer: observer)
    }

    /// `v2 (cpu, memory, …)`: the controllers available to ctrsh's group.
    public var summary: String {
        let available = CgroupV2Controllers.ordered(availableControllers)
        return "v2 (\(available.isEmpty ? "no controllers" : available.joined(separator: ", ")))"
    }

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
        CgroupV2Controllers(mountPoint: hierarchy.mountPoint, layout: layout, files: files)
    }

    /// Throws unless `file` is a settable v2 file whose controller ctrsh's
    /// group has, checked in `ctrsh/` if it exists, else in ctrsh's own group.
    public func validateRawFile(_ file: String) throws(RuntimeError) {
        let controller = try CgroupRawFiles.controller(of: file, version: .v2)
        let available = availableControllers
        if controller != "cgroup" && !available.contains(controller) {
            let v1Only = ["blkio": "io", "cpuacct": "cpu", "freezer": "cgroup", "devices": "cgroup"]
            if CgroupRawFiles.known[.v1]?.contains(file) == true || v1Only[controller] != nil {
                let equivalent = v1Only[controller] ?? controller
                let list = CgroupRawFiles.known[.v2]?.filter { $0.hasPrefix(equivalent + ".") }.sorted() ?? []
                let hint = list.isEmpty ? "" : "; v2 \(equivalent) files: \(list.joined(separator: ", "))"
                throw .cgroup("cgroup: `\(file)` is a cgroup v1 file, and this machine uses v2\(hint)")
            }
            let list = available.isEmpty ? "none" : CgroupV2Controllers.ordered(available).joined(separator: ", ")
            throw .cgroup("cgroup: the \(controller) controller is not available to ctrsh's cgroup `\(layout.ownDirectory)` (available: \(list))")
        }
        let layout = layout
        try CgroupRawFiles.requireFile(
            file, controller: controller, version: .v2, in: [layout.parentDirectory, layout.ownDirectory],
            root: hierarchy.ownPath == "/" ? layout.ownDirectory : nil)
    }

    /// Enables what `limits` needs, creates the group and writes `limits`.
    /// A group without limits needs no controller at all, whatever its `use`.
    public func createGroup(named name: String, limits: CgroupLimits, use: CgroupGroupUse) throws(RuntimeError) -> any CgroupGroup {
        try CgroupLayout.validate(session, as: "session")
        try CgroupLayout.validate(name, as: "container")
        let directory = layout.groupDirectory(name)
        var created = false
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

    /// Removes `ctrsh/<session>` and then `ctrsh/` when they are empty.
    /// `<own>/ctrsh` in the unified tree.
    public var parentDirectories: [String] { [layout.parentDirectory] }

    public func removeSessionDirectories() {
        layout.removeSessionDirectories(files)
    }
}
