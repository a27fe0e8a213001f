import CtrRuntime

/// `explain on|off`: print each kernel step as the runtime takes it: the
/// cgroup directories made and files written, `clone3` with its flags, the
/// ID maps, the namespaces entered.
enum ExplainCommand {
    static var family: CommandFamily {
        let toggle = Operand("SWITCH", .choice(["on", "off"]))
        return CommandFamily(
            "explain", summary: "print what each command does to the kernel: clone3 flags, cgroup files, ID maps, setns",
            examples: ["explain on", "explain off"],
            verbs: [
                Verb([toggle], summary: "turn the explanations on or off") { args in
                    let on = args[toggle] == "on"
                    return { session in
                        session.runtime.steps.observer = on ? { [weak session] step in session?.output.line(explained(step)) } : nil
                    }
                },
            ])
    }

    /// A step's line: the child's in words (`[child] pivot_root(".", ".") in /srv/root`),
    /// the others as the facts they are.
    static func explained(_ step: KernelStep) -> Phrase {
        guard case .child(let report) = step else { return Phrase(verbatim: "  " + step.description) }
        return "  [child] \(ChildStepWords.phrase(for: report))"
    }
}
