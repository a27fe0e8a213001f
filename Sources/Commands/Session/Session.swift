import CtrRuntime
import Glibc

/// The state one ctrsh session shares between its commands: its containers
/// and which one is current, session variables, the last exit status, the
/// runtime, and where output goes. Commands read and change it; the shell
/// owns its lifetime.
public final class Session {
    /// Every command this session knows.
    public let registry: CommandRegistry
    /// The container runtime that launches and cleans up.
    public let runtime: ContainerRuntime
    /// Where commands print.
    public let output: Output
    /// Containers in the order they were created.
    public private(set) var containers: [Container] = [Container(name: "default")]
    /// The container composing commands act on.
    public private(set) var current: Container
    /// Variables set with `let`.
    public var variables: [String: String] = [:]
    /// `$?`: the status of the last container process, or non-zero after a
    /// failed command.
    public var lastStatus: Int32 = 0
    /// What the last command (other than `expect`) printed, for `expect output`.
    public var lastOutput = ""
    /// The message of the last command that failed, for `expect error`.
    public var lastError: String?
    /// Set by the script runner when the next command is `expect output`:
    /// container output then goes through ctrsh (pipes, even at a
    /// terminal), standard output and error apart. Otherwise a container at
    /// a terminal keeps its own, and ctrsh keeps a copy of what it shows:
    /// `expect output` sees the last program's output either way, whether
    /// the script is a file, standard input, `-c` text or the prompt.
    public var captureProcessOutput = false
    /// How many programs ran in the foreground (`exec`, `run`), for `record --expect`.
    public var programRuns = 0
    /// How many `run` containers this session made, to name each one.
    public var runCount = 0
    /// Set by `quit`/`exit` (or a termination signal): the status to leave with.
    public var exitRequest: Int32?
    /// Whether this session said once that it added a user namespace
    /// because ctrsh runs without root.
    private var announcedRootlessUserNamespace = false

    /// The language the session speaks (`--lang`, else the environment's).
    public var language: Language {
        get { output.language }
        set { output.language = newValue }
    }

    /// A session with the built-in commands over `runtime`.
    public init(runtime: ContainerRuntime, output: Output = Output(), registry: CommandRegistry = BuiltinCommands.registry()) {
        self.runtime = runtime
        self.output = output
        self.registry = registry
        self.current = containers[0]
    }

    /// The container called `name`, if there is one.
    public func container(named name: String) -> Container? {
        containers.first { $0.name == name }
    }

    /// The container called `name`, or an error for `command` listing the names.
    public func existing(_ name: String, for command: String) throws(CommandError) -> Container {
        guard let container = container(named: name) else {
            throw CommandError("\(command): no container `\(name)` (containers: \(containers.map(\.name).joined(separator: ", ")))")
        }
        return container
    }

    /// Adds a container called `name` and makes it current.
    public func addContainer(named name: String) throws(CommandError) {
        guard container(named: name) == nil else {
            throw CommandError("container new: `\(name)` exists already (`container use \(name)` to switch to it)")
        }
        let container = Container(name: name)
        containers.append(container)
        current = container
    }

    /// Makes `name` the current container.
    public func use(_ name: String) throws(CommandError) {
        current = try existing(name, for: "container use")
    }

    /// Changes the current container's spec. Refused while it runs: its
    /// kernel objects exist and cannot be recomposed. Without root, new
    /// namespaces come with a user namespace (said once per session), and
    /// taking it out while others stay is refused.
    public func compose(_ what: String, _ change: (inout ContainerSpec) throws(CommandError) -> Void) throws(CommandError) {
        if current.live != nil {
            throw CommandError(
                "\(what): `\(current.name)` is running, and this cannot change while it runs: `stop` it first, or compose a new container (`container new NAME`)")
        }
        var spec = current.spec
        try change(&spec)
        if RootlessNamespaces.needsUserNamespace(spec) {
            let others = spec.namespaces.sorted().map(\.rawValue).joined(separator: ",")
            if current.spec.namespaces.contains(.user) {
                throw CommandError(
                    "\(what): without root, the kernel lets ctrsh create new namespaces (\(others)) only inside a user namespace: take them out too (`ns rm \(others)`), or run ctrsh as root")
            }
            spec.namespaces.insert(.user)
            if !announcedRootlessUserNamespace {
                announcedRootlessUserNamespace = true
                output.line(
                    "ns: added the user namespace: ctrsh runs as uid \(geteuid()), not root, and the kernel lets it create new namespaces (\(others)) only inside one (you are root there: `help user`)")
            }
        }
        current.spec = spec
    }

