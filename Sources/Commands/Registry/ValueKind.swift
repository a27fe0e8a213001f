import CtrRuntime

/// The kind of value a parameter or flag takes, typed: what help and TAB
/// read (`kind`) and the conversion the parser runs once, when the command
/// line is parsed, from the word as typed to the value the command uses.
public struct ValueKind<Value: Sendable>: Sendable {
    /// The kind as help, completion and the reference read it.
    public let kind: ParameterKind
    let convert: @Sendable (String, ValueSite) throws(CommandError) -> Value

    /// A kind of its own: what help and TAB read (`.text`, `.path`, …),
    /// and how a word becomes its value, or an error at the word
    /// (`site.error(…)`). The parser runs it once per word.
    public init(_ kind: ParameterKind, convert: @escaping @Sendable (String, ValueSite) throws(CommandError) -> Value) {
        self.kind = kind
        self.convert = convert
    }
}

/// Where a word being converted stands: the command as messages name it
/// (`stop --timeout`) and the word's index on the line, for the position.
public struct ValueSite: Sendable {
    /// `ns new`, `stop --timeout`: how an error names the command.
    public let command: String
    /// The word's index on the command line (0 is the command's name).
    public let wordIndex: Int?

    /// An error located at the word.
    public func error(_ phrase: Phrase) -> CommandError { CommandError(phrase, wordIndex: wordIndex) }
}

extension ValueKind where Value == String {
    /// Any word.
    public static var text: ValueKind<String> { ValueKind(.text) { word, _ in word } }
    /// A path on the host.
    public static var path: ValueKind<String> { ValueKind(.path) { word, _ in word } }
    /// A directory on the host.
    public static var directory: ValueKind<String> { ValueKind(.directory) { word, _ in word } }
    /// A container of this session.
    public static var containerName: ValueKind<String> { ValueKind(.containerName) { word, _ in word } }
    /// A container of this session where the command applies (TAB offers only those).
    public static func container(_ filter: ContainerFilter) -> ValueKind<String> { ValueKind(.container(filter)) { word, _ in word } }
    /// The name (or alias) of a command.
    public static var command: ValueKind<String> { ValueKind(.command) { word, _ in word } }
    /// A word of a program's command line.
    public static var program: ValueKind<String> { ValueKind(.program) { word, _ in word } }
    /// A cgroup controller or raw interface file.
    public static var controller: ValueKind<String> { ValueKind(.controller) { word, _ in word } }
    /// A controller or raw file with a limit set on the current container.
    public static var limitSet: ValueKind<String> { ValueKind(.limitSet) { word, _ in word } }

    /// One of a fixed set of words.
    public static func choice(_ words: [String]) -> ValueKind<String> {
        ValueKind(.choice(words)) { word, site throws(CommandError) in
            guard words.contains(word) else {
                let hint = Suggestion.hint(for: word, among: words)
                throw site.error("\(site.command): `\(word)` is not one of \(words.joined(separator: ", "))\(hint)")
            }
            return word
        }
    }
}

extension ValueKind where Value == [NamespaceKind] {
    /// A comma list of namespace types, or `all`.
    public static var namespaceList: ValueKind<[NamespaceKind]> {
        ValueKind(.namespaceList) { word, site throws(CommandError) in
            try ValueConversion.namespaces(word, for: site.command, at: site.wordIndex)
        }
    }
}

extension ValueKind where Value == NamespaceKind {
    /// One namespace type.
    public static var namespace: ValueKind<NamespaceKind> {
        ValueKind(.namespace) { word, site throws(CommandError) in
            try ValueConversion.namespace(word, for: site.command, at: site.wordIndex)
        }
    }
}

extension ValueKind where Value == [String] {
    /// A comma list of capability names, or `all` for every one; each
    /// name in the kernel's spelling (`net_admin`).
    public static var capabilityList: ValueKind<[String]> {
        ValueKind(.capabilityList) { word, site throws(CommandError) in
            try ValueConversion.capabilities(word, at: site.wordIndex)
        }
    }
}

extension ValueKind where Value == ByteLimit {
    /// A size: `64M`, `1.5G`, `512K`, `max`.
    public static var size: ValueKind<ByteLimit> {
        ValueKind(.size) { word, site throws(CommandError) in try ValueConversion.size(word, for: site.command, at: site.wordIndex) }
    }
}

extension ValueKind where Value == Duration {
    /// A duration: `500ms`, `2s`, `1m`.
    public static var duration: ValueKind<Duration> {
        ValueKind(.duration) { word, site throws(CommandError) in try ValueConversion.duration(word, for: site.command, at: site.wordIndex) }
    }
}

extension ValueKind where Value == Int32 {
    /// A signal by name or number (`TERM`, `SIGKILL`, `9`), as its number.
    public static var signal: ValueKind<Int32> {
        ValueKind(.signal) { word, site throws(CommandError) in try ValueConversion.signal(word, for: site.command, at: site.wordIndex) }
    }
}

extension ValueKind where Value == Int {
    /// A whole number.
    public static var integer: ValueKind<Int> {
        ValueKind(.integer) { word, site throws(CommandError) in try ValueConversion.integer(word, for: site.command, at: site.wordIndex) }
    }
}

extension ValueKind where Value == Assignment {
    /// `NAME=VALUE`.
    public static var assignment: ValueKind<Assignment> {
        ValueKind(.assignment) { word, site throws(CommandError) in
            try ValueConversion.assignment(word, for: site.command, at: site.wordIndex)
        }
    }
}

/// A `NAME=VALUE` word, split at its first `=`.
public struct Assignment: Sendable, Equatable {
    public var name: String
    public var value: String
}
