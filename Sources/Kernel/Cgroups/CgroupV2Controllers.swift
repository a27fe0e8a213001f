import Glibc

/// Enables v2 controllers down to ctrsh's session directory. A controller
/// reaches a group only if every ancestor lists it in `cgroup.subtree_control`:
/// the base group (written only when a limit needs it and it is missing
/// there; in a delegated cgroup ctrsh first moves itself out of it), then
/// `ctrsh/` and `ctrsh/<session>/`, which ctrsh owns and which never hold
/// processes.
struct CgroupV2Controllers {
    /// The cgroup `ctrsh/` lives in.
    let base: CgroupV2Base
    let layout: CgroupLayout
    let files: CgroupFiles

    /// The controllers `limits` writes to: `memory` for `memory.max`,
    /// `hugetlb` for a raw `hugetlb.2MB.max`, and so on.
    static func needed(by limits: CgroupLimits) -> Set<String> {
        var needed = CgroupLimitTable.controllers(of: limits, on: .v2)
        for setting in limits.raw {
            let controller = String(setting.file.prefix(while: { $0 != "." }))
            if controller != "cgroup" { needed.insert(controller) }
        }
        return needed
    }

    /// Makes `ctrsh/<session>/` exist with `required` enabled for its
    /// children, plus each standard controller ctrsh's own group already
    /// passes down (for usage stats; failures there are not errors).
    func prepareSession(required: Set<String>) throws(RuntimeError) {
        let own = layout.ownDirectory
        let available = CgroupFiles.words(joinPath(own, V2File.controllers))
        let missing = required.subtracting(available)
        if let first = missing.sorted().first {
            throw .cgroup(.controllerNotDelegated(first, own: own, available: available.sorted()))
        }
        var enabled = CgroupFiles.words(joinPath(own, V2File.subtreeControl))
        for controller in Self.ordered(required.subtracting(enabled)) {
            try enableInOwnGroup(controller)
            enabled.insert(controller)
        }
        let wanted = required.union(enabled.intersection(V2File.standardControllers))
        try layout.ensureSessionDirectory(files) { (directory) throws(RuntimeError) in
            try enable(wanted, required: required, in: directory)
        }
    }

    /// Writes `+controller` to the base group, explaining the kernel's
    /// no-internal-process rule when it refuses.
    private func enableInOwnGroup(_ controller: String) throws(RuntimeError) {
        try base.makeRoomForControllers(files)
        let path = joinPath(layout.ownDirectory, V2File.subtreeControl)
        do {
            try files.write("+\(controller)", to: path)
            base.recordEnabled(controller)
        } catch {
            guard case .kernel(_, let code) = error, code == EBUSY else { throw error }
            let own = layout.ownDirectory
            let pids = CgroupFiles.pids(joinPath(own, CommonFile.procs))
            throw .cgroup(.controllerBusy(controller, own: own, pids: pids, path: path, errno: code))
        }
    }

    /// Writes `+c` to `directory`'s `cgroup.subtree_control` for each
    /// controller of `wanted` not yet listed; only `required` ones must succeed.
    private func enable(_ wanted: Set<String>, required: Set<String>, in directory: String) throws(RuntimeError) {
        let path = joinPath(directory, V2File.subtreeControl)
        let enabled = CgroupFiles.words(path)
        for controller in Self.ordered(wanted.subtracting(enabled)) {
            do {
                try files.write("+\(controller)", to: path)
            } catch {
                if required.contains(controller) { throw error }
            }
        }
    }

    /// The standard controllers in their usual order, then any others sorted.
    static func ordered(_ controllers: Set<String>) -> [String] {
        V2File.standardControllers.filter(controllers.contains)
            + controllers.subtracting(V2File.standardControllers).sorted()
    }
}
