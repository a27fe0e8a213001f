/// A system call as strace names it, and what it acted on: `mkdir` and a
/// cgroup's path, `open` and a file, `setns` and a namespace. A fact, the
/// same in every language.
public struct SystemCall: Equatable, Sendable, CustomStringConvertible {
    /// The call's name in the kernel's API: `open`, `mount`, `clone3`.
    public var name: String
    /// The path, interface or process it acted on, if any.
    public var object: String?
    /// For a `write`: the text written to `object`.
    public var written: String?
    /// For an `open`: it opened `object` for writing.
    public var forWriting: Bool

    public init(_ name: String, _ object: String? = nil) {
        self.name = name
        self.object = object
        self.written = nil
        self.forWriting = false
    }

    /// `open` of `path` for writing.
    public static func openForWriting(_ path: String) -> SystemCall {
        var call = SystemCall("open", path)
        call.forWriting = true
        return call
    }

    /// `write` of `text` to `path`.
    public static func write(_ text: String, to path: String) -> SystemCall {
        var call = SystemCall("write", path)
        call.written = text
        return call
    }

    /// `open `/etc/passwd``: the call and its object as error lines show
    /// them (in English; Commands words them in the session's language).
    public var description: String {
        guard let object else { return name }
        if let written { return "\(name) `\(written)` to `\(object)`" }
        return forWriting ? "\(name) `\(object)` for writing" : "\(name) `\(object)`"
    }
}
