import CtrRuntime

/// The kind of value a command's argument takes, as help, TAB completion
/// and the reference read it (`ValueKind` adds its conversion).
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

    /// True for a container of this session (`.containerName`, `.container`).
    public var namesContainer: Bool {
        switch self {
        case .container, .containerName: true
        default: false
        }
    }

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

/// One positional argument of a command as help, completion and the
/// parser read it; declared by an `Operand`, which also reads its value.
public struct Parameter: Sendable {
    /// The placeholder shown in usage lines: `LIST`, `VALUE`, `CMD`.
    public let name: String
    public let kind: ParameterKind
    /// May be left out.
    public let optional: Bool
    /// Takes every remaining word (a program and its arguments, a list).
    public let repeating: Bool
    /// The kind's conversion of one word, run once by the parser.
    let convert: @Sendable (String, ValueSite) throws(CommandError) -> any Sendable

    init<Value>(_ name: String, _ kind: ValueKind<Value>, optional: Bool = false, repeating: Bool = false) {
        self.name = name
        self.kind = kind.kind
        self.optional = optional
        self.repeating = repeating
        convert = { word, site throws(CommandError) in try kind.convert(word, site) }
    }

    /// `LIST`, `[VALUE]`, `CMD [ARG…]`-style text for usage lines.
    var usage: String {
        let core = repeating ? "\(name)…" : name
        return optional ? "[\(core)]" : core
    }
}

/// A `--flag` or `-f` of a command, with or without a value, as help,
/// completion and the parser read it; declared by an `Option` or a `Switch`.
public struct Flag: Sendable {
    /// The long name with its dashes: `--timeout`.
    public let name: String
    /// An optional short spelling: `-d`.
    public let short: String?
    /// The kind of the value it takes; nil for a plain switch.
    public let value: ParameterKind?
    /// How usage lines name its value: `VALUE`, `NAME=VALUE`, `USER[:GROUP]`.
    public let valueName: String
    public let summary: String
    /// The value kind's conversion, run once by the parser; nil for a switch.
    let convert: (@Sendable (String, ValueSite) throws(CommandError) -> any Sendable)?

    init(_ name: String, short: String?, summary: String) {
        self.name = name
        self.short = short
        value = nil
        valueName = ""
        self.summary = summary
        convert = nil
    }

    init<Value>(_ name: String, short: String?, value kind: ValueKind<Value>, valueName: String, summary: String) {
        self.name = name
        self.short = short
        value = kind.kind
        self.valueName = valueName
        self.summary = summary
        convert = { word, site throws(CommandError) in try kind.convert(word, site) }
    }

    /// True when `word` is this flag, long or short.
    func isSpelled(_ word: String) -> Bool { word == name || word == short }
}
