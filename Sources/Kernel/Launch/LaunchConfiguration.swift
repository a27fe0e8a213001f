import CLinux
import Glibc

/// A launch request as the C child reads it (`struct ctr_launch_config`):
/// its namespaces, standard streams, privileges, root and program. The
/// strings and arrays live in `arena`, which must outlive the clone.
enum LaunchConfiguration {
    /// Everything but the descriptors: those come from `ChildDescriptors`
    /// and the launch's pipes.
    static func settings(
        of request: LaunchRequest, argv: [String], candidates: [String], arena: CStringArena
    ) throws(RuntimeError) -> ctr_launch_config {
        var config = ctr_launch_config()
        config.clone_flags = request.spec.namespaces.reduce(0) { $0 | $1.cloneFlag }
        setStreams(of: request, in: &config)
        try setPrivileges(of: request, in: &config, arena: arena)
        try setRoot(of: request, in: &config, arena: arena)
        setProgram(of: request, argv: argv, candidates: candidates, in: &config, arena: arena)
        return config
    }

    /// A joined pid or time namespace applies to children only: the child
    /// clones once more and reports that child's PID.
    private static func forksAfterJoin(_ request: LaunchRequest) -> Bool {
        request.joins.contains { $0.kind == .pid || $0.kind == .time }
    }

    /// A session of its own, and the terminal or tee that becomes its standard streams.
    private static func setStreams(of request: LaunchRequest, in config: inout ctr_launch_config) {
        config.stdout_fd = request.tee?.childDescriptors.output ?? -1
        config.stderr_fd = request.tee?.childDescriptors.error ?? -1
        config.stdin_fd = -1
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
    }

    /// Capabilities, no_new_privs, seccomp, the user namespace's root and `--user`.
    private static func setPrivileges(
        of request: LaunchRequest, in config: inout ctr_launch_config, arena: CStringArena
    ) throws(RuntimeError) {
        let spec = request.spec
        let seccomp = try SeccompFilter.program(for: spec)
        config.restrict_capabilities = RootlessNamespaces.dropsCapabilities(spec, joins: request.joins) ? 1 : 0
        config.capabilities = Capability.mask(spec.capabilities)
        config.no_new_privs = spec.noNewPrivileges ? 1 : 0
        config.seccomp_filter = arena.array(of: seccomp)
        config.seccomp_length = Int32(seccomp.count)
        config.loopback_up = spec.loopbackUp ? 1 : 0
        config.namespace_root = RootlessNamespaces.becomesNamespaceRoot(spec, joins: request.joins) ? 1 : 0
        if let user = request.user {
            config.set_ids = 1
            config.uid = user.uid
            config.gid = user.gid
        }
    }

    /// The root (with its overlay), the extra mounts, the protected kernel
    /// paths, or a fresh /proc without a root.
    private static func setRoot(
        of request: LaunchRequest, in config: inout ctr_launch_config, arena: CStringArena
    ) throws(RuntimeError) {
        let spec = request.spec
        let mounts = try ExtraMounts.prepare(spec.mounts, root: spec.rootfs, arena: arena)
        let overlayOptions = try request.overlay?.mountOptions(userNamespace: spec.namespaces.contains(.user))
        config.mask_paths = spec.rootfs == nil ? 0 : 1
        config.rootfs = arena.optionalString(request.overlay?.merged ?? spec.rootfs?.path)
        config.overlay_options = arena.optionalString(overlayOptions)
        config.mounts = arena.array(of: mounts)
        config.mount_count = Int32(mounts.count)
        config.readonly_root = spec.rootfs?.readonly == true ? 1 : 0
        config.mount_host_proc =
            spec.rootfs == nil && spec.namespaces.isSuperset(of: [.mnt, .pid]) ? 1 : 0
        config.mount_mqueue = spec.rootfs != nil && spec.namespaces.contains(.ipc) ? 1 : 0
    }

