/// Whether a container's processes run under a seccomp filter: ctrsh's
/// default deny-list (`seccomp default`, the default) or none (`seccomp off`).
public enum SeccompMode: String, Codable, CaseIterable, Sendable {
    case off
    case `default`
}

/// A seccomp profile as ctrsh applies it, in the shape of an OCI
/// `linux.seccomp` section: every system call is allowed but the ones in
/// `rules`, each of which fails with its errno; a call made through another
/// ABI than the native one (i386's `int 0x80`, x32) kills the process,
/// since the rules name the native calls only. A plain value, easy to
/// serialise: the names and actions, no numbers.
public struct SeccompProfile: Codable, Equatable, Sendable {
    /// One refused call.
    public struct Rule: Codable, Equatable, Sendable {
        /// The system call's name (`keyctl`).
        public var name: String
        /// The errno it fails with (SECCOMP_RET_ERRNO): EPERM, or ENOSYS.
        public var errno: Int32
        /// Refused only when its first argument has any of these bits set
        /// (`clone` with a `CLONE_NEW*` flag); nil: always. In OCI terms,
        /// one `SCMP_CMP_MASKED_EQ` condition per bit (value = mask = bit).
        public var firstArgumentFlags: UInt64?
        /// Refused only when an argument is one of some values (`ioctl`
        /// with TIOCSTI); nil: no such condition. In OCI terms, one
        /// `SCMP_CMP_MASKED_EQ` rule per value (mask 0xFFFFFFFF).
        public var argumentValues: SeccompArgumentValues?

        public init(name: String, errno: Int32, firstArgumentFlags: UInt64? = nil, argumentValues: SeccompArgumentValues? = nil) {
            self.name = name
            self.errno = errno
            self.firstArgumentFlags = firstArgumentFlags
            self.argumentValues = argumentValues
        }
    }

    /// The refused calls, in the order of `SeccompSyscall.deniedByDefault`.
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The default deny-list for a container that keeps `capabilities`:
    /// a call that one of them allows (as in Docker's profile) is left out.
    public static func standard(keeping capabilities: [String]) -> SeccompProfile {
        SeccompProfile(rules: refused(keeping: capabilities).map {
            Rule(name: $0.name, errno: $0.errno, firstArgumentFlags: $0.firstArgumentFlags, argumentValues: $0.argumentValues)
        })
    }

    /// The table entries the default profile refuses to a container that
    /// keeps `capabilities`.
    public static func refused(keeping capabilities: [String]) -> [SeccompSyscall] {
        SeccompSyscall.deniedByDefault.filter { call in !call.allowedWith.contains { capabilities.contains($0) } }
    }

    /// The profile `mode` asks for, or nil for none.
    public static func forMode(_ mode: SeccompMode, keeping capabilities: [String]) -> SeccompProfile? {
        mode == .off ? nil : standard(keeping: capabilities)
    }
}
