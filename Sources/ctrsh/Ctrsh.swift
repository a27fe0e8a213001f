import ArgumentParser
import CtrRuntime
import CtrShell
import Glibc

/// The `ctrsh` command: picks the prompt, a script, `-c`, standard input
/// or `--check`, and turns how the session ended into an exit status.
@main
struct Ctrsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctrsh",
        abstract: "A shell for composing Linux containers one step at a time.",
        discussion: """
            A container is a process, plus namespaces and cgroups (how it runs), plus a \
            root filesystem (where it runs). ctrsh lets you compose one command at a time \
            and watch the kernel do it. Type `help` at the prompt for the commands.
            """,
        version: CtrshVersion.current)

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these commands and exit.", valueName: "commands"))
    var commands: String?

    @Flag(help: "Parse and validate the script without running anything.")
    var check = false

    @Flag(help: "Go on after a failing command; exit 1 at the end if any failed.")
    var keepGoing = false

    @Argument(help: ArgumentHelp("A .ctrsh script to run, - for standard input, or gc to remove what killed sessions left.", valueName: "script"),
              completion: .file(extensions: ["ctrsh"]))
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The script's arguments: $1, $2, …", valueName: "arg"))
    var arguments: [String] = []

    func run() throws {
        let shell = Shell()
        let collectsGarbage = script == "gc" && access("gc", F_OK) != 0
        if !collectsGarbage { noticeLeftovers(shell) }
        let outcome = collectsGarbage ? shell.run("gc", origin: .commandLine) : runMode(shell)
        shell.close()
        throw ExitCode(status(of: outcome))
    }

    /// One line when sessions that were killed left containers behind.
    private func noticeLeftovers(_ shell: Shell) {
        let runtime = shell.session.runtime
        let stale = GarbageCollector(state: runtime.state, cgroups: runtime.cgroups, currentSession: runtime.sessionID).staleSessions()
        guard !stale.isEmpty else { return }
        shell.session.output.errorLine(
            "ctrsh: \(stale.count) earlier session\(stale.count == 1 ? "" : "s") (PID \(stale.joined(separator: ", "))) ended without cleaning up; `ctrsh gc` removes what \(stale.count == 1 ? "it" : "they") left")
    }

    private func runMode(_ shell: Shell) -> ScriptOutcome {
        if let commands {
            return shell.run(commands, origin: .commandLine, arguments: ["-c"] + arguments, keepGoing: keepGoing)
        }
        if check {
            guard let script, let text = try? FileText.read(script) else {
                shell.session.output.errorLine("ctrsh: --check needs a readable script file")
                return .stopped
            }
            let problems = ScriptChecker(shell: shell).check(text, path: script, arguments: arguments)
            return problems == 0 ? .finished(failures: 0) : .stopped
        }
        if let script, script != "-" {
            return shell.runScript(at: script, arguments: arguments, keepGoing: keepGoing)
        }
        if script == nil && isatty(STDIN_FILENO) == 1 {
            return Prompt(shell: shell).run()
        }
        return StreamSession(shell: shell, reader: PlainLineReader(fd: STDIN_FILENO), keepGoing: keepGoing).run()
    }

    private func status(of outcome: ScriptOutcome) -> Int32 {
        switch outcome {
        case .finished(let failures): failures == 0 ? 0 : 1
        case .stopped: 1
        case .exit(let status): status
        }
    }
}
