import CLinux
import CtrKernel
import Glibc

/// ctrsh's runtime for one session: it launches containers from specs on
/// the calling thread, owns the session's part of the cgroup tree and of
/// the state directory, and removes what it created.
///
/// Call it from one long-lived thread (the main thread): the kernel sends a
/// child's `PR_SET_PDEATHSIG` when the *thread* that cloned it exits.
public final class ContainerRuntime {
    /// Names this session's cgroup directory and state entries: ctrsh's PID.
    public let sessionID: String
    /// The cgroup driver in use, or nil when no cgroup hierarchy is mounted
    /// (or, without root, none was delegated to the user). Detected at its
    /// first use: a session that makes no container never reads the mounts.
    public var cgroups: (any CgroupDriver)? {
        if let detected { return detected }
        let driver = detectCgroups()
        detected = .some(driver)
        return driver
    }
    /// The driver once detected (`.some(nil)`: there is none).
    private var detected: (any CgroupDriver)??
    private let detectCgroups: () -> (any CgroupDriver)?
    /// Where running containers are recorded for `ctrsh gc`.
    public let state: StateDirectory
    /// Every kernel step the runtime takes is reported here (`explain on`).
    public let steps: KernelStepLog
    /// The size at which a container's log is rotated (`ContainerLog`).
    public var logLimit = ContainerLog.defaultLimit
    /// Held from the session's first state on, so that `gc` sees it live.
    private var sessionLock: SessionLock?
    /// The running containers on a veth, by name, for their hosts files.
    var podHosts: [String: PodHost] = [:]

    /// A runtime over the machine's cgroup tree, as detected from
    /// `/proc/self/mountinfo` when first needed.
    public convenience init() {
        let session = String(getpid())
        let steps = KernelStepLog()
        self.init(sessionID: session, state: StateDirectory(), steps: steps) {
            CgroupSystem.detect(session: session) { change in steps.report(.cgroup(change)) }
        }
    }

    /// A runtime with an explicit cgroup driver and state directory (tests,
    /// embedding); `steps` should be the log the driver's observer reports to.
    public convenience init(
        sessionID: String, cgroups: (any CgroupDriver)?, state: StateDirectory = StateDirectory(), steps: KernelStepLog = KernelStepLog()
    ) {
        self.init(sessionID: sessionID, state: state, steps: steps) { cgroups }
    }

    /// A runtime whose cgroup driver `cgroups` finds, once, when first asked.
    init(sessionID: String, state: StateDirectory, steps: KernelStepLog, cgroups: @escaping () -> (any CgroupDriver)?) {
        self.sessionID = sessionID
        detectCgroups = cgroups
        self.state = state
        self.steps = steps
        SignalInbox.install()
    }

    /// Runs `argv` as PID 1 of a new container made from `spec`, with the
    /// terminal, and tears the container down when it exits: its cgroup is
    /// removed (after reading whether the OOM killer struck), and its
    /// namespaces and mounts go with its last process. With `tee`, what it
    /// prints is also kept there. Its overlay layer (`--overlay`) is
    /// deleted afterwards unless `keepsOverlay`.
    public func runForeground(
        _ spec: ContainerSpec, argv: [String], name: String, tee: OutputTee? = nil, user: (uid: UInt32, gid: UInt32)? = nil,
        keepsOverlay: Bool = false
    ) throws(RuntimeError) -> ForegroundRun {
        let spec = spec.withDefaultHostname(name)
        try SpecValidation.check(spec, argv: argv)
        let overlay = try overlayLayer(for: spec, container: name)
        defer { if !keepsOverlay { discardOverlay(of: name) } }
        var launched = spec
        launched.mounts += try podNetworkMounts(for: spec, name: name)
        defer { forgetPodNetwork(name) }
        let group = try createGroup(named: name, for: spec, use: .foreground)
        let veth = vethAttachment(for: spec)
        let terminal = TerminalGuard()
        let pid: pid_t
        let pty: ContainerTerminal?
        let pipes: OutputTee?
        do {
            (pty, pipes) = try ContainerTerminal.forStandardInput(tee: tee)
            var request = LaunchRequest(
                spec: launched, argv: argv, cgroup: group, tee: pipes, joins: joins(of: spec), user: user, overlay: overlay)
            request.veth = veth
            request.terminal = pty
            pid = try launch(request)
        } catch {
            veth?.detach()
            _ = discard(group)
            throw error
        }
        recordVeth(veth, container: name)
        let outcome = ForegroundWait.wait(for: pid, isNamespaceInit: spec.namespaces.contains(.pid), tee: pipes, terminal: pty)
        terminal.restore()
        let status = status(of: outcome, group: group, limits: spec.cgroup)
        let problems = [releaseVeth(veth, container: name), discard(group)].compactMap { $0 }
        return ForegroundRun(status: status, terminationSignal: outcome.terminationSignal, cleanupProblems: problems)
    }

