import CtrCommands
import CtrRuntime
import CtrShell
import Glibc

/// What one `ctrsh` command line asks for, however it was parsed: the
/// prompt, a script, `-c`, standard input, `--check`, `--demo` or `--cast`.
/// `run()` turns how the session ended into an exit status.
struct Invocation {
    var commands: String?
    var check = false
    var keepGoing = false
    var demo = false
    var auto: String?
    var rehearse = false
    var cast: String?
    var script: String?
    var arguments: [String] = []
    /// `--lang`; nil for the environment's, which the session reads itself.
    var language: Language?

    /// Runs the session this command line asks for and returns ctrsh's exit status.
    func run() -> Int32 {
        if let cast { return record(into: cast) }
        let shell = Shell()
        if let language { shell.session.language = language }
        let collectsGarbage = script == "gc" && access("gc", F_OK) != 0
        if collectsGarbage && !arguments.isEmpty {
            defer { shell.close() }
            return refuseGarbageArguments(shell)
        }
        if !collectsGarbage { noticeLeftovers(shell) }
        let outcome = collectsGarbage ? shell.run("gc", origin: .commandLine) : runMode(shell)
        shell.close()
        return status(of: outcome)
    }

    /// `ctrsh gc --help` shows gc's help; any other word after `gc` is a
    /// mistake, refused before anything is collected.
    private func refuseGarbageArguments(_ shell: Shell) -> Int32 {
        if arguments == ["--help"] || arguments == ["-h"] {
            _ = shell.run("help gc", origin: .commandLine)
            return 0
        }
        shell.session.output.errorLine(
            "ctrsh: gc takes no arguments, found `\(arguments.joined(separator: " "))`; usage: ctrsh gc (nothing was collected)")
        return 64  // EX_USAGE, as ArgumentParser exits on a bad command line
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
            Output(language: language ?? .preferredByEnvironment).errorLine("ctrsh: \(Diagnostics.phrase(for: error))")
            return 1
        }
    }

    /// One line when sessions that were killed left containers behind.
    private func noticeLeftovers(_ shell: Shell) {
        let runtime = shell.session.runtime
        // The state alone tells (see `staleSessions`): no cgroup detection at the start.
        let stale = GarbageCollector(state: runtime.state, cgroups: nil, currentSession: runtime.sessionID).staleSessions()
        guard !stale.isEmpty else { return }
        let pids = stale.joined(separator: ", ")
        shell.session.output.errorLine(
            stale.count == 1
                ? "ctrsh: 1 earlier session (PID \(pids)) ended without cleaning up; `ctrsh gc` removes what it left"
                : "ctrsh: \(stale.count) earlier sessions (PID \(pids)) ended without cleaning up; `ctrsh gc` removes what they left")
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
                    shell.session.output.errorLine("ctrsh: --auto: \(error.phrase)")
                    return .stopped
                }
            }
            return DemoPlayer(shell: shell, path: script, arguments: arguments, auto: pace, rehearse: rehearse).run()
        }
        if rehearse {
            shell.session.output.errorLine("ctrsh: --rehearse goes with --demo: ctrsh --demo --rehearse TALK.ctrsh")
            return .stopped
        }
        if let commands {
            if let problem = Self.encodingProblem(inArgument: commands) {
                shell.session.output.errorLine(problem.report(name: "-c"))
                return .stopped
            }
            return shell.run(commands, origin: .commandLine, arguments: ["-c"] + arguments, keepGoing: keepGoing)
        }
        if check {
            guard let script else {
                shell.session.output.errorLine("ctrsh: --check needs a readable script file")
                return .stopped
            }
            let text: String
            do {
                text = try ScriptText.read(script)
            } catch {
                shell.session.output.errorLine(error.location == nil ? "ctrsh: --check: \(error.phrase)" : error.report(name: script))
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

    /// Swift decodes the command line with U+FFFD for invalid UTF-8: find
    /// the raw argument `text` came from and say where its bad byte is.
    private static func encodingProblem(inArgument text: String) -> ScriptTextError? {
        guard text.unicodeScalars.contains("\u{FFFD}") else { return nil }
        for index in 0..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map { UInt8(bitPattern: $0) }
            guard String(decoding: bytes, as: UTF8.self) == text, let problem = ScriptText.problem(in: bytes, name: "-c") else { continue }
            return problem
        }
        return nil
    }

    private func status(of outcome: ScriptOutcome) -> Int32 {
        switch outcome {
        case .finished(let failures): failures == 0 ? 0 : 1
        case .stopped: 1
        case .exit(let status): status
        }
    }
}
