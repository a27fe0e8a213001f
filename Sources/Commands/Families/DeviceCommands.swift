import CtrRuntime

/// `device`: which device nodes the container may make and open. Docker's
/// allow-list by default; `device allow` adds a rule (as Docker's
/// `--device-cgroup-rule`), `device deny` takes access away.
enum DeviceCommands {
    static var family: CommandFamily { CommandFamily(
        "device", summary: "the device nodes the container may make and open (default: Docker's allow-list)",
        examples: ["device show", "device allow c 10:232 rw", "device deny c 1:9 rwm", "device default"],
        verbs: [
            Verb("show", summary: "the rules, in order (the last one that covers a node decides; none: denied)") { _ in
                { session in show(session) }
            },
            Verb("allow", rule.operands, summary: "allow ACCESS (r read, w write, m mknod) to TYPE (c, b or a) MAJOR:MINOR (`*` for any)") { args throws(CommandError) in
                let added = try rule.parse(args, allow: true, command: "device allow")
                return { session in try session.compose("device allow") { spec in spec.devices.rules.append(added) } }
            },
            Verb("deny", rule.operands, summary: "deny ACCESS to TYPE MAJOR:MINOR where an earlier rule allowed it (on v1 only a rule with the same numbers)") { args throws(CommandError) in
                let added = try rule.parse(args, allow: false, command: "device deny")
                return { session in try session.compose("device deny") { spec in spec.devices.rules.append(added) } }
            },
            Verb("default", summary: "back to Docker's allow-list") { _ in
                { session in try session.compose("device default") { spec in spec.devices = .dockerDefault } }
            },
        ]) }

    private static let rule = RuleOperands()

    /// `TYPE MAJOR:MINOR ACCESS` of `device allow` and `device deny`.
    private struct RuleOperands {
        let type = Operand("TYPE", .choice(DeviceRule.Kind.allCases.map(\.rawValue)))
        let numbers = Operand("MAJOR:MINOR", .text)
        let access = Operand("ACCESS", .choice(["rwm", "rw", "r", "w", "m", "rm", "wm"]))

        var operands: [any VerbParameter] { [type, numbers, access] }

        func parse(_ args: Arguments, allow: Bool, command: String) throws(CommandError) -> DeviceRule {
            let text = [args[type], args[numbers], args[access]].joined(separator: " ")
            guard let rule = DeviceRule(text, allow: allow) else {
                throw args.error(
                    "\(command): `\(text)` is not a device rule: TYPE c, b or a, MAJOR:MINOR as whole numbers or `*` (`10:232`, `136:*`), ACCESS letters from rwm",
                    at: numbers)
            }
            return rule
        }
    }

    /// The nodes of the default list and of the attacks it keeps out, by number.
    private static let names: [String: Phrase] = [
        "c *:*": "every character device", "b *:*": "every block device", "a *:*": "every device",
        "c 1:3": Phrase(verbatim: "/dev/null"), "c 1:5": Phrase(verbatim: "/dev/zero"), "c 1:7": Phrase(verbatim: "/dev/full"),
        "c 1:8": Phrase(verbatim: "/dev/random"), "c 1:9": Phrase(verbatim: "/dev/urandom"), "c 5:0": Phrase(verbatim: "/dev/tty"),
        "c 5:2": Phrase(verbatim: "/dev/ptmx"), "c 136:*": Phrase(verbatim: "/dev/pts/*"), "c 10:200": Phrase(verbatim: "/dev/net/tun"),
        "c 1:11": Phrase(verbatim: "/dev/kmsg"), "c 10:232": Phrase(verbatim: "/dev/kvm"), "c 1:1": Phrase(verbatim: "/dev/mem"),
        "b 7:*": "loop devices", "b 8:*": "SCSI and SATA disks",
    ]

    private static func show(_ session: Session) {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        session.output.line("devices: \(ShowCommand.deviceSummary(spec.devices, runtime: session.runtime))")
        let language = session.output.language
        let rows = spec.devices.rules.map { rule -> [String] in
            let node = rule.description.split(separator: " ").prefix(2).joined(separator: " ")
            return [rule.allow ? "allow" : "deny", rule.description, names[node]?.text(in: language) ?? ""]
        }
        let header = ["", "RULE", "NODE"].map { (word: Phrase) in word.text(in: language) }
        Table.print([header] + rows, to: session.output)
    }
}
