import CtrRuntime

/// `cap` and `nnp`: the privileges a container's processes keep. By
/// default they keep Docker's set of capabilities and cannot gain more
/// through setuid programs.
enum PrivilegeCommands {
    static var cap: CommandFamily {
        let list = Operand("LIST", .capabilityList)
        return CommandFamily(
            "cap", summary: "the capabilities the container's processes keep (default: Docker's 14)",
            examples: ["cap show", "cap drop net_raw,mknod", "cap drop all", "cap add sys_admin"],
            verbs: [
                Verb("drop", [list], summary: "drop capabilities (comma list, or `all`)") { args in
                    let names = args[list]
                    return { session in
                        try session.compose("cap drop") { spec in spec.capabilities.removeAll { names.contains($0) } }
                    }
                },
                Verb("add", [list], summary: "keep more capabilities (comma list, or `all`)") { args in
                    let names = args[list]
                    return { session in
                        try session.compose("cap add") { spec in
                            spec.capabilities = Capability.names.filter { spec.capabilities.contains($0) || names.contains($0) }
                        }
                    }
                },
                Verb("show", summary: "the capabilities kept (of PID 1, when the container runs)") { _ in
                    { session in show(session) }
                },
            ])
    }

    static var nnp: CommandFamily {
        let toggle = Operand("SWITCH", .choice(["on", "off"]))
        return CommandFamily(
            "nnp", summary: "no_new_privs: whether setuid programs inside can gain privileges (default on)",
            examples: ["nnp off", "nnp on"],
            verbs: [
                Verb([toggle], summary: "turn no_new_privs on or off") { args in
                    let on = args[toggle] == "on"
                    return { session in try session.compose("nnp") { spec in spec.noNewPrivileges = on } }
                },
            ])
    }

    private static func show(_ session: Session) {
        let container = session.current
        if let live = container.live, let mask = ProcessStatus.mask("CapEff", pid: live.first.pid) {
            session.output.line("effective in PID 1 (\(String(mask, radix: 16))): \(Capability.names(in: mask).joined(separator: " "))")
        } else {
            let kept = container.spec.capabilities
            session.output.line(kept.isEmpty ? "none (all dropped)" : Phrase(verbatim: kept.joined(separator: " ")))
        }
        session.output.line(verbatim: "no_new_privs: " + ((container.live?.spec ?? container.spec).noNewPrivileges ? "on" : "off"))
    }
}
