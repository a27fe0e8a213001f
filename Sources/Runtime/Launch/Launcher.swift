import CLinux
import Glibc

/// The parent side of a launch, as one list of steps: prepare everything
/// the child needs, clone it into its namespaces, write its ID maps, place it
/// in its cgroup, let it go, and learn whether its setup reached `execve`.
enum Launcher {
    /// Starts the request's child and returns its host PID once its setup
    /// is done (`execve` succeeded, or the init is ready). On failure the
    /// child is reaped and the error says which step failed where.
    static func launch(_ request: LaunchRequest) throws(RuntimeError) -> pid_t {
        let spec = request.spec
        let argv = request.argv.isEmpty ? ["ctrsh-init"] : request.argv
        let arena = CStringArena()
        let mounts = try ExtraMounts.prepare(spec.mounts, arena: arena)
        let overlayOptions = try request.overlay?.mountOptions(userNamespace: spec.namespaces.contains(.user))
        let seccomp = try SeccompFilter.program(for: spec)
        var sync = try Pipe()
        var errors = try Pipe()
        var pidReport = try Pipe()
        let candidates = ExecCandidates.paths(for: argv[0], spec: spec)
        let cgroupFD = try openCloneTarget(request.cgroup)
        let taskFiles = request.cgroup?.taskFiles ?? []
        let taskFDs = try openAll(taskFiles, flags: O_WRONLY, what: "cgroup")
        defer { for fd in taskFDs { close(fd) } }
        let joinFDs = try openAll(request.joins.map(\.path), flags: O_RDONLY, what: "ns")
        let stdio = try DetachedStdio(log: request.log)
        var trace = try Pipe()
        defer {
            if cgroupFD >= 0 { close(cgroupFD) }
            for fd in joinFDs { close(fd) }
        }
        let forksAfterJoin = request.joins.contains { $0.kind == .pid || $0.kind == .time }

        var config = ctr_launch_config()
        config.clone_flags = spec.namespaces.reduce(0) { $0 | $1.cloneFlag }
        config.sync_fd = sync.readEnd
        config.sync_write_fd = sync.writeEnd
        config.error_fd = errors.writeEnd
        config.error_read_fd = errors.readEnd
        let explained = request.steps?.observer == nil ? nil : request.steps
        config.trace_fd = explained == nil ? -1 : trace.writeEnd
        config.cgroup_fd = cgroupFD
        config.cgroup_task_fds = arena.array(of: taskFDs)
        config.cgroup_task_count = Int32(taskFDs.count)
        config.stdin_fd = stdio?.input ?? -1
        config.stdout_fd = stdio?.output ?? request.tee?.childDescriptors.output ?? -1
        config.stderr_fd = stdio?.output ?? request.tee?.childDescriptors.error ?? -1
        // Never ctrsh's session: a process sharing ctrsh's terminal as its
        // controlling one could type into ctrsh's prompt (TIOCSTI).
        config.new_session = 1
        if let terminal = request.terminal {
            config.terminal_socket_fd = terminal.childSocket
            config.terminal_output = terminal.carriesOutput ? 1 : 0
            config.terminal_settings = terminal.settings
            config.terminal_size = terminal.windowSize
        } else {
            config.terminal_socket_fd = -1
        }
        config.join_count = Int32(joinFDs.count)
        config.fork_after_join = forksAfterJoin ? 1 : 0
        config.joins_time = request.joins.contains { $0.kind == .time } ? 1 : 0
        config.pid_report_fd = pidReport.writeEnd
        config.after_setup = switch request.ending {
        case .program: Int32(CTR_AFTER_EXEC.rawValue)
        case .initProcess: Int32(CTR_AFTER_INIT.rawValue)
        case .exit: Int32(CTR_AFTER_EXIT.rawValue)
        }
        // With nothing to do between the clone and the go-ahead, the byte
        // goes first and the child never waits: it may then share ctrsh's
        // memory instead of copying its page tables (see ctr_launch).
        let releasedEarly =
            !spec.namespaces.contains(.user) && explained == nil && request.veth == nil
            && !(request.cgroup != nil && cgroupFD < 0 && taskFDs.isEmpty)
        config.released_early = releasedEarly ? 1 : 0
        let initFD = request.ending == .initProcess ? try InitProgram.open() : -1
        defer { if initFD >= 0 { close(initFD) } }
        config.init_fd = initFD
        config.restrict_capabilities = RootlessNamespaces.dropsCapabilities(spec, joins: request.joins) ? 1 : 0
        config.capabilities = Capability.mask(spec.capabilities)
        config.no_new_privs = spec.noNewPrivileges ? 1 : 0
        config.seccomp_filter = arena.array(of: seccomp)
        config.seccomp_length = Int32(seccomp.count)
        config.mask_paths = spec.rootfs == nil ? 0 : 1
        config.loopback_up = spec.loopbackUp ? 1 : 0
        config.namespace_root = RootlessNamespaces.becomesNamespaceRoot(spec, joins: request.joins) ? 1 : 0
        if let user = request.user {
            config.set_ids = 1
            config.uid = user.uid
            config.gid = user.gid
        }
        config.rootfs = arena.optionalString(request.overlay?.merged ?? spec.rootfs?.path)
        config.overlay_options = arena.optionalString(overlayOptions)
        config.mounts = arena.array(of: mounts)
        config.mount_count = Int32(mounts.count)
        config.readonly_root = spec.rootfs?.readonly == true ? 1 : 0
        config.mount_host_proc =
            spec.rootfs == nil && spec.namespaces.isSuperset(of: [.mnt, .pid]) ? 1 : 0
        config.hostname = arena.optionalString(spec.hostname)
        config.workdir = arena.optionalString(spec.workdir ?? (spec.rootfs == nil && request.joins.isEmpty ? nil : "/"))
        config.exec_candidates = UnsafeRawPointer(arena.array(candidates))
            .assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        config.argv = UnsafePointer(arena.array(argv))
        config.envp = UnsafePointer(arena.array(spec.env.map { "\($0.name)=\($0.value)" }))

        // Whatever ctrsh printed must reach the terminal before the child does.
        ctr_flush_stdio()
        if releasedEarly { try release(&sync, keepOpen: false) }
        let pid = joinFDs.withUnsafeBufferPointer { fds in
            config.join_fds = fds.baseAddress
            return withUnsafePointer(to: &config) { ctr_launch($0) }
        }
        guard pid > 0 else { throw cloneError(errno, namespaces: spec.namespaces) }
        request.steps?.report(.clone(flags: cloneFlagNames(spec.namespaces), pid: pid))
        errors.closeWrite()
        pidReport.closeWrite()
        trace.closeWrite()
        request.tee?.closeWriteEnds()
        request.terminal?.closeChildSocket()
        stdio?.close()

        do {
            if spec.namespaces.contains(.user) { try IDMapWriter.write(for: spec, pid: pid, steps: request.steps) }
            if let cgroup = request.cgroup, cgroupFD < 0, taskFDs.isEmpty { try cgroup.add(pid: pid) }
            try request.veth?.attach(to: pid)
            if !releasedEarly { try release(&sync, keepOpen: explained != nil) }
        } catch {
            kill(pid, SIGKILL)
            reap(pid)
            throw error
        }
        // With a joined pid namespace the process that runs is the child's child.
        let running = forksAfterJoin ? readReportedPID(&pidReport) : pid
        if forksAfterJoin { reap(pid) }
        let context = FailureContext(
            spec: spec, argv: argv, candidates: candidates, root: request.rootForMessages ?? spec.rootfs?.path,
            overlay: request.overlay, user: request.user, taskFiles: taskFiles)
        if let steps = explained {
            // The child waits before its execve until its steps are on the
            // screen: all of them come before the program's first byte.
            // (ctrsh still holds the read end: a child that died gives no SIGPIPE.)
            let announced = readTrace(&trace, untilExec: true)
            report(announced, to: steps, request: request, candidates: candidates, forked: running)
            ctr_flush_stdio()
            var printed: UInt8 = 1
            _ = write(sync.writeEnd, &printed, 1)
            sync.closeWrite()
        }
        sync.closeRead()
        let failure = readFailure(&errors, context: context)
        if let steps = explained {
            // A candidate whose execve failed (EACCES): the ones tried after it.
            report(readTrace(&trace, untilExec: false), to: steps, request: request, candidates: candidates, forked: running)
        }
        if let failure {
            if let running, running != pid { reap(running) }
            if !forksAfterJoin { reap(pid) }
            throw .childSetup(failure)
        }
        guard let running else { throw .system(operation: "fork into the joined namespaces", errno: ECHILD) }
        do {
            try request.terminal?.receiveMaster()
        } catch {
            kill(running, SIGKILL)
            reap(running)
            throw error
        }
        return running
    }

