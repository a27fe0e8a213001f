import CtrCommands

/// `source FILE`: run a script's commands in this session. It lives in the
/// shell because it needs the script runner; it is registered like any
/// host program's command.
enum SourceCommand {
    static func family(for shell: Shell) -> CommandFamily {
        CommandFamily(
            "source", summary: "run a script's commands in this session",
            examples: ["source setup.ctrsh"],
            verbs: [
                Verb([Parameter("FILE", .path)], summary: "run FILE here") { [weak shell] args in
                    let path = args.string("FILE") ?? ""
                    return { _ in try shell?.source(path) }
                },
            ])
    }
}
