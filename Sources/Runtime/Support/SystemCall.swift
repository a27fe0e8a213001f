/// A system call as strace names it, and what it acted on: `mkdir` and a
/// cgroup's path, `open` and a file, `setns` and a namespace. A fact, the
/// same in every language.
public struct SystemCall: Equatable, Sendable, CustomStringConvertible {
    /// The call's name in the kernel's API: `open`, `mount`, `clone3`.
    public var name: String
    /// The path, interface or process it acted on, if any.
    public var object: String?

    public init(_ name: String, _ object: String? = nil) {
        self.name = name
        self.object = object
    }

    /// `open `/etc/passwd``: the call and its object as error lines show them.
    public var description: String { object.map { "\(name) `\($0)`" } ?? name }
}
