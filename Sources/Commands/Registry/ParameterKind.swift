import CtrRuntime

/// The kind of value a command's argument takes. One declaration drives
/// validation (`Arguments`), `help` and TAB completion.
public enum ParameterKind: Sendable, Equatable {
    /// One of a fixed set of words.
    case choice([String])
    /// A comma list of namespace types, or `all`.
    case namespaceList
    /// One namespace type.
    case namespace
    /// A comma list of capability names, or `all`.
    case capabilityList
    /// A cgroup controller (`memory`, `cpu`, …) or a raw interface file.
    case controller
    /// A controller or raw file with a limit set on the current container
    /// (`cgroup unset`): TAB offers only those.
    case limitSet
    /// A size: `64M`, `1.5G`, `512K`, `max`.
    case size
    /// A duration: `500ms`, `2s`, `1m`.
    case duration
    /// A signal name or number: `TERM`, `SIGKILL`, `9`.
    case signal
    /// A path on the host.
    case path
    /// A directory on the host.
    case directory
    /// A container of this session.
    case containerName
    /// A container of this session in a state where the command applies:
    /// TAB offers only those.
    case container(ContainerFilter)
    /// The name (or alias) of a command, as `help` takes it.
    case command
    /// A program and its arguments, run inside the container.
    case program
    /// `NAME=VALUE`.
    case assignment
    /// A whole number.
    case integer
    /// Any word.
    case text

    /// The words TAB may offer for this kind, where they are fixed.
    public var fixedWords: [String] {
        switch self {
        case .choice(let words): words
        case .namespaceList, .namespace: NamespaceKind.words
        case .controller: CgroupLimitTable.words
        case .signal: SignalNames.all.map(\.name)
        default: []
        }
    }
}

/// Which of the session's containers a command applies to, for TAB.
public enum ContainerFilter: Sendable, Equatable {
    /// Running and not paused (`exec`, `pause`).
    case running
    /// Running or paused (`stop`, `ps`, `logs`).
    case live
    /// Paused (`resume`).
    case paused
    /// Running, and not the current container (`ns join`).
    case otherLive
    /// Running, or exited with a status to tell (`wait`).
    case started
}

/// One positional argument of a command.
public struct Parameter: Sendable, Equatable {
    /// The placeholder shown in usage lines: `LIST`, `VALUE`, `CMD`.
    public var name: String
    public var kind: ParameterKind
    /// May be left out.
    public var optional: Bool
    /// Takes every remaining word (a program and its arguments, a list).
    public var repeating: Bool

    public init(_ name: String, _ kind: ParameterKind, optional: Bool = false, repeating: Bool = false) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.repeating = repeating
    }

    /// `LIST`, `[VALUE]`, `CMD [ARG…]`-style text for usage lines.
    var usage: String {
        let core = repeating ? "\(name)…" : name
        return optional ? "[\(core)]" : core
    }
}

/// A `--flag` or `-f` of a command, with or without a value.
public struct Flag: Sendable, Equatable {
    /// The long name with its dashes: `--timeout`.
    public var name: String
    /// An optional short spelling: `-d`.
    public var short: String?
    /// The kind of the value it takes; nil for a plain switch.
    public var value: ParameterKind?
    /// How usage lines name its value: `VALUE`, `NAME=VALUE`, `USER[:GROUP]`.
    public var valueName: String
    public var summary: String

    public init(_ name: String, short: String? = nil, value: ParameterKind? = nil, valueName: String = "VALUE", summary: String) {
        self.name = name
        self.short = short
        self.value = value
        self.valueName = valueName
        self.summary = summary
    }
}