    /// `exec` on a container that is not running: runs `argv` as its PID 1
    /// in the foreground, and records how it ended. Its overlay layer stays
    /// for `rootfs diff` and the next run.
    /// `environment` adds to (or replaces in) the spec's (`exec -e K=V`).
    public func runForeground(
        _ container: Container, argv: [String], tee: OutputTee? = nil, user: (uid: UInt32, gid: UInt32)? = nil,
        environment: [EnvironmentVariable] = []
    ) throws(RuntimeError) -> ForegroundRun {
        let spec = container.spec.adding(environment)
        let run = try runForeground(spec, argv: argv, name: container.name, tee: tee, user: user, keepsOverlay: true)
        container.lastExit = run.status
        return run
    }

    /// Removes the session's cgroup directories and state; call when the
    /// session ends, after every container is stopped.
    public func close() {
        if let detected { detected?.removeSessionDirectories() }
        if sessionLock != nil { state.removeSession(sessionID) }
        sessionLock = nil
    }

    // MARK: - Shared steps

    /// Launches with this runtime's step log attached.
    func launch(_ request: LaunchRequest) throws(RuntimeError) -> pid_t {
        var request = request
        request.steps = steps
        return try Launcher.launch(request)
    }

    /// The container's group with its limits and, as root, its device
    /// policy. Without root there is no device policy: neither the v1
    /// devices controller nor a v2 device program can be set up, and in
    /// the user namespace the container needs then, the kernel refuses
    /// mknod of a real device anyway.
    func createGroup(named name: String, for spec: ContainerSpec, use: CgroupGroupUse) throws(RuntimeError) -> (any CgroupGroup)? {
        guard let cgroups else {
            if spec.cgroup.isEmpty { return nil }
            throw .cgroup(.unavailable(CgroupSystem.limitsUnavailable))
        }
        // The lock first: `gc` must never find the session's cgroups without it.
        try prepareState()
        let group = try cgroups.createGroup(named: name, limits: spec.cgroup, use: use)
        guard Self.enforcesDevicePolicy else { return group }
        do {
            try group.restrictDevices(to: spec.devices, shareable: !spec.mayWriteDevicePolicy)
        } catch {
            _ = discard(group)
            cgroups.removeSessionDirectories()
            throw error
        }
        return group
    }

    /// True when containers get their device policy: ctrsh runs as root.
    public static var enforcesDevicePolicy: Bool { geteuid() == 0 }

    /// The spec's joined namespaces, in the order setns needs them.
    func joins(of spec: ContainerSpec) -> [NamespaceJoin] {
        NamespaceJoin.order.compactMap { kind in
            spec.joins.first { $0.kind == kind }.map { NamespaceJoin(kind: kind, path: $0.path) }
        }
    }

    /// The session's lock, taken on first use: before the session makes a
    /// cgroup, a layer or a record, so that `gc` finds none of them without it.
    func prepareState() throws(RuntimeError) {
        guard sessionLock == nil else { return }
        sessionLock = try state.prepare(session: sessionID)
    }

    /// The session's lock and its directory, for a record, a log or a
    /// pod's network files.
    func prepareStateDirectory() throws(RuntimeError) {
        try prepareState()
        try state.prepareDirectory(session: sessionID)
    }

    func status(of outcome: ForegroundWait.Outcome, group: (any CgroupGroup)?, limits: CgroupLimits) -> ExitStatus {
        if outcome.interrupted { return .interrupted }
        return status(ofWaitStatus: outcome.waitStatus, group: group, limits: limits)
    }

    /// A SIGKILL counts as the OOM killer's when the cgroup counted one.
    func status(ofWaitStatus waitStatus: Int32, group: (any CgroupGroup)?, limits: CgroupLimits) -> ExitStatus {
        let status = ExitStatus(waitStatus: waitStatus)
        if status == .signaled(SIGKILL), let kills = group?.oomKills(), kills > 0 {
            return .oomKilled(limit: limits.memory)
        }
        return status
    }

    /// Kills whatever the container left running and removes its cgroup
    /// (`remove` does both); returns what went wrong, if anything did.
    func discard(_ group: (any CgroupGroup)?) -> RuntimeError? {
        guard let group else { return nil }
        do {
            try group.remove()
            return nil
        } catch {
            return .cgroup(.groupNotRemoved(path: group.displayPath, error))
        }
    }
}
