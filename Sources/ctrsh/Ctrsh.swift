import ArgumentParser
import CtrShell

/// The `ctrsh` command line as ArgumentParser sees it: the options, their
/// help, `--version`, the man page and the completion scripts. Running it
/// hands the parsed options to `Invocation`.
struct Ctrsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctrsh",
        abstract: "A shell for composing Linux containers one step at a time.",
        discussion: """
            A container is a process, plus namespaces and cgroups (how it runs), plus a \
            root filesystem (where it runs). ctrsh lets you compose one command at a time \
            and watch the kernel do it. Type `help` at the prompt for the commands.

            Containers are locked down by default, as Docker's are: its 14 capabilities, \
            no_new_privs, runc's masked kernel paths, and a seccomp filter that refuses \
            keyctl, bpf, mount, unshare and the other calls `seccomp show` lists with EPERM \
            (`cap add`, `nnp off` and `seccomp off` loosen them, for demos).
            """,
        version: CtrshVersion.current)

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these commands and exit.", valueName: "commands"))
    var commands: String?

    @ArgumentParser.Flag(help: "Parse and validate the script without running anything.")
    var check = false

    @ArgumentParser.Flag(help: "Go on after a failing command; exit 1 at the end if any failed.")
    var keepGoing = false

    @ArgumentParser.Flag(help: "Play the script as a live demo: comments as narration, each command typed out, run on Enter (s skips, q quits).")
    var demo = false

    @Option(help: ArgumentHelp("With --demo: go on by itself after this long (e.g. 2s, 0).", valueName: "duration"))
    var auto: String?

    @Option(help: ArgumentHelp("Record the terminal session (prompt, script or demo) as an asciicast v2 file.", valueName: "file"))
    var cast: String?

    @Argument(help: ArgumentHelp("A .ctrsh script to run, - for standard input, or gc to remove what killed sessions left.", valueName: "script"),
              completion: .file(extensions: ["ctrsh"]))
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The script's arguments: $1, $2, …", valueName: "arg"))
    var arguments: [String] = []

    func run() throws {
        let invocation = Invocation(
            commands: commands, check: check, keepGoing: keepGoing, demo: demo, auto: auto, cast: cast,
            script: script, arguments: arguments)
        throw ExitCode(invocation.run())
    }
}
