import CLinux
import Glibc

/// The parent side of a launch, as one list of steps: prepare everything
/// the child needs, clone it into its namespaces, write its ID maps, place it
/// in its cgroup, let it go, and learn whether its setup reached `execve`.
package enum Launcher {
    /// Starts the request's child and returns its host PID once its setup
    /// is done (`execve` succeeded, or the init is ready). On failure the
    /// child is reaped and the error says which step failed where.
    package static func launch(_ request: LaunchRequest) throws(RuntimeError) -> pid_t {
        let argv = request.argv.isEmpty ? ["ctrsh-init"] : request.argv
        let candidates = ExecCandidates.paths(for: argv[0], spec: request.spec)
        let arena = CStringArena()
        var config = try LaunchConfiguration.settings(of: request, argv: argv, candidates: candidates, arena: arena)
        let explained = request.steps?.observer == nil ? nil : request.steps
        let forksAfterJoin = config.fork_after_join != 0
        var channels = try Channels(explained: explained != nil, forksAfterJoin: forksAfterJoin)
        var descriptors = try ChildDescriptors.open(for: request)
        defer { descriptors.close() }
        channels.attach(to: &config)
        descriptors.attach(to: &config, arena: arena)
        // With nothing to do between the clone and the go-ahead, the byte
        // goes first and the child never waits: it may then share ctrsh's
        // memory instead of copying its page tables (see ctr_launch).
        let releasedEarly = explained == nil && !needsParentSteps(request, descriptors: descriptors)
        config.released_early = releasedEarly ? 1 : 0
        if releasedEarly { try release(&channels.sync, keepOpen: false) }

        let pid = try clone(&config, joining: descriptors.joinFDs, arena: arena, request: request)
        closeChildEnds(&channels, request: request, descriptors: &descriptors)
        do {
            try prepare(pid, request: request, descriptors: descriptors)
            if !releasedEarly { try release(&channels.sync, keepOpen: explained != nil) }
        } catch {
            kill(pid, SIGKILL)
            reap(pid)
            throw error
        }
        let running = try awaitSetup(
            of: pid, channels: &channels, explained: explained,
            context: ChildStepContext(request: request, argv: argv, candidates: candidates),
            forksAfterJoin: forksAfterJoin)
        do {
            try request.terminal?.receiveMaster()
        } catch {
            kill(running, SIGKILL)
            reap(running)
            throw error
        }
        return running
    }

    /// The pipes between the parent and the child.
    private struct Channels: ~Copyable {
        /// The parent's go-ahead (and, with explain, the second byte that lets execve go).
        var sync: Pipe
        /// The child's `ctr_failure`, or end-of-file at execve.
        var errors: Pipe
        /// With a joined pid namespace: the host PID of the child's own child.
        var pidReport: Pipe
        /// With explain: each step the child announces.
        var trace: Pipe

        /// The two pipes every launch needs, and the other two only when
        /// it uses them.
        init(explained: Bool, forksAfterJoin: Bool) throws(RuntimeError) {
            let sync = try Pipe(), errors = try Pipe()
            let pidReport = try Pipe(if: forksAfterJoin), trace = try Pipe(if: explained)
            self.sync = sync
            self.errors = errors
            self.pidReport = pidReport
            self.trace = trace
        }

        /// The child's ends, and the parent's that it closes first thing.
        func attach(to config: inout ctr_launch_config) {
            config.sync_fd = sync.readEnd
            config.sync_write_fd = sync.writeEnd
            config.error_fd = errors.writeEnd
            config.error_read_fd = errors.readEnd
            config.pid_report_fd = pidReport.writeEnd
            config.trace_fd = trace.writeEnd
        }
    }

    // MARK: - Steps

    /// Flushes ctrsh's output and clones the child; reports the clone.
    private static func clone(
        _ config: inout ctr_launch_config, joining joinFDs: [Int32], arena: CStringArena, request: LaunchRequest
    ) throws(RuntimeError) -> pid_t {
        let namespaces = request.spec.namespaces
        // Whatever ctrsh printed must reach the terminal before the child does.
        ctr_flush_stdio()
        let pid = withExtendedLifetime(arena) {
            joinFDs.withUnsafeBufferPointer { fds in
                config.join_fds = fds.baseAddress
                return withUnsafePointer(to: &config) { ctr_launch($0) }
            }
        }
        guard pid > 0 else { throw cloneError(errno, namespaces: namespaces) }
        request.steps?.report(.clone(flags: cloneFlagNames(namespaces), pid: pid))
        return pid
    }

    /// The ends the child alone uses: the parent's copies are closed, so a
    /// child that dies shows as end-of-file.
    private static func closeChildEnds(
        _ channels: inout Channels, request: LaunchRequest, descriptors: inout ChildDescriptors
    ) {
        channels.errors.closeWrite()
        channels.pidReport.closeWrite()
        channels.trace.closeWrite()
        request.tee?.closeWriteEnds()
        request.terminal?.closeChildSocket()
        descriptors.closeStdio()
    }

    /// Whether `prepare` has anything to do for this request.
    private static func needsParentSteps(_ request: LaunchRequest, descriptors: ChildDescriptors) -> Bool {
        request.spec.namespaces.contains(.user) || request.veth != nil
            || (request.cgroup != nil && descriptors.cgroupFD < 0 && descriptors.taskFDs.isEmpty)
    }

    /// What the parent does while the child waits: its ID maps, its
    /// cgroup (where the clone did not place it), its veth.
    private static func prepare(_ pid: pid_t, request: LaunchRequest, descriptors: ChildDescriptors) throws(RuntimeError) {
        if request.spec.namespaces.contains(.user) { try IDMapWriter.write(for: request.spec, pid: pid, steps: request.steps) }
        if let cgroup = request.cgroup, descriptors.cgroupFD < 0, descriptors.taskFDs.isEmpty { try cgroup.add(pid: pid) }
        try request.veth?.attach(to: pid)
    }

    /// Waits for the child's setup to reach `execve` (printing its steps
    /// with explain) and returns the PID of the process that runs; throws
    /// the step that failed, with the child reaped.
    private static func awaitSetup(
        of pid: pid_t, channels: inout Channels, explained: KernelStepLog?, context: ChildStepContext, forksAfterJoin: Bool
    ) throws(RuntimeError) -> pid_t {
        // With a joined pid namespace the process that runs is the child's child.
        let running = forksAfterJoin ? readReportedPID(&channels.pidReport) : pid
        if forksAfterJoin { reap(pid) }
        var context = context
        context.forked = running
        if let steps = explained {
            // The child waits before its execve until its steps are on the
            // screen: all of them come before the program's first byte.
            // (ctrsh still holds the read end: a child that died gives no SIGPIPE.)
            let announced = readTrace(&channels.trace, untilExec: true)
            report(announced, to: steps, context: context)
            ctr_flush_stdio()
            var printed: UInt8 = 1
            _ = write(channels.sync.writeEnd, &printed, 1)
            channels.sync.closeWrite()
        }
        channels.sync.closeRead()
        let failure = readFailure(&channels.errors, context: context)
        if let steps = explained {
            // A candidate whose execve failed (EACCES): the ones tried after it.
            report(readTrace(&channels.trace, untilExec: false), to: steps, context: context)
        }
        if let failure {
            if let running, running != pid { reap(running) }
            if !forksAfterJoin { reap(pid) }
            throw .childSetup(failure)
        }
        guard let running else { throw .kernel(SystemCall("clone3(CLONE_PARENT)"), errno: ECHILD) }
        return running
    }

    /// One byte on the sync pipe: the child may go on with its setup. With
    /// `keepOpen` (explain on) the pipe stays open for the byte that lets
    /// the child's execve go once its steps are printed.
    private static func release(_ sync: inout Pipe, keepOpen: Bool) throws(RuntimeError) {
        var go: UInt8 = 1
        guard write(sync.writeEnd, &go, 1) == 1 else { throw .lastError(SystemCall("write")) }
        if !keepOpen { sync.closeWrite() }
    }

    /// The PID the first child reports for its own child, or nil when it
    /// failed before cloning it.
    private static func readReportedPID(_ report: inout Pipe) -> pid_t? {
        var pid: Int32 = 0
        let n = withUnsafeMutableBytes(of: &pid) { read(report.readEnd, $0.baseAddress, $0.count) }
        report.closeRead()
        return n == MemoryLayout<Int32>.size && pid > 0 ? pid : nil
    }

    /// The steps the child announced (explain on), in order: up to the
    /// execve it waits to make (`untilExec`), or all that are left (the
    /// pipe's end: the child ran its program or failed).
    private static func readTrace(_ trace: inout Pipe, untilExec: Bool) -> [(ChildStep, Int)] {
        var steps: [(ChildStep, Int)] = []
        while true {
            var record = ctr_failure()
            let n = withUnsafeMutableBytes(of: &record) { read(trace.readEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n == MemoryLayout<ctr_failure>.size, let step = ChildSteps.entry(record.step) else { break }
            steps.append((step, Int(record.detail)))
            if untilExec && step.id == CTR_STEP_EXEC && record.detail >= 0 { return steps }
        }
        trace.closeRead()
        return steps
    }

    /// Prints the child's steps; of the PATH lookups, only the execve that
    /// ran (or failed last) is shown.
    private static func report(_ announced: [(ChildStep, Int)], to steps: KernelStepLog, context: ChildStepContext) {
        guard !announced.isEmpty else { return }
        let launch = context.launchFacts
        for (index, (step, detail)) in announced.enumerated() {
            if step.id == CTR_STEP_EXEC && index + 1 < announced.count && announced[index + 1].0.id == CTR_STEP_EXEC { continue }
            steps.report(.child(ChildStepReport(step: step.id, number: detail, launch: launch)))
        }
    }

    /// End-of-file on the error pipe means `execve` closed it: success.
    private static func readFailure(_ errors: inout Pipe, context: ChildStepContext) -> ChildFailure? {
        var report = ctr_failure()
        var received = 0
        while received < MemoryLayout<ctr_failure>.size {
            let n = withUnsafeMutableBytes(of: &report) { buffer in
                read(errors.readEnd, buffer.baseAddress.map { $0 + received }, buffer.count - received)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            received += n
        }
        errors.closeRead()
        guard received == MemoryLayout<ctr_failure>.size, let step = ChildSteps.entry(report.step) else { return nil }
        let subject = step.subject(Int(report.detail), report.err, context)
        return ChildFailure(step: step.id, errno: report.err, number: Int(report.detail), subject: subject)
    }

    /// Waits for a child that failed or was abandoned, so no zombie is left.
    package static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// `CLONE_NEWPID`, …, named once for messages and `explain`.
    static func cloneFlagNames(_ namespaces: Set<NamespaceKind>) -> [String] {
        namespaces.sorted().map { "CLONE_NEW" + ($0 == .mnt ? "NS" : $0.rawValue.uppercased()) }
    }

    private static func cloneError(_ code: Int32, namespaces: Set<NamespaceKind>) -> RuntimeError {
        let flags = cloneFlagNames(namespaces)
        if namespaces.contains(.user), [EPERM, EACCES, ENOSPC].contains(code), let setting = UserNamespaceRestriction().blocking {
            let call = SystemCall("clone3(\(flags.isEmpty ? "0" : flags.joined(separator: "|")))")
            return .launch(.userNamespacesRestricted(call, errno: code, setting: setting))
        }
        return .launch(.cloneRefused(flags: flags, errno: code))
    }
}