    // MARK: - Steps

    /// Opens every path (close-on-exec): the namespace files to enter, a v1
    /// group's `tasks` files. All or none: on a failure the ones opened are
    /// closed and the error names the path.
    private static func openAll(_ paths: [String], flags: Int32, what: String) throws(RuntimeError) -> [Int32] {
        var fds: [Int32] = []
        for path in paths {
            let fd = Glibc.open(path, flags | O_CLOEXEC)
            guard fd >= 0 else {
                let code = errno
                for fd in fds { close(fd) }
                throw .system(operation: "\(what): open `\(path)`", errno: code)
            }
            fds.append(fd)
        }
        return fds
    }

    /// v2 places the child in its cgroup atomically with `CLONE_INTO_CGROUP`.
    private static func openCloneTarget(_ cgroup: (any CgroupGroup)?) throws(RuntimeError) -> Int32 {
        guard let directory = cgroup?.cloneIntoDirectory else { return -1 }
        let fd = Glibc.open(directory, CTR_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open `\(directory)`") }
        return fd
    }

    /// One byte on the sync pipe: the child may go on with its setup. With
    /// `keepOpen` (explain on) the pipe stays open for the byte that lets
    /// the child's execve go once its steps are printed.
    private static func release(_ sync: inout Pipe, keepOpen: Bool) throws(RuntimeError) {
        var go: UInt8 = 1
        guard write(sync.writeEnd, &go, 1) == 1 else { throw .lastError("write to the child's sync pipe") }
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
    private static func readTrace(_ trace: inout Pipe, untilExec: Bool) -> [(ChildFailure.Step, Int)] {
        var steps: [(ChildFailure.Step, Int)] = []
        while true {
            var record = ctr_failure()
            let n = withUnsafeMutableBytes(of: &record) { read(trace.readEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n == MemoryLayout<ctr_failure>.size, let step = ChildFailure.Step(rawValue: record.step) else { break }
            steps.append((step, Int(record.detail)))
            if untilExec && step == .exec && record.detail >= 0 { return steps }
        }
        trace.closeRead()
        return steps
    }

    /// Prints the child's steps; of the PATH lookups, only the execve that
    /// ran (or failed last) is shown.
    private static func report(
        _ announced: [(ChildFailure.Step, Int)], to steps: KernelStepLog, request: LaunchRequest, candidates: [String],
        forked: pid_t?
    ) {
        for (index, (step, detail)) in announced.enumerated() {
            if step == .exec && index + 1 < announced.count && announced[index + 1].0 == .exec { continue }
            let text = ChildStepText.describe(step, detail: detail, request: request, candidates: candidates, forked: forked)
            steps.report(.child(text))
        }
    }

    /// What a failure message needs to name paths.
    private struct FailureContext {
        var spec: ContainerSpec
        var argv: [String]
        var candidates: [String]
        var root: String?
        var overlay: OverlayLayer?
        /// `--user UID:GID`, for a failure to switch to it.
        var user: (uid: UInt32, gid: UInt32)?
        /// The v1 `tasks` files the child writes itself to.
        var taskFiles: [String]
    }

    /// End-of-file on the error pipe means `execve` closed it: success.
    private static func readFailure(_ errors: inout Pipe, context: FailureContext) -> ChildFailure? {
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
        guard received == MemoryLayout<ctr_failure>.size,
              let step = ChildFailure.Step(rawValue: report.step)
        else { return nil }
        return describe(step: step, errno: report.err, detail: Int(report.detail), context: context)
    }

    private static func describe(step: ChildFailure.Step, errno code: Int32, detail: Int, context: FailureContext) -> ChildFailure {
        let spec = context.spec
        let root = context.root ?? ""
        switch step {
        case .devNode:
            let name = ctr_dev_entry_name(Int32(detail)).map { String(cString: $0) } ?? "/dev"
            return ChildFailure(step: step, errno: code, path: root + name)
        case .hostname: return ChildFailure(step: step, errno: code, path: spec.hostname ?? "")
        case .chdir: return ChildFailure(step: step, errno: code, path: spec.workdir ?? "/")
        case .joinCgroup:
            return ChildFailure(step: step, errno: code, path: detail < context.taskFiles.count ? context.taskFiles[detail] : "tasks")
        case .ids: return ChildFailure(step: step, errno: code, path: context.user.map { "\($0.uid):\($0.gid)" } ?? "root")
        case .setns: return ChildFailure(step: step, errno: code, path: "namespace #\(detail + 1)")
        case .terminal: return ChildFailure(step: step, errno: code, path: "/dev/ptmx", detail: ChildFailure.terminalWhat(detail))
        case .maskPath:
            let path = ctr_masked_path_name(Int32(detail)).map { "/" + String(cString: $0) } ?? "/proc"
            return ChildFailure(step: step, errno: code, path: path)
        case .mountOverlay: return ChildFailure(step: step, errno: code, path: root, detail: context.overlay?.upper ?? "")
        case .mountTarget, .mountExtra, .mountReadonly:
            let mount = detail < spec.mounts.count ? spec.mounts[detail] : nil
            let destination = mount?.destination ?? "mount #\(detail + 1)"
            let what = step == .mountTarget ? root : mount.map(ExtraMounts.describe) ?? ""
            return ChildFailure(step: step, errno: code, path: destination, detail: what)
        case .exec:
            let argv = context.argv
            if detail < 0 { return ChildFailure(step: step, errno: code, path: InitProgram.name) }
            let candidate = detail < context.candidates.count ? context.candidates[detail] : argv[0]
            let missing = code == ENOENT || code == ENOTDIR
            let shown = missing && !argv[0].contains("/") ? argv[0] : candidate
            var exists = false
            var elsewhere: String?
            if missing && argv[0].contains("/") {
                exists = existsInRoot(candidate, root: root)
                let name = String(argv[0].split(separator: "/").last ?? "")
                if !exists && !name.isEmpty {
                    elsewhere = ExecCandidates.paths(for: name, spec: spec).first { $0 != candidate && existsInRoot($0, root: root) }
                }
            }
            return ChildFailure(step: step, errno: code, path: shown, programExists: exists, foundOnPath: elsewhere)
        default: return ChildFailure(step: step, errno: code, path: root)
        }
    }

    /// Whether `path` (inside the container) names anything under `root`.
    private static func existsInRoot(_ path: String, root: String) -> Bool {
        var info = stat()
        return lstat(root + (path.hasPrefix("/") ? path : "/" + path), &info) == 0
    }

    /// Waits for a child that failed or was abandoned, so no zombie is left.
    static func reap(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// `CLONE_NEWPID`, …, named once for messages and `explain`.
    static func cloneFlagNames(_ namespaces: Set<NamespaceKind>) -> [String] {
        namespaces.sorted().map { "CLONE_NEW" + ($0 == .mnt ? "NS" : $0.rawValue.uppercased()) }
    }

    private static func cloneError(_ code: Int32, namespaces: Set<NamespaceKind>) -> RuntimeError {
        let flags = cloneFlagNames(namespaces)
        let call = "clone3(\(flags.isEmpty ? "0" : flags.joined(separator: "|")))"
        if namespaces.contains(.user), [EPERM, EACCES, ENOSPC].contains(code), let advice = UserNamespaceRestriction().advice {
            return .invalidSpec("\(call): \(errnoText(code)) (\(advice))")
        }
        switch code {
        case EPERM: return .invalidSpec("\(call): \(errnoText(code)) (new namespaces need root, or `ns new user` first)")
        case ENOSPC, EUSERS:
            return .invalidSpec("\(call): \(errnoText(code)) (too many namespaces: see /proc/sys/user/max_*_namespaces)")
        case ENOSYS: return .invalidSpec("\(call): \(errnoText(code)) (this kernel is older than Linux 5.7)")
        default: return .system(operation: call, errno: code)
        }
    }
}
