import CtrKernel
import Glibc

/// Containers that stay alive between commands: `start`, `exec` into a
/// running container, `stop`, `kill`, `pause`/`resume`, `wait`.
extension ContainerRuntime {
    /// `start`: launches the container with ctrsh-init as PID 1, which
    /// holds its namespaces so that later `exec`s share them.
    public func start(_ container: Container) throws(RuntimeError) {
        _ = try launchLive(container, argv: [], ending: .initProcess, user: nil)
    }

    /// `exec -d` on a container that is not running: the program is its
    /// PID 1, off the terminal, its output kept for `logs`.
    /// `environment` adds to the spec's (`exec -d -e K=V`).
    public func startDetached(
        _ container: Container, argv: [String], user: (uid: UInt32, gid: UInt32)?, environment: [EnvironmentVariable] = []
    ) throws(RuntimeError) -> pid_t {
        try launchLive(container, argv: argv, ending: .program, user: user, environment: environment)
    }

    private func launchLive(
        _ container: Container, argv: [String], ending: LaunchRequest.Ending, user: (uid: UInt32, gid: UInt32)?,
        environment: [EnvironmentVariable] = []
    ) throws(RuntimeError) -> pid_t {
        guard container.live == nil else { throw .container(.runningAlready(container.name)) }
        let spec = container.spec.adding(environment).withDefaultHostname(container.name)
        try SpecValidation.check(spec, argv: argv.isEmpty ? ["ctrsh-init"] : argv)
        try prepareStateDirectory()
        let overlay = try overlayLayer(for: spec, container: container.name)
        let log = try ContainerLog(path: state.logPath(sessionID, container.name), limit: logLimit)
        let group: (any CgroupGroup)?
        do throws(RuntimeError) {
            group = try createGroup(named: container.name, for: spec, use: .live)
        } catch {
            log.close()
            throw error
        }
        var launched = spec
        do throws(RuntimeError) {
            launched.mounts += try podNetworkMounts(for: spec, name: container.name)
        } catch {
            _ = discard(group)
            log.close()
            throw error
        }
        var request = LaunchRequest(
            spec: launched, argv: argv, ending: ending, cgroup: group, joins: joins(of: spec), log: log, user: user,
            overlay: overlay)
        request.veth = vethAttachment(for: spec)
        let pid: pid_t
        do throws(RuntimeError) {
            pid = try launch(request)
            guard let first = ProcessIdentity(pid: pid) else { throw RuntimeError.lastError(SystemCall("read", "/proc/\(pid)/stat")) }
            try state.record(session: sessionID, container: container.name, process: first)
            let live = LiveContainer(first: first, runsInit: ending == .initProcess, spec: spec, group: group, log: log)
            live.veth = request.veth
            recordVeth(request.veth, container: container.name)
            container.live = live
            container.lastExit = nil
        } catch {
            request.veth?.detach()
            forgetPodNetwork(container.name)
            _ = discard(group)
            log.close()
            throw error
        }
        return pid
    }

    /// `exec` into a running container in the foreground: the program
    /// enters every namespace of its PID 1 and its cgroup.
    public func execForeground(
        into container: Container, argv: [String], user: (uid: UInt32, gid: UInt32)?, tee: OutputTee?,
        environment: [EnvironmentVariable] = []
    ) throws(RuntimeError) -> ForegroundRun {
        let live = try thawed(container, for: .exec)
        let oomKillsBefore = live.oomKills() ?? 0
        let terminal = TerminalGuard()
        let (pty, pipes) = try ContainerTerminal.forStandardInput(tee: tee)
        var request = execRequest(live, argv: argv, user: user, tee: pipes, log: nil, environment: environment)
        request.terminal = pty
        let pid = try launch(request)
        let outcome = ForegroundWait.wait(for: pid, isNamespaceInit: false, tee: pipes, terminal: pty)
        terminal.restore()
        var status = status(of: outcome, group: nil, limits: live.limits)
        if status == .signaled(SIGKILL), (live.oomKills() ?? 0) > oomKillsBefore {
            status = .oomKilled(limit: live.limits.memory)
        }
        return ForegroundRun(status: status, terminationSignal: outcome.terminationSignal)
    }

