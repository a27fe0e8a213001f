/// One path a container added, changed or deleted in its overlay layer,
/// as `rootfs diff` lists it (`A /etc/motd`).
public struct RootfsChange: Equatable, Sendable, CustomStringConvertible {
    /// What happened to the path, with the letter `docker diff` uses.
    public enum Kind: String, Sendable {
        case added = "A"
        case changed = "C"
        case deleted = "D"
    }

    public var kind: Kind
    /// The absolute path inside the container.
    public var path: String

    public init(_ kind: Kind, _ path: String) {
        self.kind = kind
        self.path = path
    }

    /// `A /etc/motd`.
    public var description: String { "\(kind.rawValue) \(path)" }
}
