import CtrRuntime

/// `cap` and `nnp`: the privileges a container's processes keep. By
/// default they keep Docker's set of capabilities and cannot gain more
/// through setuid programs.
enum PrivilegeCommands {
    static var cap: CommandFamily { CommandFamily(
        "cap", summary: "the capabilities the container's processes keep (default: Docker's 14)",
        examples: ["cap show", "cap drop net_raw,mknod", "cap drop all", "cap add sys_admin"],
        verbs: [
            Verb("drop", [Parameter("LIST", .capabilityList)], summary: "drop capabilities (comma list, or `all`)") { args throws(CommandError) in
                let names = try capabilities(args)
                return { session in
                    try session.compose("cap drop") { spec in spec.capabilities.removeAll { names.contains($0) } }
                }
            },
            Verb("add", [Parameter("LIST", .capabilityList)], summary: "keep more capabilities (comma list, or `all`)") { args throws(CommandError) in
                let names = try capabilities(args)
                return { session in
                    try session.compose("cap add") { spec in
                        spec.capabilities = Capability.names.filter { spec.capabilities.contains($0) || names.contains($0) }
                    }
                }
            },
            Verb("show", summary: "the capabilities kept (of PID 1, when the container runs)") { _ in
                { session in show(session) }
            },
        ]) }

    static var nnp: CommandFamily { CommandFamily(
        "nnp", summary: "no_new_privs: whether setuid programs inside can gain privileges (default on)",
        examples: ["nnp off", "nnp on"],
        verbs: [
            Verb([Parameter("SWITCH", .choice(["on", "off"]))], summary: "turn no_new_privs on or off") { args in
                let on = args.string("SWITCH") == "on"
                return { session in try session.compose("nnp") { spec in spec.noNewPrivileges = on } }
            },
        ]) }

    /// The capability names in a comma list, checked; `all` is every one.
    private static func capabilities(_ args: Arguments) throws(CommandError) -> [String] {
        let word = args.string("LIST") ?? ""
        if word == "all" { return Capability.names }
        var names: [String] = []
        for part in word.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Capability.number(of: String(part)) else {
                guard let closest = Suggestion.closest(to: part.lowercased(), among: Capability.names) else {
                    throw args.error("cap: `\(part)` is not a capability (e.g. net_admin, sys_admin; `cap show` lists the kept ones)", at: "LIST")
                }
                throw args.error(
                    "cap: `\(part)` is not a capability — did you mean `\(closest)`? (e.g. net_admin, sys_admin; `cap show` lists the kept ones)",
                    at: "LIST")
            }
            names.append(Capability.names[number])
        }
        return names
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