    /// The hostname, working directory, how the setup ends, and the program.
    private static func setProgram(
        of request: LaunchRequest, argv: [String], candidates: [String], in config: inout ctr_launch_config, arena: CStringArena
    ) {
        let spec = request.spec
        config.fork_after_join = forksAfterJoin(request) ? 1 : 0
        config.joins_time = request.joins.contains { $0.kind == .time } ? 1 : 0
        config.after_setup = switch request.ending {
        case .program: Int32(CTR_AFTER_EXEC.rawValue)
        case .initProcess: Int32(CTR_AFTER_INIT.rawValue)
        case .exit: Int32(CTR_AFTER_EXIT.rawValue)
        }
        config.hostname = arena.optionalString(spec.hostname)
        config.workdir = arena.optionalString(spec.workdir ?? (spec.rootfs == nil && request.joins.isEmpty ? nil : "/"))
        config.exec_candidates = UnsafeRawPointer(arena.array(candidates))
            .assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        config.argv = UnsafePointer(arena.array(argv))
        config.envp = UnsafePointer(arena.array(spec.env.map { "\($0.name)=\($0.value)" }))
    }
}

/// The files the parent opens for the child before the clone: its v2
/// cgroup, its v1 `tasks` files, the namespaces it joins, ctrsh-init and a
/// detached process's standard streams. Closed once the launch is over.
struct ChildDescriptors {
    /// v2: the directory `clone3(CLONE_INTO_CGROUP)` places the child in; -1 without.
    private(set) var cgroupFD: Int32 = -1
    /// v1: the group's `tasks` file in each hierarchy (O_WRONLY).
    private(set) var taskFDs: [Int32] = []
    /// The namespace files to enter, in setns order.
    private(set) var joinFDs: [Int32] = []
    /// ctrsh-init (O_PATH), when the child becomes the container's init.
    private(set) var initFD: Int32 = -1
    /// /dev/null in and the log out, for a detached process.
    private(set) var stdio: DetachedStdio?

    /// Opens them all, or none: on a failure the ones opened are closed.
    static func open(for request: LaunchRequest) throws(RuntimeError) -> ChildDescriptors {
        var opened = ChildDescriptors()
        do {
            opened.cgroupFD = try openCloneTarget(request.cgroup)
            opened.taskFDs = try openAll(request.cgroup?.taskFiles ?? [], flags: O_WRONLY)
            opened.joinFDs = try openAll(request.joins.map(\.path), flags: O_RDONLY)
            opened.stdio = try DetachedStdio(log: request.log)
            opened.initFD = request.ending == .initProcess ? try InitProgram.open() : -1
        } catch {
            opened.close()
            throw error
        }
        return opened
    }

    /// Hands them to the child.
    func attach(to config: inout ctr_launch_config, arena: CStringArena) {
        config.cgroup_fd = cgroupFD
        config.cgroup_task_fds = arena.array(of: taskFDs)
        config.cgroup_task_count = Int32(taskFDs.count)
        config.join_count = Int32(joinFDs.count)
        config.init_fd = initFD
        if let stdio {
            config.stdin_fd = stdio.input
            config.stdout_fd = stdio.output
            config.stderr_fd = stdio.output
        }
    }

    /// The streams only the child keeps: closed right after the clone.
    mutating func closeStdio() {
        stdio?.close()
        stdio = nil
    }

    mutating func close() {
        closeStdio()
        if cgroupFD >= 0 { Glibc.close(cgroupFD) }
        if initFD >= 0 { Glibc.close(initFD) }
        for fd in taskFDs + joinFDs { Glibc.close(fd) }
        self = ChildDescriptors()
    }

    /// Opens every path (close-on-exec): the namespace files to enter, a v1
    /// group's `tasks` files. All or none: on a failure the ones opened are
    /// closed and the error names the path.
    private static func openAll(_ paths: [String], flags: Int32) throws(RuntimeError) -> [Int32] {
        var fds: [Int32] = []
        for path in paths {
            let fd = Glibc.open(path, flags | O_CLOEXEC)
            guard fd >= 0 else {
                let code = errno
                for fd in fds { Glibc.close(fd) }
                throw .kernel(SystemCall("open", path), errno: code)
            }
            fds.append(fd)
        }
        return fds
    }

    /// v2 places the child in its cgroup atomically with `CLONE_INTO_CGROUP`.
    private static func openCloneTarget(_ cgroup: (any CgroupGroup)?) throws(RuntimeError) -> Int32 {
        guard let directory = cgroup?.cloneIntoDirectory else { return -1 }
        let fd = Glibc.open(directory, CTR_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", directory)) }
        return fd
    }
}