    /// `exec -d` into a running container: off the terminal, output to its log.
    public func execDetached(
        into container: Container, argv: [String], user: (uid: UInt32, gid: UInt32)?, environment: [EnvironmentVariable] = []
    ) throws(RuntimeError) -> pid_t {
        let live = try thawed(container, for: .execDetached)
        let pid = try launch(execRequest(live, argv: argv, user: user, tee: nil, log: live.log, environment: environment))
        live.execProcesses.insert(pid)
        return pid
    }

    private func execRequest(
        _ live: LiveContainer, argv: [String], user: (uid: UInt32, gid: UInt32)?, tee: OutputTee?, log: ContainerLog?,
        environment: [EnvironmentVariable]
    ) -> LaunchRequest {
        var spec = ContainerSpec()
        spec.env = live.spec.adding(environment).env
        spec.workdir = live.spec.workdir
        spec.capabilities = live.spec.capabilities
        spec.noNewPrivileges = live.spec.noNewPrivileges
        spec.seccomp = live.spec.seccomp
        spec.uidMappings = live.spec.uidMappings
        spec.gidMappings = live.spec.gidMappings
        let joined = Set(live.spec.joins.map(\.kind))
        let kinds = NamespaceJoin.order.filter { live.spec.namespaces.contains($0) || joined.contains($0) }
        return LaunchRequest(
            spec: spec, argv: argv, cgroup: live.group, tee: tee, joins: NamespaceJoin.all(of: live.first.pid, kinds: kinds),
            log: log, user: user, rootForMessages: live.spec.rootfs?.path)
    }

    /// `stop`: SIGTERM to PID 1 (ctrsh-init passes it on), SIGKILL after
    /// `timeout`, then everything is removed. Returns how PID 1 ended and
    /// what could not be cleaned up.
    public func stop(_ container: Container, timeout: Duration) throws(RuntimeError) -> (ExitStatus, [RuntimeError]) {
        let live = try running(container, for: .stop)
        if live.isFrozen { try? live.group?.setFrozen(false) }  // a frozen process cannot act on SIGTERM
        kill(live.first.pid, SIGTERM)
        var status = awaitExit(live, until: Self.now() + timeout)
        if status == nil {
            kill(live.first.pid, SIGKILL)
            while status == nil { status = awaitExit(live, until: Self.now() + .seconds(1)) }
        }
        return finish(container, waitStatus: status ?? 0)
    }

    /// Polls until PID 1 exits or `deadline` passes, reaping the `exec`ed
    /// processes meanwhile: they are ctrsh's children, and a pid
    /// namespace's init cannot finish exiting while their zombies remain.
    private func awaitExit(_ live: LiveContainer, until deadline: Duration) -> Int32? {
        while true {
            reapExecProcesses(live)
            var status: Int32 = 0
            if waitpid(live.first.pid, &status, WNOHANG) == live.first.pid { return status }
            if Self.now() >= deadline { return nil }
            usleep(5_000)
        }
    }