    /// Points the current container's joins whose target is another
    /// container of this session at that container's PID 1 as it is now:
    /// it may have restarted since `ns join`, and its old PID may belong to
    /// any process by now. Call before launching from the spec.
    public func resolveJoins(for command: String, of launched: Container? = nil) throws(CommandError) {
        let launched = launched ?? current
        for index in launched.spec.joins.indices {
            let join = launched.spec.joins[index]
            guard let target = container(named: join.target), target !== launched else { continue }
            guard let live = target.live else {
                throw CommandError(
                    "\(command): `\(launched.name)` shares the \(join.kind) namespace of `\(target.name)`, which is not running: start it first, or `ns new \(join.kind)`")
            }
            launched.spec.joins[index].path = "/proc/\(live.first.pid)/ns/\(join.kind.procName)"
        }
    }

    /// Changes the current container's cgroup limits: in the spec, and at
    /// once in the kernel when it runs.
    public func updateLimits(_ change: (inout CgroupLimits) -> Void) throws {
        var limits = current.spec.cgroup
        change(&limits)
        if current.live != nil { try runtime.applyLimits(limits, to: current) }
        current.spec.cgroup = limits
    }

    /// Notices containers whose PID 1 exited since the last command.
    public func refresh() {
        for container in containers {
            if let status = runtime.refresh(container), status != .exited(0) {
                output.errorLine("\(container.name): PID 1 \(status)")
            }
        }
    }

    /// Removes a container: stopped if it runs, its cgroup, state and
    /// overlay layer gone.
    public func remove(_ name: String) throws(CommandError) {
        let container = try existing(name, for: "container rm")
        if let live = container.live {
            output.line("container rm: `\(name)` is \(container.state): stopping its \(Self.processes(live)) first")
        }
        if let problem = runtime.remove(container) { output.errorLine("warning: \(problem)") }
        if let problem = runtime.discardOverlay(of: container.name) { output.errorLine("warning: rootfs: could not remove the overlay layer: \(problem)") }
        containers.removeAll { $0 === container }
        if containers.isEmpty {
            containers = [Container(name: "default")]
            output.line("container rm: `\(name)` was the last container; a new, empty `default` takes its place")
        }
        if current === container { current = containers[0] }
    }

    /// Says which containers ending the session will stop (`quit`, Ctrl-D).
    public func announceStops(for command: String) {
        for container in containers {
            guard let live = container.live else { continue }
            output.line("\(command): stopping `\(container.name)` (\(container.state)): \(Self.processes(live))")
        }
    }

    /// `PID 1 (host PID 4242) and 2 more processes`.
    private static func processes(_ live: LiveContainer) -> String {
        let others = live.processes().count - 1
        let more = others > 0 ? " and \(others) more process\(others == 1 ? "" : "es")" : ""
        return "PID 1 (host PID \(live.first.pid))\(more)"
    }

    /// Ends the session: stops every container it started and removes the
    /// session's cgroup directories, overlay layers and state.
    public func close() {
        for container in containers {
            if let problem = runtime.remove(container) { output.errorLine("warning: \(problem)") }
            if let problem = runtime.discardOverlay(of: container.name) { output.errorLine("warning: rootfs: could not remove the overlay layer: \(problem)") }
        }
        runtime.close()
    }
}
