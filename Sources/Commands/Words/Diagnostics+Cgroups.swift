import CtrRuntime
import Glibc

/// The words for cgroup problems: what the kernel or this machine refused,
/// and what to do (the commands that work here are facts, shown as they are).
extension CgroupProblem {
    /// The whole line, e.g. "cgroup: `tasks` is managed by ctrsh and cannot be set".
    public var phrase: Phrase {
        switch self {
        case .memoryInUse(let container, let used, let limit, let previous):
            let uses: Phrase = used.map { "uses \(ByteLimit.format($0))" } ?? "uses more"
            let stays: Phrase = previous.map { Phrase(verbatim: $0.description) } ?? "unset"
            return """
                cgroup set memory: `\(container)` \(uses), more than \(limit), and the kernel cannot reclaim it \
                (cgroup v1 refuses a lower limit rather than OOM-kill: \(ErrnoWords.phrase(EBUSY))); the limit stays \
                \(stays): free the memory first, or set a limit above what it uses
                """
        default:
            return "cgroup: \(reason)"
        }
    }

    /// The line without its `cgroup: `, for a command to put its own name
    /// before (`cgroup set: …`).
    public var reason: Phrase {
        switch self {
        case .invalidName(let name, .session):
            "`\(name)` cannot be a session name (one path component, no `/`, at most 200 bytes)"
        case .invalidName(let name, .container):
            "`\(name)` cannot be a container name (one path component, no `/`, at most 200 bytes)"
        case .managedFile(let file): "`\(file)` is managed by ctrsh and cannot be set"
        case .notAnInterfaceFile(let file, let example):
            "`\(file)` is not a cgroup interface file name; they look like `controller.name`, e.g. `\(example)`"
        case .pressureFile(let file):
            "`\(file)` reports pressure stall information; a write to it registers a PSI trigger, which lives only as long as the open file, so it cannot be set"
        case .readOnlyFile(let file): "`\(file)` is read-only (it reports, it does not limit)"
        case .otherVersionFile(let file, let other, let version, let controller, let files, let directory):
            """
            `\(file)` is a cgroup \(other.rawValue) file, and this machine uses \(version.rawValue) for \(controller); \
            \(version.rawValue) \(controller) files: \(Self.found(files, in: directory))
            """
        case .noSuchFile(let file, let version, let controller, let files, let directory):
            "the \(version.rawValue) \(controller) controller has no file `\(file)`; its files: \(Self.found(files, in: directory))"
        case .v2FileOnV1(let file, let controllers):
            "`\(file)` is a cgroup v2 file, and this machine uses cgroup v1; v1 controllers here: \(Self.list(controllers))"
        case .v1FileOnV2(let file, _, let files) where files.isEmpty:
            "`\(file)` is a cgroup v1 file, and this machine uses v2"
        case .v1FileOnV2(let file, let equivalent, let files):
            "`\(file)` is a cgroup v1 file, and this machine uses v2; v2 \(equivalent) files: \(Self.list(files))"
        case .noV1Hierarchy(let controller, let controllers):
            "no cgroup v1 hierarchy here has the \(controller) controller; v1 controllers here: \(Self.list(controllers))"
        case .limitNeedsV1Hierarchy(let limit, let controller, let controllers):
            """
            `\(limit)` needs the \(controller) controller, and no cgroup v1 hierarchy here has it \
            (v1 controllers here: \(Self.list(controllers))); mount one \
            (`\("mount -t cgroup -o \(controller) cgroup /sys/fs/cgroup/\(controller)")`), or set no \(limit)
            """
        case .limitNeedsController(let limit, let controller, let own, let available):
            """
            `\(limit)` needs the \(controller) controller, which is not available to ctrsh's cgroup \
            `\(own)` (available: \(Self.listOrNone(available))); enable it for that cgroup (`+\(controller)` in its parent's \
            `cgroup.subtree_control`), or set no \(limit)
            """
        case .controllerUnavailable(let controller, let own, let available):
            "the \(controller) controller is not available to ctrsh's cgroup `\(own)` (available: \(Self.listOrNone(available)))"
        case .controllerNotDelegated(let controller, let own, let available):
            """
            the \(controller) controller is not available to ctrsh's cgroup `\(own)` (its `cgroup.controllers`: \
            \(Self.listOrNone(available))); it must be enabled in the parent's `cgroup.subtree_control`
            """
        case .controllerBusy(let controller, let own, let pids, let path, let errno):
            """
            cannot enable the \(controller) controller for ctrsh's containers: the cgroup `\(own)` \
            holds processes (PIDs \(Self.list(pids.map(String.init)))), and the kernel enables controllers only in a cgroup without processes \
            (`+\(controller)` > `\(path)`: \(ErrnoWords.phrase(errno))); start ctrsh alone in a delegated cgroup \
            (`\(Self.scopeCommand)`), or set no \(controller) limits
            """
        case .noMemoryHierarchy: "no cgroup v1 hierarchy has the memory controller"
        case .controllerNotMounted(let controller, let mounted):
            "the \(controller) controller is not mounted as a cgroup v1 hierarchy here; mounted: \(Self.list(mounted))"
        case .ioWeightOutOfRange(let weight, let range, .v1):
            "an io weight on cgroup v1 must be \(range.lowerBound)–\(range.upperBound), not \(weight)"
        case .ioWeightOutOfRange(let weight, let range, .v2):
            "an io weight must be \(range.lowerBound)–\(range.upperBound), not \(weight)"
        case .swapAccountingOff(let file, let directory):
            "a swap limit needs `\(file)`, which `\(directory)` lacks: swap accounting is off (boot Linux with `swapaccount=1`)"
        case .noV1IOWeight:
            """
            an io weight needs `blkio.weight` or `blkio.bfq.weight`, and this machine's blkio hierarchy has neither \
            (no CFQ or BFQ I/O scheduler with cgroup support); `io.weight` is cgroup v2 only
            """
        case .noIOWeightFile(let directory):
            "an io weight needs `io.weight`, which `\(directory)` lacks (no weight-based I/O control on this kernel)"
        case .parentCPUsUnreadable(let path):
            "cannot give the running container its parent's CPUs back: `\(path)` is unreadable"
        case .unreclaimable(let held, let limit):
            """
            the container holds \(ByteLimit.format(held)) of memory that the kernel could not reclaim, more than \(limit): \
            on cgroup v2 a `memory.max` below that makes the OOM killer kill it (v1 refuses such a limit, and so does ctrsh); \
            set at least \(ByteLimit.format(held)), or `cgroup set memory.high \(limit)` to squeeze it without killing
            """
        case .memoryInUse: phrase
        case .noFreezer: "freezing needs the v1 freezer hierarchy, which is not mounted here"
        case .noFreezeFile(let directory): "freezing needs `cgroup.freeze` (Linux 5.2 or later), which `\(directory)` lacks"
        case .freezerStuck(let path, let state): "`\(path)` still reads \(state) after 5 s (a task may be stuck in the kernel)"
        case .freezeEventMissing(let path, let frozen):
            "`\(path)` does not report `frozen \(frozen)` after 5 s (a task may be stuck in the kernel)"
        case .scopeRequestFailed(let error):
            """
            ctrsh shares its cgroup with other processes (a login session), so it asks systemd for a scope of its own, \
            and that failed (\(error.phrase)); start ctrsh in one yourself: `\(Self.scopeCommand)`
            """
        case .scopeNotJoined(let unit, let seconds, let current):
            "systemd started `\(unit)` but did not move ctrsh into it within \(seconds) s (ctrsh is in `\(current ?? "?")`)"
        case .unavailable(let why): why.phrase
        case .devicePolicyLoad(let errno, nil): "bpf(BPF_PROG_LOAD) of the device policy: \(ErrnoWords.phrase(errno))"
        case .devicePolicyLoad(let errno, let verifier?):
            "bpf(BPF_PROG_LOAD) of the device policy: \(ErrnoWords.phrase(errno)) (the verifier says: \(verifier))"
        case .groupNotRemoved(let path, let error): "could not remove `\(path)`: \(error.phrase) (`gc` retries)"
        }
    }

