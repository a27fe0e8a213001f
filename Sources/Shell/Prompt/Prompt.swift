import CtrCommands
import CtrRuntime
import Glibc

/// The interactive prompt: reads lines with the line editor, shows the
/// current container and its state (`ctrsh[web:running]> `), waits with a
/// continuation prompt while a quote is open or a line ends in `\`, and
/// runs each complete entry. Ctrl-C abandons the line; Ctrl-D leaves.
public struct Prompt {
    let shell: Shell

    /// A prompt for `shell` on the terminal.
    public init(shell: Shell) { self.shell = shell }

    /// Runs until `quit`, Ctrl-D, or SIGTERM/SIGHUP.
    public func run() -> ScriptOutcome {
        guard let editor = LineEditor(history: shell.history) else {
            shell.session.output.errorLine("ctrsh: the line editor could not start; reading plain lines")
            return StreamSession(shell: shell, reader: PlainLineReader(fd: STDIN_FILENO), origin: .prompt).run()
        }
        let engine = CompletionEngine(session: shell.session)
        editor.completer = { engine.complete($0) }
        var pending = ""
        while true {
            switch editor.readLine(prompt: pending.isEmpty ? promptText() : "...> ") {
            case .line(let line):
                pending += pending.isEmpty ? line : "\n" + line
                if Lexer.isIncomplete(pending) { continue }
                do {
                    if let expanded = try HistoryExpansion.expand(pending, entries: shell.history.entries) {
                        shell.session.output.line(verbatim: expanded)  // as bash shows what `!N` stood for
                        pending = expanded
                    }
                } catch {
                    shell.session.output.errorLine("error: \(Diagnostics.phrase(for: error))")
                    pending = ""
                    continue
                }
                editor.remember(pending)
                let outcome = shell.run(pending)
                pending = ""
                if case .exit = outcome { return outcome }
            case .interrupted:
                pending = ""
            case .end:
                shell.session.output.line()
                shell.session.announceStops(for: "exit")
                return .finished(failures: 0)
            case .terminated(let signal):
                return .exit(128 + signal)
            }
        }
    }

    /// `ctrsh[NAME]> `, with the state when the container is live.
    func promptText() -> String {
        shell.session.refresh()
        let container = shell.session.current
        switch container.state {
        case .running, .paused: return "ctrsh[\(container.name):\(container.state)]> "
        default: return "ctrsh[\(container.name)]> "
        }
    }
}
