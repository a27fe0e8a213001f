import CtrKernel

/// ctrsh's seccomp filter as runtime-spec's `linux.seccomp`: every call
/// allowed (`SCMP_ACT_ALLOW`) but the deny-list, each failing with its
/// errno (`SCMP_ACT_ERRNO` with `errnoRet`), for the native architecture
/// only, so that runc's and crun's libseccomp kill a call made through
/// another ABI (i386, x32) as ctrsh's own filter does. `clone` is refused
/// only with a `CLONE_NEW*` flag: one rule per flag, each a
/// `SCMP_CMP_MASKED_EQ` on the first argument (conditions within one rule
/// must all hold; separate rules are alternatives). `ioctl` is refused
/// only for TIOCSTI and TIOCLINUX, `socket` only for AF_VSOCK: one rule per
/// value, a `SCMP_CMP_MASKED_EQ` of the argument's low 32 bits (mask
/// 0xFFFFFFFF), as bubblewrap compares them.
extension RuntimeBundleConfig {
    /// The `linux.seccomp` section.
    public struct Seccomp: Codable, Equatable, Sendable {
        public var defaultAction: String
        public var architectures: [String]?
        public var syscalls: [SeccompRule]?
        public init(defaultAction: String) { self.defaultAction = defaultAction }
    }

    /// Calls that get `action` (when `args` hold).
    public struct SeccompRule: Codable, Equatable, Sendable {
        public var names: [String]
        public var action: String
        public var errnoRet: JSONWholeNumber<UInt32>?
        public var args: [SeccompArgument]?
        public init(names: [String], action: String, errnoRet: UInt32?, args: [SeccompArgument]? = nil) {
            self.names = names
            self.action = action
            self.errnoRet = errnoRet.map(JSONWholeNumber.init)
            self.args = args
        }
    }

    /// A condition on one argument: `(argument & value) == valueTwo` for `SCMP_CMP_MASKED_EQ`.
    public struct SeccompArgument: Codable, Equatable, Sendable {
        public var index: JSONWholeNumber<UInt32>
        public var value: JSONWholeNumber<UInt64>
        public var valueTwo: JSONWholeNumber<UInt64>?
        public var op: String
        public init(index: UInt32, value: UInt64, valueTwo: UInt64, op: String) {
            self.index = JSONWholeNumber(index)
            self.value = JSONWholeNumber(value)
            self.valueTwo = JSONWholeNumber(valueTwo)
            self.op = op
        }
    }
}

/// Converts between ctrsh's seccomp mode and `linux.seccomp`.
enum RuntimeBundleSeccomp {
    /// libseccomp's name for each architecture ctrsh builds filters for.
    static func ociName(of architecture: SeccompArchitecture) -> String {
        switch architecture {
        case .x86_64: "SCMP_ARCH_X86_64"
        case .aarch64: "SCMP_ARCH_AARCH64"
        }
    }

    /// The section for a container of `spec` on this machine's
    /// architecture; nil with `seccomp off`, or where ctrsh has no filter.
    static func section(for spec: ContainerSpec) -> RuntimeBundleConfig.Seccomp? {
        guard let architecture = SeccompArchitecture.native,
              let profile = SeccompProfile.forMode(spec.seccomp, keeping: spec.capabilities) else { return nil }
        var plain: [(errno: UInt32, names: [String])] = []
        var conditional: [RuntimeBundleConfig.SeccompRule] = []
        for rule in nativeRules(of: profile, on: architecture) {
            let errno = UInt32(rule.errno)
            if let condition = rule.argumentValues {
                for value in condition.values {
                    let argument = RuntimeBundleConfig.SeccompArgument(
                        index: UInt32(condition.index), value: 0xFFFF_FFFF, valueTwo: UInt64(value), op: "SCMP_CMP_MASKED_EQ")
                    conditional.append(.init(names: [rule.name], action: "SCMP_ACT_ERRNO", errnoRet: errno, args: [argument]))
                }
                continue
            }
            guard let flags = rule.firstArgumentFlags else {
                if let index = plain.firstIndex(where: { $0.errno == errno }) {
                    plain[index].names.append(rule.name)
                } else {
                    plain.append((errno, [rule.name]))
                }
                continue
            }
            for bit in (0..<64).map({ UInt64(1) << $0 }) where flags & bit != 0 {
                let condition = RuntimeBundleConfig.SeccompArgument(index: 0, value: bit, valueTwo: bit, op: "SCMP_CMP_MASKED_EQ")
                conditional.append(.init(names: [rule.name], action: "SCMP_ACT_ERRNO", errnoRet: errno, args: [condition]))
            }
        }
        let rules = plain.map { RuntimeBundleConfig.SeccompRule(names: $0.names, action: "SCMP_ACT_ERRNO", errnoRet: $0.errno) } + conditional
        var section = RuntimeBundleConfig.Seccomp(defaultAction: "SCMP_ACT_ALLOW")
        section.architectures = [ociName(of: architecture)]
        section.syscalls = rules
        return section
    }

    /// The profile's rules for the calls `architecture` has (a call it
    /// lacks, such as iopl on aarch64, is one libseccomp could not name).
    private static func nativeRules(of profile: SeccompProfile, on architecture: SeccompArchitecture) -> [SeccompProfile.Rule] {
        profile.rules.filter { rule in
            SeccompSyscall.deniedByDefault.first { $0.name == rule.name }.flatMap(architecture.number(of:)) != nil
        }
    }

    /// The mode a config's section reads as: none is `seccomp off`; ctrsh's
    /// own profile for these capabilities is `seccomp default`; any other
    /// profile is `seccomp default` too, with a note, since ctrsh applies
    /// no profile but its own.
    static func mode(of section: RuntimeBundleConfig.Seccomp?, capabilities: [String]) -> (SeccompMode, note: BundleImportNote?) {
        guard let section else { return (.off, nil) }
        var own = ContainerSpec()
        own.capabilities = capabilities
        if let expected = self.section(for: own), canonical(section) == canonical(expected) { return (.default, nil) }
        return (.default, .seccompProfileDiffers)
    }

    /// A section as the set of (call, action, errno, condition) it
    /// describes, whatever the grouping of names into rules.
    private static func canonical(_ section: RuntimeBundleConfig.Seccomp) -> CanonicalSeccomp {
        var rules: Set<CanonicalSeccomp.Rule> = []
        for rule in section.syscalls ?? [] {
            let conditions = (rule.args ?? []).map { "\($0.index.value) \($0.op) \($0.value.value) \($0.valueTwo?.value ?? 0)" }
            for name in rule.names {
                rules.insert(.init(name: name, action: rule.action, errno: rule.errnoRet?.value ?? (rule.action == "SCMP_ACT_ERRNO" ? 1 : nil), conditions: conditions))
            }
        }
        return CanonicalSeccomp(defaultAction: section.defaultAction, architectures: Set(section.architectures ?? []), rules: rules)
    }

    private struct CanonicalSeccomp: Equatable {
        struct Rule: Hashable {
            var name: String
            var action: String
            var errno: UInt32?
            var conditions: [String]
        }
        var defaultAction: String
        var architectures: Set<String>
        var rules: Set<Rule>
    }
}
