import CtrCommands

/// `source FILE [ARG…]`: run a script's commands in this session, with
/// ARG… as its `$1`…. It lives in the
/// shell because it needs the script runner; it is registered like any
/// host program's command.
enum SourceCommand {
    static func family(for shell: Shell) -> CommandFamily {
        let file = Operand("FILE", .path)
        let scriptArguments = Operand(repeating: "ARG", .text, optional: true)
        return CommandFamily(
            "source", summary: "run a script's commands in this session",
            examples: ["source setup.ctrsh", "source web.ctrsh web 10.0.0.1/24"],
            verbs: [
                Verb([file, scriptArguments],
                     summary: "run FILE here; ARG… are its $1…, and FILE its $0") { [weak shell] args in
                    let path = args[file]
                    let arguments = args[scriptArguments]
                    return { _ in try shell?.source(path, arguments: arguments) }
                },
            ])
    }
}
