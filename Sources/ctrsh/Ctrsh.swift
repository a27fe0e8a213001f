import ArgumentParser
import CtrCommands
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

            `export oci DIR [CMD...]` writes the current spec as an OCI runtime bundle \
            (DIR/config.json and a copy of the root in DIR/rootfs) that `runc run -b DIR ID` \
            and `crun run -b DIR ID` run as ctrsh's own `exec` does; `import oci DIR` loads \
            a bundle's config.json into the current spec and names each field ctrsh cannot \
            represent.
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
        if let cast { throw ExitCode(record(into: cast)) }
        let shell = Shell()
        let collectsGarbage = script == "gc" && access("gc", F_OK) != 0
        if !collectsGarbage { noticeLeftovers(shell) }
        let outcome = collectsGarbage ? shell.run("gc", origin: .commandLine) : runMode(shell)
        shell.close()
        throw ExitCode(status(of: outcome))
    }

    /// Runs this same command line without `--cast FILE` on a recorded
    /// pseudo-terminal.
    private func record(into path: String) -> Int32 {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(of: "--cast"), index + 1 < arguments.count {
            arguments.removeSubrange(index...(index + 1))
        } else {
            arguments.removeAll { $0 == "--cast=\(path)" }
        }
        do {
            return try CastSession(path: path, arguments: arguments).run()
        } catch {
            Output().errorLine("ctrsh: \(error)")
            return 1
        }
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
        if demo {
            guard let script, script != "-" else {
                shell.session.output.errorLine("ctrsh: --demo needs a script file")
                return .stopped
            }
            var pace: Duration?
            if let auto {
                do {
                    pace = try ValueParser.duration(auto)
                } catch {
                    shell.session.output.errorLine("ctrsh: --auto: \(error)")
                    return .stopped
                }
            }
            return DemoPlayer(shell: shell, path: script, arguments: arguments, auto: pace).run()
        }
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
