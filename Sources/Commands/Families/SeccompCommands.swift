import CtrRuntime

/// `seccomp`: the system calls a container's processes may not make. By
/// default a deny-list after Docker's profile refuses them with EPERM.
enum SeccompCommands {
    static var family: CommandFamily { CommandFamily(
        "seccomp", summary: "the system calls the container may not make (default: a deny-list after Docker's)",
        examples: ["seccomp show", "seccomp off", "seccomp default"],
        verbs: [
            Verb("default", summary: "refuse keyctl, bpf, mount, unshare, … with EPERM (the default)") { _ in
                { session in try session.compose("seccomp default") { spec in spec.seccomp = .default } }
            },
            Verb("off", summary: "no filter: every system call reaches the kernel (for demos)") { _ in
                { session in try session.compose("seccomp off") { spec in spec.seccomp = .off } }
            },
            Verb("show", summary: "the profile: mode, action, the refused calls, and PID 1's Seccomp: line when running") { _ in
                { session in show(session) }
            },
        ]) }

    /// What `show` prints for a spec's seccomp setting: one line.
    static func summary(_ spec: ContainerSpec) -> Phrase {
        switch spec.seccomp {
        case .off: return "off (every system call reaches the kernel)"
        case .default:
            let count = refused(keeping: spec.capabilities).count
            return "default (\(count) system calls refused with EPERM; `seccomp show` lists them)"
        }
    }

    private static func show(_ session: Session) {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        let output = session.output
        switch spec.seccomp {
        case .off:
            output.line("seccomp: off: no filter, every system call reaches the kernel (`seccomp default` turns the deny-list on)")
        case .default:
            if let architecture = SeccompArchitecture.native?.rawValue {
                output.line("seccomp: default: a deny-list after Docker's default profile, for \(architecture)")
            } else {
                output.line("seccomp: default: a deny-list after Docker's default profile, for this machine (no filter: ctrsh has no numbers for it)")
            }
            output.line("action: a refused call fails with EPERM (clone3 with ENOSYS, so that programs fall back to clone); every other call is allowed")
            output.line("other ABIs: a call through i386's int 0x80 or x32 kills the process (SIGSYS): the list names native calls only")
            let calls = refused(keeping: spec.capabilities)
            let language = output.language
            let rows = calls.map { call -> [String] in
                let allowedWith: Phrase = switch call.allowedWith.count {
                case 0: Phrase(verbatim: "-")
                case 1: Phrase(verbatim: call.allowedWith[0])
                default: "\(call.allowedWith.dropLast().joined(separator: " or ")) or \(call.allowedWith[call.allowedWith.count - 1])"
                }
                return [call.name, allowedWith.text(in: language), SeccompReasonWords.phrase(for: call.name)?.text(in: language) ?? ""]
            }
            let header = ["CALL", "ALLOWED WITH", "WHY"].map { (word: Phrase) in word.text(in: language) }
            Table.print([header] + rows, to: output)
            let givenBack = SeccompSyscall.deniedByDefault.filter { call in
                !calls.contains(call) && SeccompArchitecture.native?.number(of: call) != nil
            }
            let count = calls.count
            if givenBack.isEmpty {
                output.line(count == 1 ? "1 call refused" : "\(count) calls refused")
            } else {
                let names = givenBack.map(\.name).joined(separator: ", ")
                output.line(
                    count == 1 ? "1 call refused; allowed by the kept capabilities: \(names)"
                        : "\(count) calls refused; allowed by the kept capabilities: \(names)")
            }
        }
        if let live = container.live {
            let pid = live.first.pid
            let mode = ProcessStatus.value("Seccomp", pid: pid) ?? "?"
            let filters = ProcessStatus.value("Seccomp_filters", pid: pid) ?? "?"
            let meaning: Phrase? = switch mode {
            case "0": "no filter"
            case "1": "strict"
            case "2": "filter"
            default: nil
            }
            if let meaning {
                output.line("PID 1 (host PID \(pid)): Seccomp: \(mode) (\(meaning)), Seccomp_filters: \(filters)")
            } else {
                output.line("PID 1 (host PID \(pid)): Seccomp: \(mode), Seccomp_filters: \(filters)")
            }
        }
    }

    /// The calls the default profile refuses to a container keeping
    /// `capabilities`, as far as this machine's architecture has them.
    private static func refused(keeping capabilities: [String]) -> [SeccompSyscall] {
        SeccompProfile.refused(keeping: capabilities).filter { SeccompArchitecture.native?.number(of: $0) != nil }
    }
}
