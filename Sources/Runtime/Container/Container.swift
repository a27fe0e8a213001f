import CtrKernel

/// A named container of a session: the spec being composed and, once it
/// ran, how it is doing.
public final class Container {
    /// Where a container is in its life.
    public enum State: Equatable, Sendable, CustomStringConvertible {
        /// Being composed; nothing exists in the kernel yet.
        case composing
        /// Its first process runs.
        case running
        /// Every process in it is frozen.
        case paused
        /// Its first process ended; the spec can be changed and run again.
        case exited(ExitStatus)

        /// `composing`, `running`, `exited 0`, as the prompt and `container ls` show it.
        public var description: String {
            switch self {
            case .composing: "composing"
            case .running: "running"
            case .paused: "paused"
            case .exited(let status): "exited \(status.code)"
            }
        }
    }

    /// The name users call it by (`default`, `web`).
    public let name: String
    /// What it is made of.
    public var spec: ContainerSpec
    /// Where it is in its life.
    public var state: State {
        if let live { return live.isFrozen ? .paused : .running }
        return lastExit.map(State.exited) ?? .composing
    }
    /// Its kernel side while its first process runs.
    public internal(set) var live: LiveContainer?
    /// How its first process ended last time it ran.
    public internal(set) var lastExit: ExitStatus?

    /// A new, empty container called `name`.
    public init(name: String, spec: ContainerSpec = ContainerSpec()) {
        self.name = name
        self.spec = spec
    }
}