    /// The command that starts ctrsh alone in a delegated scope, as root.
    static let scopeCommand = "systemd-run --scope -p Delegate=yes ctrsh"

    /// Names as a list: `cpu, memory` (a fact: the same in every language).
    static func list(_ names: [String]) -> Phrase { Phrase(verbatim: names.joined(separator: ", ")) }

    /// Names as a list, or "none".
    static func listOrNone(_ names: [String]) -> Phrase { names.isEmpty ? "none" : list(names) }

    /// Files found in `directory`, or that none were.
    static func found(_ files: [String], in directory: String) -> Phrase {
        files.isEmpty ? "none found in `\(directory)`" : list(files)
    }
}

extension CgroupUnavailability {
    /// Why limits cannot be set here, and the command that makes them work.
    public var phrase: Phrase {
        switch self {
        case .notWritable(let own, let uid, let remedy):
            "limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `\(own)` is not writable by uid \(uid) (\(remedy.phrase))"
        case .sharedNamespaceRoot(let own, let pids):
            """
            ctrsh's cgroup `\(own)` is the root of a cgroup namespace and holds other processes (\(Self.processes(pids))); \
            the kernel enables controllers only in a cgroup without processes: start ctrsh as the only process of a cgroup of its own
            """
        case .sharedDelegation(let own, let uid, let pids, let remedy):
            """
            limits need root or a delegated cgroup v2 subtree of ctrsh's own; ctrsh's cgroup `\(own)` is delegated to uid \(uid) \
            but holds other processes too (\(Self.processes(pids))), and the kernel enables controllers only in a cgroup without processes (\(remedy.phrase))
            """
        case .noHierarchy: "no cgroup hierarchy is mounted on this machine, so limits cannot be set"
        case .noUnifiedTree:
            "limits need root or a delegated cgroup v2 subtree, and no cgroup v2 tree is mounted here (with systemd: `\(CgroupRemedy.userScopeCommand)`)"
        case .noUsableHierarchy: "no cgroup hierarchy ctrsh can use is mounted on this machine, so limits cannot be set"
        }
    }

