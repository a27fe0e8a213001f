import CtrCommands
import CtrRuntime
import Glibc

/// Runs the commands of one source text (a prompt line, `-c` text, a
/// script) in a session, one at a time, exactly as if each was typed: a
/// command is lexed, expanded and parsed only when it is reached.
///
/// In a script the first failing command stops the run with
/// `FILE:LINE:COL: error: …`, unless `keepGoing`, or unless the next
/// command is an `expect` that checks for that failure.
struct ScriptRunner {
    let session: Session
    let origin: SourceOrigin
    let scope: VariableScope
    var keepGoing = false
    /// Where `record` saves each command that succeeds, while it runs
    /// (asked at each command: `record` may start in the middle of a run).
    var recorder: () -> SessionRecorder? = { nil }
    /// Added to every line number (standard input is run chunk by chunk).
    var lineOffset = 0

    func run(_ source: String) -> ScriptOutcome {
        var upcoming = Lookahead(lexer: Lexer(source))
        var failures = 0
        while let item = upcoming.pop() {
            if let signal = pendingTermination() { return .exit(128 + signal) }
            let succeeded: Bool
            switch item {
            case .failure(let error):
                succeeded = fail(error.phrase, at: error.location, expectations: upcoming.expectations(), isAssertion: false)
            case .command(let command):
                succeeded = execute(command, expectations: upcoming.expectations())
            }
            if let status = session.exitRequest { return .exit(status) }
            if !succeeded {
                failures += 1
                if origin.stopsOnError && !keepGoing { return .stopped }
            }
        }
        return .finished(failures: failures)
    }

    /// The commands after the current one, lexed ahead only as far as the
    /// `expect` lines that directly follow it: they decide whether its
    /// output is captured and whether its failure stops the script.
    private struct Lookahead {
        /// One line lexed. Not a `Result`: `Result<Command, LexError>` (in
        /// the buffer, or an optional one returned) makes the runtime check
        /// `LexError: Error` by scanning every conformance record of the
        /// binary at the first line of every script (about 0.1 ms).
        enum Lexed {
            case command(Command)
            case failure(LexError)
        }

        var lexer: Lexer
        var buffer: [Lexed] = []

        mutating func pop() -> Lexed? {
            if buffer.isEmpty, let item = lex() { buffer.append(item) }
            guard !buffer.isEmpty else { return nil }
            return buffer.removeFirst()
        }

        /// The forms (`status`, `output`, `error`) of the `expect` commands
        /// that come next, in order, up to the first other command.
        mutating func expectations() -> [String] {
            var forms: [String] = []
            var index = 0
            while true {
                if index == buffer.count {
                    guard let item = lex() else { break }
                    buffer.append(item)
                }
                guard case .command(let command) = buffer[index], let form = ScriptRunner.expectForm(command) else { break }
                forms.append(form)
                index += 1
            }
            return forms
        }

        private mutating func lex() -> Lexed? {
            do {
                guard let command = try lexer.next() else { return nil }
                return .command(command)
            } catch {
                return .failure(error)
            }
        }
    }

    /// `status` for `expect status 0`; nil for a command that is no `expect`.
    static func expectForm(_ command: Command) -> String? {
        guard command.words.count >= 2, command.words[0].literal == "expect" else { return nil }
        return command.words[1].literal
    }

    /// SIGINT between commands stops a script; SIGTERM and SIGHUP end the
    /// session. At the prompt the line editor handles Ctrl-C itself.
    private func pendingTermination() -> Int32? {
        let signals = SignalInbox.take()
        // A closed output pipe (`ctrsh … | head`) ends the session like SIGTERM.
        if let ending = [SIGTERM, SIGHUP, SIGPIPE].first(where: signals.contains) { return ending }
        if origin != .prompt && signals.contains(SIGINT) { return SIGINT }
        return nil
    }

    // MARK: - One command

    /// Runs one command; false when it failed in a way that counts.
    private func execute(_ command: Command, expectations: [String]) -> Bool {
        let words: [String]
        do {
            words = try command.words.map { word throws(LexError) in try word.expand(scope.value(of:)) }
        } catch {
            return fail(error.phrase, at: error.location, expectations: expectations, isAssertion: false)
        }
        let prepared: PreparedCommand
        do {
            prepared = try session.registry.prepare(words)
        } catch {
            let location = error.wordIndex.flatMap { $0 < command.words.count ? command.words[$0].location : nil }
            return fail(error.phrase, at: location ?? command.location, expectations: expectations, isAssertion: false)
        }
        let isAssertion = prepared.family.name == "expect"
        session.refresh()
        session.captureProcessOutput = expectations.contains("output")
        session.output.beginCommand()
        defer { session.captureProcessOutput = false }
        let runsBefore = session.programRuns
        do {
            try prepared.action(session)
            if prepared.family.name != "record" { recorder()?.append(command.source) }
            if session.programRuns != runsBefore {
                recorder()?.appendExpectations(status: session.lastStatus, output: session.output.captured)
            }
            if !isAssertion {
                session.lastOutput = session.output.captured
                session.lastError = nil
            }
            return true
        } catch {
            if !isAssertion { session.lastOutput = session.output.captured }
            return handleFailure(error, of: command, expectations: expectations, isAssertion: isAssertion)
        }
    }

    private func handleFailure(_ error: any Error, of command: Command, expectations: [String], isAssertion: Bool) -> Bool {
        if error is ReportedFailure {
            if !isAssertion { session.lastStatus = 1 }
            return false
        }
        let message = Diagnostics.phrase(for: error)
        let location = (error as? CommandError)?.wordIndex.flatMap {
            $0 < command.words.count ? command.words[$0].location : nil
        } ?? command.location
        if error is ProcessFailure {
            if let recorder = recorder(), recorder.writesExpectations {
                // With `--expect` the failure is part of the story: the
                // `expect status` written after it lets the replay go on.
                recorder.append(command.source)
                recorder.appendExpectations(status: session.lastStatus, output: session.output.captured)
            }
            session.lastError = message.text(in: session.language)
            if let first = expectations.first, first == "status" || first == "error" {
                session.output.errorLine(message)
                return true
            }
            if origin == .prompt {
                session.output.errorLine(message)
                return false
            }
            report(message, line: location.line, column: location.column)
            return false
        }
        return fail(message, at: location, expectations: expectations, isAssertion: isAssertion)
    }

    /// Records a failed command and reports it; an `expect error` right
    /// after it takes the failure over (the message is still shown). A
    /// failed `expect` is reported but leaves `$?` and the error alone: the
    /// `expect` lines after it still check the command before it.
    private func fail(_ message: Phrase, at location: SourceLocation, expectations: [String], isAssertion: Bool) -> Bool {
        if !isAssertion {
            session.lastError = message.text(in: session.language)
            session.lastStatus = 1
        }
        if expectations.first == "error" {
            session.output.errorLine(message)
            return true
        }
        report(message, line: location.line, column: location.column)
        return false
    }

    /// `FILE:LINE:COL: error: MESSAGE` (`LocatedError`), or `error: MESSAGE`
    /// at the prompt.
    private func report(_ message: Phrase, line: Int, column: Int) {
        if let name = origin.displayName {
            session.output.errorLine(LocatedError.phrase(name, line: line + lineOffset, column: column, message))
        } else {
            session.output.errorLine("error: \(message)")
        }
    }
}
