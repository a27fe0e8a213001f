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
    static func summary(_ spec: ContainerSpec) -> String {
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
            let architecture = SeccompArchitecture.native?.rawValue ?? "this machine (no filter: ctrsh has no numbers for it)"
            output.line("seccomp: default: a deny-list after Docker's default profile, for \(architecture)")
            output.line("action: a refused call fails with EPERM (clone3 with ENOSYS, so that programs fall back to clone); every other call is allowed")
            output.line("other ABIs: a call through i386's int 0x80 or x32 kills the process (SIGSYS): the list names native calls only")
            let calls = refused(keeping: spec.capabilities)
            let rows = calls.map { [$0.name, $0.allowedWith.isEmpty ? "-" : $0.allowedWith.joined(separator: " or "), $0.reason] }
            Table.print([["CALL", "ALLOWED WITH", "WHY"]] + rows, to: output)
            let givenBack = SeccompSyscall.deniedByDefault.filter { call in
                !calls.contains(call) && SeccompArchitecture.native?.number(of: call) != nil
            }
            output.line(verbatim: "\(calls.count) calls refused" + (givenBack.isEmpty ? "" : "; allowed by the kept capabilities: "
                + givenBack.map(\.name).joined(separator: ", ")))
        }
        if let live = container.live {
            let pid = live.first.pid
            let mode = ProcessStatus.value("Seccomp", pid: pid) ?? "?"
            let filters = ProcessStatus.value("Seccomp_filters", pid: pid) ?? "?"
            let meaning = ["0": "no filter", "1": "strict", "2": "filter"][mode].map { " (\($0))" } ?? ""
            output.line("PID 1 (host PID \(pid)): Seccomp: \(mode)\(meaning), Seccomp_filters: \(filters)")
        }
    }

    /// The calls the default profile refuses to a container keeping
    /// `capabilities`, as far as this machine's architecture has them.
    private static func refused(keeping capabilities: [String]) -> [SeccompSyscall] {
        SeccompProfile.refused(keeping: capabilities).filter { SeccompArchitecture.native?.number(of: $0) != nil }
    }
}