    /// `PID 7`, or `PIDs 1, 7` (the first five, then `…`).
    static func processes(_ pids: [Int32]) -> Phrase {
        let shown = pids.prefix(5).map(String.init).joined(separator: ", ") + (pids.count > 5 ? ", …" : "")
        return pids.count == 1 ? "PID \(shown)" : "PIDs \(shown)"
    }
}

extension CgroupRemedy {
    /// The command that gives an ordinary user a delegated cgroup here.
    static let userScopeCommand = "systemd-run --user --scope -p Delegate=yes ctrsh"

    /// What to do, with the commands that work on this machine.
    public var phrase: Phrase {
        switch self {
        case .userScope: "start ctrsh alone in a delegated scope: `\(Self.userScopeCommand)`"
        case .startUserManager(let uid):
            """
            your systemd user manager is not running: log in through a login session \
            (or have root run `\("loginctl enable-linger \(uid)")`), then `\(Self.userScopeCommand)`
            """
        case .askRoot(let directory, let uid):
            """
            ask root to make a cgroup for you and delegate it: `\("mkdir \(directory)")`, then `\("chown \(uid)")` \
            that directory and its `cgroup.procs`, `cgroup.subtree_control` and `cgroup.threads`; start ctrsh alone in it
            """
        }
    }
}

extension CgroupPlacementReport {
    /// Where the groups go and why, for `cgroup show`'s `groups` line.
    public var phrase: Phrase {
        switch placement {
        case .ownGroup: "`\(parent)`, below ctrsh's own cgroup (the hierarchy's root)"
        case .delegated:
            switch (systemdUnit, leaf) {
            case (let unit?, let leaf?):
                "`\(parent)`, in `\(unit)`, a systemd scope of ctrsh's own with Delegate=yes (its session's cgroup holds other processes); ctrsh itself in `\(leaf)`"
            case (let unit?, nil):
                "`\(parent)`, in `\(unit)`, a systemd scope of ctrsh's own with Delegate=yes (its session's cgroup holds other processes)"
            case (nil, let leaf?): "`\(parent)`, in the delegated cgroup ctrsh runs in; ctrsh itself in `\(leaf)`"
            case (nil, nil): "`\(parent)`, in the delegated cgroup ctrsh runs in"
            }
        case .hierarchyRoot: "`\(parent)`, below the root: ctrsh's own cgroup holds other processes"
        case .systemdScope(let unit):
            "a systemd scope of its own, `\(unit)` with Delegate=yes, made at the first container: ctrsh's own cgroup holds other processes"
        case .unavailable(let why): why.phrase
        }
    }
}
