import Glibc

/// One launch: what to run, from which spec, and how the child should end
/// its setup. The spec's namespaces are created new; `joins` are entered.
package struct LaunchRequest {
    /// What the child becomes after its setup.
    package enum Ending {
        /// `execve` the program.
        case program
        /// ctrsh-init: hold the namespaces, reap orphans (`start`).
        case initProcess
        /// Exit: the setup itself was the point (a live hostname change).
        case exit
    }

    package var spec: ContainerSpec
    package var argv: [String] = []
    package var ending: Ending = .program
    /// The cgroup to start in.
    package var cgroup: (any CgroupGroup)?
    /// Copy the output through ctrsh (for `expect output`).
    package var tee: OutputTee?
    /// Namespaces to enter, in the order setns wants them.
    package var joins: [NamespaceJoin] = []
    /// Detached: standard input from /dev/null, output into this log, in a
    /// session of its own (off ctrsh's terminal).
    package var log: ContainerLog?
    /// In the foreground at a terminal: the pseudo-terminal that becomes
    /// the child's controlling terminal and standard input (and output,
    /// unless a tee takes it).
    package var terminal: ContainerTerminal?
    /// `--user UID[:GID]`.
    package var user: (uid: UInt32, gid: UInt32)?
    /// With `rootfs use --overlay`: the layer the child mounts over the
    /// spec's root, in its own mount namespace, and then enters.
    package var overlay: OverlayLayer?
    /// The container's root as the host sees it, for messages about a
    /// program that exists but cannot start (exec into a running container).
    package var rootForMessages: String?
    /// Where the launch reports its kernel steps.
    package var steps: KernelStepLog?
    /// `net veth`: the pair to create once the child exists in its new net
    /// namespace, before it is let go (the launch's owner removes it).
    package var veth: VethAttachment?

    /// A launch of `spec`; each part as its property says.
    package init(
        spec: ContainerSpec, argv: [String] = [], ending: Ending = .program, cgroup: (any CgroupGroup)? = nil,
        tee: OutputTee? = nil, joins: [NamespaceJoin] = [], log: ContainerLog? = nil, terminal: ContainerTerminal? = nil,
        user: (uid: UInt32, gid: UInt32)? = nil, overlay: OverlayLayer? = nil, rootForMessages: String? = nil,
        steps: KernelStepLog? = nil, veth: VethAttachment? = nil
    ) {
        self.spec = spec
        self.argv = argv
        self.ending = ending
        self.cgroup = cgroup
        self.tee = tee
        self.joins = joins
        self.log = log
        self.terminal = terminal
        self.user = user
        self.overlay = overlay
        self.rootForMessages = rootForMessages
        self.steps = steps
        self.veth = veth
    }
}

/// A namespace to enter, and where its file is.
package struct NamespaceJoin {
    package var kind: NamespaceKind
    /// `/proc/PID/ns/TYPE`, or a path the user gave.
    package var path: String

    package init(kind: NamespaceKind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// The order `setns` needs: the user namespace first (it grants the
    /// rights to enter the rest), the mount namespace last but for time.
    package static let order: [NamespaceKind] = [.user, .ipc, .uts, .net, .pid, .cgroup, .mnt, .time]

    /// Every namespace of a running process, in setns order.
    package static func all(of pid: pid_t, kinds: [NamespaceKind] = order) -> [NamespaceJoin] {
        kinds.map { NamespaceJoin(kind: $0, path: "/proc/\(pid)/ns/\($0.procName)") }
    }
}
