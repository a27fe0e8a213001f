/// One line of a device allow-list, as the v1 devices controller writes it
/// (`c 1:3 rwm`, `b *:* m`, `a`): which nodes it covers, what it lets a
/// process do with them, and whether it allows or denies that.
public struct DeviceRule: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The kind of node a rule covers.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Character devices (`c`).
        case char = "c"
        /// Block devices (`b`).
        case block = "b"
        /// Both (`a`).
        case all = "a"
    }

    /// What a process may do with a node: `r` open for reading, `w` open
    /// for writing, `m` create it with mknod.
    public struct Access: OptionSet, Codable, Equatable, Sendable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// mknod(2) of the node (the kernel's `BPF_DEVCG_ACC_MKNOD`).
        public static let mknod = Access(rawValue: 1)
        /// open(2) for reading (`BPF_DEVCG_ACC_READ`).
        public static let read = Access(rawValue: 2)
        /// open(2) for writing (`BPF_DEVCG_ACC_WRITE`).
        public static let write = Access(rawValue: 4)
        /// `rwm`.
        public static let all: Access = [.read, .write, .mknod]

        /// `rwm`, `m`, `rw`: the letters in that order.
        public var description: String {
            (contains(.read) ? "r" : "") + (contains(.write) ? "w" : "") + (contains(.mknod) ? "m" : "")
        }

        /// Parses letters from `rwm` (each at most once, at least one).
        public init?(letters: String) {
            var access: Access = []
            for letter in letters {
                let bit: Access
                switch letter {
                case "r": bit = .read
                case "w": bit = .write
                case "m": bit = .mknod
                default: return nil
                }
                if access.contains(bit) { return nil }
                access.insert(bit)
            }
            if access.isEmpty { return nil }
            self = access
        }

        /// Encoded as its letters (`"rwm"`), as OCI's `access` is.
        public init(from decoder: any Decoder) throws {
            let letters = try decoder.singleValueContainer().decode(String.self)
            guard let access = Access(letters: letters) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not device access letters: \(letters)"))
            }
            self = access
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public var kind: Kind
    /// The major number; nil is every major (`*`).
    public var major: UInt32?
    /// The minor number; nil is every minor (`*`).
    public var minor: UInt32?
    public var access: Access
    /// True allows `access`, false denies it.
    public var allow: Bool

    public init(_ kind: Kind, major: UInt32?, minor: UInt32?, _ access: Access, allow: Bool = true) {
        self.kind = kind
        self.major = major
        self.minor = minor
        self.access = access
        self.allow = allow
    }

    /// The rule as `devices.allow` and `devices.deny` take it: `c 1:3 rwm`,
    /// `c 136:* rwm`; a rule for every node is `a *:* rwm`.
    public var description: String {
        "\(kind.rawValue) \(major.map(String.init) ?? "*"):\(minor.map(String.init) ?? "*") \(access)"
    }

    /// Parses `c 1:3 rwm`, `b *:* m`, `a` (every node, `rwm`). The kernel's
    /// numbers fit in 32 bits (12-bit majors, 20-bit minors today).
    public init?(_ text: String, allow: Bool = true) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first, let kind = Kind(rawValue: String(first)) else { return nil }
        if words.count == 1 {
            guard kind == .all else { return nil }
            self.init(.all, major: nil, minor: nil, .all, allow: allow)
            return
        }
        guard words.count == 3 else { return nil }
        let numbers = words[1].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2, let access = Access(letters: String(words[2])) else { return nil }
        func number(_ word: Substring) -> UInt32?? {
            word == "*" ? .some(nil) : UInt32(word).map { .some($0) }
        }
        guard let major = number(numbers[0]), let minor = number(numbers[1]) else { return nil }
        self.init(kind, major: major, minor: minor, access, allow: allow)
    }
}