    private func reapExecProcesses(_ live: LiveContainer) {
        for pid in live.execProcesses {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) != 0 { live.execProcesses.remove(pid) }
        }
    }

    /// `kill [SIGNAL]`: a signal to PID 1.
    public func signal(_ container: Container, _ signal: Int32) throws(RuntimeError) {
        let live = try running(container, for: .kill)
        guard kill(live.first.pid, signal) == 0 else { throw .lastError(SystemCall("kill(\(live.first.pid), \(SignalNames.name(of: signal)))")) }
    }

    /// After `kill`: waits a little (at most `grace`) for PID 1 to end,
    /// so that what follows (the prompt's state, `container ls`) sees how
    /// it ended. Returns its status when it did; a PID 1 that handles the
    /// signal and goes on is left running.
    @discardableResult
    public func awaitSignalled(_ container: Container, grace: Duration = .seconds(1)) -> ExitStatus? {
        guard let live = container.live, !live.isFrozen else { return nil }
        guard let status = awaitExit(live, until: Self.now() + grace) else { return nil }
        return finish(container, waitStatus: status).0
    }

    /// `pause` / `resume`: freezes or thaws every process of the container.
    public func setPaused(_ container: Container, _ paused: Bool) throws(RuntimeError) {
        let action: ContainerAction = paused ? .pause : .resume
        let live = try running(container, for: action)
        guard live.isFrozen != paused else {
            throw .container(paused ? .pausedAlready(container.name) : .notPaused(container.name))
        }
        guard let group = live.group else {
            throw .container(.noCgroup(container.name, for: action, reason: CgroupSystem.limitsUnavailable))
        }
        try group.setFrozen(paused)
        live.isFrozen = paused
    }

    /// Runs `body` with every process of the container frozen when it runs
    /// and has a cgroup (thawed after, also on error), so that it cannot
    /// change its files meanwhile; `export oci` copies its root so. Returns
    /// what `body` returned, and a note saying whether it froze the
    /// container during `work` (nil when it was not running, or paused
    /// already). When freezing fails, `body` runs all the same, and the note
    /// says why.
    public func whileFrozen<Value>(
        _ container: Container, doing work: TreeWork, _ body: () throws(RuntimeError) -> Value
    ) throws(RuntimeError) -> (Value, note: FreezeNote?) {
        guard let live = container.live, !live.isFrozen else { return (try body(), nil) }
        guard let group = live.group else { return (try body(), .noCgroup(container.name, work)) }
        do throws(RuntimeError) {
            try group.setFrozen(true)
        } catch {
            return (try body(), .failed(container.name, work, error))
        }
        defer { try? group.setFrozen(false) }
        return (try body(), .froze(container.name, work))
    }

    /// `wait`: blocks until PID 1 exits and returns how, or nil when Ctrl-C
    /// (or SIGTERM, returned as the second value) ended the wait first.
    public func wait(_ container: Container) throws(RuntimeError) -> (ExitStatus?, Int32?) {
        let live = try running(container, for: .wait)
        while true {
            if let status = awaitExit(live, until: Self.now() + .milliseconds(100)) {
                return (finish(container, waitStatus: status).0, nil)
            }
            let signals = SignalInbox.take()
            if let ending = [SIGTERM, SIGHUP].first(where: signals.contains) { return (nil, ending) }
            if signals.contains(SIGINT) { return (nil, nil) }
        }
    }

    /// Notices a PID 1 that exited on its own and reaps finished `exec`s;
    /// call before each command. Returns how PID 1 ended if it just did.
    @discardableResult
    public func refresh(_ container: Container) -> ExitStatus? {
        guard let live = container.live else { return nil }
        reapExecProcesses(live)
        var status: Int32 = 0
        guard waitpid(live.first.pid, &status, WNOHANG) == live.first.pid else { return nil }
        return finish(container, waitStatus: status).0
    }

    /// Stops a running container (SIGTERM, then SIGKILL after a second) as
    /// the session ends or `container rm` asks; nothing of it is left.
    public func remove(_ container: Container) -> [RuntimeError] {
        guard container.live != nil else { return [] }
        return (try? stop(container, timeout: .seconds(1)))?.1 ?? []
    }

    // MARK: - Steps

    /// The live side of `container`, or an error for `action` saying it is not running.
    public func running(_ container: Container, for action: ContainerAction) throws(RuntimeError) -> LiveContainer {
        guard let live = container.live else { throw .container(.notRunning(container.name, for: action)) }
        return live
    }

    /// A running container that is not paused: a process started into a
    /// frozen cgroup freezes before its setup reports back, and ctrsh would
    /// wait for it for ever.
    private func thawed(_ container: Container, for action: ContainerAction) throws(RuntimeError) -> LiveContainer {
        let live = try running(container, for: action)
        guard !live.isFrozen else { throw .container(.paused(container.name, for: action)) }
        return live
    }

    /// PID 1 is gone: read the OOM count, kill what is left, remove the
    /// cgroup and the state entry, reap the `exec`ed processes.
    private func finish(_ container: Container, waitStatus: Int32) -> (ExitStatus, [RuntimeError]) {
        guard let live = container.live else { return (ExitStatus(waitStatus: waitStatus), []) }
        let status = status(ofWaitStatus: waitStatus, group: live.group, limits: live.limits)
        let problems = [releaseVeth(live.veth, container: container.name), discard(live.group)].compactMap { $0 }
        for pid in live.execProcesses {
            kill(pid, SIGKILL)
            Launcher.reap(pid)
        }
        live.execProcesses.removeAll()
        live.log.close()
        forgetPodNetwork(container.name)
        state.forget(session: sessionID, container: container.name)
        container.live = nil
        container.lastExit = status
        return (status, problems)
    }

    static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
