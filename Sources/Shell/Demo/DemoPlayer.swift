import CtrCommands
import CtrRuntime
import Glibc

/// `ctrsh --demo FILE`: plays a script for a live talk. Comments are shown
/// as narration (dimmed on a terminal), each command is typed out at a
/// human pace after the prompt, and runs when the presenter presses Enter
/// (`s` skips it, `q` ends the demo); with `--auto DURATION` the demo goes
/// on by itself. Keys pressed while a command is typed out are never shown
/// and never run it: a clicker pressed twice starts one step, and the next
/// runs only on a key pressed after it is fully typed (`DemoKeys`).
/// The `expect` lines after a command run with it, unseen; a step marked
/// `# hidden` runs unseen too (its output only if it fails); a line
/// `#demo typing 20ms` sets the typing pace from there on.
/// The script is checked first, with the arguments given: a demo never
/// stops on a typo or a missing `$1` on stage. A command is typed with its
/// variables' values (`DemoLine`); `##` notes go only to the presenter.
/// `--rehearse` plays it unattended, on through failures, and compares
/// each step's output with the last rehearsal (`Rehearsal`).
public struct DemoPlayer {
    let shell: Shell
    let path: String
    let arguments: [String]
    /// Advance after this long instead of waiting for a key.
    let auto: Duration?
    /// The mean pause between typed characters, until a `#demo typing` line.
    let typingDelay: Duration
    /// Unattended, every step's output compared with the last rehearsal.
    let rehearse: Bool

    /// A demo of the script at `path` with `arguments` as `$1`…
    public init(
        shell: Shell, path: String, arguments: [String], auto: Duration?, rehearse: Bool = false,
        typingDelay: Duration = .milliseconds(45)
    ) {
        self.shell = shell
        self.path = path
        self.arguments = arguments
        self.auto = rehearse ? .zero : auto
        self.rehearse = rehearse
        self.typingDelay = self.auto == .zero ? .zero : typingDelay
    }

    /// Plays the demo to its end, its first failure (but in a rehearsal), or `q`.
    public func run() -> ScriptOutcome {
        let output = shell.session.output
        let text: String
        do {
            text = try ScriptText.read(path)
        } catch {
            output.errorLine(error.report(name: path))
            return .stopped
        }
        guard ScriptChecker(shell: shell, argumentsComplete: true).check(text, path: path, arguments: arguments) == 0 else {
            output.errorLine("ctrsh: --demo: the script has errors; fix them first (nothing was run)")
            return .stopped
        }
        let items = DemoScript(text).items
        for case .badDirective(let line, let problem) in items {
            output.errorLine(LocatedError.phrase(path, line: line, column: 1, "\(problem) (nothing was run)"))
            return .stopped
        }
        let keys = auto == nil ? DemoKeys() : nil
        defer { keys?.release() }
        let styled = isatty(STDOUT_FILENO) == 1
        var rehearsal = rehearse ? Rehearsal(path: path, arguments: arguments) : nil
        var number = 0
        var pace = typingDelay
        for item in items {
            switch item {
            case .typing(let delay):
                pace = auto == .zero ? .zero : delay
            case .badDirective:
                break  // refused before the first step
            case .blank:
                output.line()
            case .narration(let words):
                output.dimLine("# \(words)", styled: styled)
            case .presenterNote(let words):
                PresenterNotes.show(words)
            case .step(let command, _, _, _) where command.trimmed == "pause" && shell.session.current.live == nil:
                // A presenter's pause: wait for Enter (or --auto) before going on.
                // With a running container, `pause` freezes it, as everywhere.
                // Only a key pressed from now on goes on.
                keys?.discard()
                if keys?.next() == .quit { return .finished(failures: 0) }
                keys?.release()
                if let auto, let signal = SignalInbox.sleep(for: auto) { return .exit(128 + signal) }
            case .step(let command, let checks, let line, let hidden):
                number += 1
                if !hidden {
                    keys?.hold()
                    output.write(Prompt(shell: shell).promptText())
                    type(
                        DemoLine.shown(command, scope: VariableScope(session: shell.session, arguments: [path] + arguments)),
                        keys: keys, delay: pace)
                    let key = keys?.next() ?? .go
                    keys?.release()
                    switch key {
                    case .quit:
                        output.line()
                        return .finished(failures: 0)
                    case .skip:
                        output.dimLine(("  (skipped)" as Phrase).text(in: output.language), styled: styled)
                        continue
                    case .go:
                        if let auto, let signal = SignalInbox.sleep(for: auto) { return .exit(128 + signal) }
                        output.line()
                    }
                }
                let capture = hidden || rehearse ? StepCapture() : nil
                let outcome = shell.run(
                    ([command] + checks).joined(separator: "\n"), origin: .file(path),
                    arguments: [path] + arguments, keepGoing: rehearse, lineOffset: line - 1)
                let passed = outcome == .finished(failures: 0)
                if let printed = capture?.finish() {
                    if !hidden || !passed { output.write(printed) }
                    rehearsal?.record(number: number, line: line, command: command, printed: printed, passed: passed)
                }
                if case .finished = outcome { continue }
                return outcome
            }
        }
        if let rehearsal { return rehearsal.report(to: output) ? .finished(failures: 0) : .stopped }
        return .finished(failures: 0)
    }

    /// Prints `command` one character at a time, with a little jitter.
    /// Keys pressed before the last character appears are thrown away: only
    /// one pressed after that runs the command.
    private func type(_ command: String, keys: DemoKeys?, delay: Duration) {
        for (index, character) in command.enumerated() {
            keys?.discard()
            shell.session.output.write(String(character))
            guard delay > .zero, index + 1 < command.count else { continue }
            let (seconds, attoseconds) = delay.components
            let mean = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
            if let signal = SignalInbox.sleep(for: .milliseconds(Int.random(in: (mean / 2)...(mean * 3 / 2 + 1)))) {
                raise(signal)  // recorded again: the command's run ends the session
                return
            }
        }
    }
}
