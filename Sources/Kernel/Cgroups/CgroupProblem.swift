/// Why a cgroup step failed, as facts: the controller, the file, the
/// directory, what exists instead. ctrsh's Commands words each case (and
/// the remedy, with the command that works), in the session's language.
public indirect enum CgroupProblem: Equatable, Sendable {
    /// `name` cannot be one directory name in a cgroup tree.
    case invalidName(String, role: CgroupNameRole)
    /// A file ctrsh writes itself (`cgroup.procs`, `tasks`, …).
    case managedFile(String)
    /// Not of the shape `controller.name`; `example` is one that is.
    case notAnInterfaceFile(String, example: String)
    /// A pressure stall file: a write registers a trigger, not a setting.
    case pressureFile(String)
    /// A file that reports, and cannot be written.
    case readOnlyFile(String)
    /// A well-known file of the `other` version, on a machine that uses
    /// `version` for `controller`; `files` are that controller's files found
    /// in `directory`.
    case otherVersionFile(String, other: CgroupVersion, version: CgroupVersion, controller: String, files: [String], directory: String)
    /// `controller` of `version` has no such file; `files` are the ones it
    /// has in `directory`.
    case noSuchFile(String, version: CgroupVersion, controller: String, files: [String], directory: String)
    /// A v2 file on a v1 machine; `controllers` are the v1 ones mounted.
    case v2FileOnV1(String, controllers: [String])
    /// A v1 file on a v2 machine; `files` are the v2 files of `equivalent`.
    case v1FileOnV2(String, equivalent: String, files: [String])
    /// No v1 hierarchy has `controller`; `controllers` are the mounted ones.
    case noV1Hierarchy(controller: String, controllers: [String])
    /// The limit `limit` needs `controller`, which no v1 hierarchy has.
    case limitNeedsV1Hierarchy(limit: String, controller: String, controllers: [String])
    /// The limit `limit` needs `controller`, which ctrsh's v2 cgroup `own`
    /// cannot use; `available` are the ones it can.
    case limitNeedsController(limit: String, controller: String, own: String, available: [String])
    /// `controller` is not available to ctrsh's v2 cgroup `own` (raw files).
    case controllerUnavailable(String, own: String, available: [String])
    /// `controller` is not in `own`'s `cgroup.controllers`: its parent did
    /// not enable it.
    case controllerNotDelegated(String, own: String, available: [String])
    /// The kernel refused `+controller` in `path` (the no-internal-processes
    /// rule): `own` holds the processes `pids`.
    case controllerBusy(String, own: String, pids: [Int32], path: String, errno: Int32)
    /// A v1 container group needs the memory controller, and none is mounted.
    case noMemoryHierarchy
    /// `controller` is not mounted as a v1 hierarchy; `mounted` are.
    case controllerNotMounted(String, mounted: [String])
    /// An io weight outside what `version` takes.
    case ioWeightOutOfRange(UInt64, range: ClosedRange<UInt64>, version: CgroupVersion)
    /// A swap limit needs `file`, which `directory` lacks (swap accounting off).
    case swapAccountingOff(file: String, directory: String)
    /// v1's blkio hierarchy has no weight file (no CFQ or BFQ scheduler).
    case noV1IOWeight
    /// v2's `directory` has no `io.weight`.
    case noIOWeightFile(directory: String)
    /// The parent's `cpuset.cpus` at `path` could not be read.
    case parentCPUsUnreadable(path: String)
    /// v2 would OOM-kill: the group holds `held` bytes the kernel could not
    /// reclaim, more than `limit`.
    case unreclaimable(held: UInt64, limit: ByteLimit)
    /// v1 refused (EBUSY) to lower `container`'s memory limit from
    /// `previous` to `limit` below what it uses (`used`, if known).
    case memoryInUse(container: String, used: UInt64?, limit: ByteLimit, previous: ByteLimit?)
    /// Freezing needs the v1 freezer hierarchy, which is not mounted.
    case noFreezer
    /// Freezing needs `cgroup.freeze` (Linux 5.2+), which `directory` lacks.
    case noFreezeFile(directory: String)
    /// v1's `freezer.state` at `path` still reads `state` after 5 s.
    case freezerStuck(path: String, state: String)
    /// v2's `cgroup.events` at `path` does not report `frozen <frozen>` after 5 s.
    case freezeEventMissing(path: String, frozen: UInt64)
    /// ctrsh, sharing its cgroup, asked systemd for a scope, and that failed.
    case scopeRequestFailed(RuntimeError)
    /// systemd started `unit` but ctrsh was not in it after `seconds`
    /// (`current`: where ctrsh is).
    case scopeNotJoined(unit: String, seconds: UInt32, current: String?)
    /// No place where limits can work on this machine.
    case unavailable(CgroupUnavailability)
    /// The kernel refused to load the device policy's BPF program; the
    /// verifier's last lines, if it said anything.
    case devicePolicyLoad(errno: Int32, verifier: String?)
    /// `path`, a container's group, could not be removed (`gc` retries).
    case groupNotRemoved(path: String, RuntimeError)
}

/// What a cgroup directory name was to be.
public enum CgroupNameRole: Equatable, Sendable {
    case session
    case container
}

/// Why ctrsh has no place for cgroup limits here, with the facts the
/// remedy needs.
public enum CgroupUnavailability: Equatable, Sendable {
    /// Without root, ctrsh's cgroup `own` is not writable by `uid`.
    case notWritable(own: String, uid: UInt32, remedy: CgroupRemedy)
    /// Root, in the root `own` of a cgroup namespace that holds `pids` too.
    case sharedNamespaceRoot(own: String, pids: [Int32])
    /// Without root, `own` is delegated to `uid` but holds `pids` too.
    case sharedDelegation(own: String, uid: UInt32, pids: [Int32], remedy: CgroupRemedy)
    /// Root, and no cgroup hierarchy is mounted.
    case noHierarchy
    /// Without root, and no cgroup v2 tree is mounted.
    case noUnifiedTree
    /// Hierarchies are mounted, and none of them is one ctrsh can use.
    case noUsableHierarchy
}

/// How an ordinary user gets a delegated cgroup on this machine.
public enum CgroupRemedy: Equatable, Sendable {
    /// The user's systemd manager runs: a delegated user scope.
    case userScope
    /// systemd runs but not the user's manager: log in (or linger `uid`), then a user scope.
    case startUserManager(uid: UInt32)
    /// No systemd: root makes `directory` and gives it to `uid`.
    case askRoot(directory: String, uid: UInt32)
}
