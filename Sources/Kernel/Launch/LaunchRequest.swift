import Glibc

/// One launch: what to run, from which spec, and how the child should end
/// its setup. The spec's namespaces are created new; `joins` are entered.
struct LaunchRequest {
    /// What the child becomes after its setup.
    enum Ending {
        /// `execve` the program.
        case program
        /// ctrsh-init: hold the namespaces, reap orphans (`start`).
        case initProcess
        /// Exit: the setup itself was the point (a live hostname change).
        case exit
    }

    var spec: ContainerSpec
    var argv: [String] = []
    var ending: Ending = .program
    /// The cgroup to start in.
    var cgroup: (any CgroupGroup)?
    /// Copy the output through ctrsh (for `expect output`).
    var tee: OutputTee?
    /// Namespaces to enter, in the order setns wants them.
    var joins: [NamespaceJoin] = []
    /// Detached: standard input from /dev/null, output into this log, in a
    /// session of its own (off ctrsh's terminal).
    var log: ContainerLog?
    /// In the foreground at a terminal: the pseudo-terminal that becomes
    /// the child's controlling terminal and standard input (and output,
    /// unless a tee takes it).
    var terminal: ContainerTerminal?
    /// `--user UID[:GID]`.
    var user: (uid: UInt32, gid: UInt32)?
    /// With `rootfs use --overlay`: the layer the child mounts over the
    /// spec's root, in its own mount namespace, and then enters.
    var overlay: OverlayLayer?
    /// The container's root as the host sees it, for messages about a
    /// program that exists but cannot start (exec into a running container).
    var rootForMessages: String?
    /// Where the launch reports its kernel steps.
    var steps: KernelStepLog?
    /// `net veth`: the pair to create once the child exists in its new net
    /// namespace, before it is let go (the launch's owner removes it).
    var veth: VethAttachment?
}

/// A namespace to enter, and where its file is.
struct NamespaceJoin {
    var kind: NamespaceKind
    /// `/proc/PID/ns/TYPE`, or a path the user gave.
    var path: String

    /// The order `setns` needs: the user namespace first (it grants the
    /// rights to enter the rest), the mount namespace last but for time.
    static let order: [NamespaceKind] = [.user, .ipc, .uts, .net, .pid, .cgroup, .mnt, .time]

    /// Every namespace of a running process, in setns order.
    static func all(of pid: pid_t, kinds: [NamespaceKind] = order) -> [NamespaceJoin] {
        kinds.map { NamespaceJoin(kind: $0, path: "/proc/\(pid)/ns/\($0.procName)") }
    }
}
