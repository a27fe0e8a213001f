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
    /// Added to every line number (standard input is run chunk by chunk).
    var lineOffset = 0

    func run(_ source: String) -> ScriptOutcome {
        var lexer = Lexer(source)
        var failures = 0
        var next = Self.lex(&lexer)
        while let item = next {
            next = Self.lex(&lexer)
            if let signal = pendingTermination() { return .exit(128 + signal) }
            let succeeded: Bool
            switch item {
            case .failure(let error):
                succeeded = fail(error.message, at: error.location, next: next.flatMap { try? $0.get() })
            case .success(let command):
                succeeded = execute(command, next: next.flatMap { try? $0.get() })
            }
            if let status = session.exitRequest { return .exit(status) }
            if !succeeded {
                failures += 1
                if origin.stopsOnError && !keepGoing { return .stopped }
            }
        }
        return .finished(failures: failures)
    }

    private static func lex(_ lexer: inout Lexer) -> Swift.Result<Command, LexError>? {
        do {
            guard let command = try lexer.next() else { return nil }
            return .success(command)
        } catch {
            return .failure(error)
        }
    }

    /// SIGINT between commands stops a script; SIGTERM and SIGHUP end the
    /// session. At the prompt the line editor handles Ctrl-C itself.
    private func pendingTermination() -> Int32? {
        let signals = SignalInbox.take()
        if let ending = [SIGTERM, SIGHUP].first(where: signals.contains) { return ending }
        if origin != .prompt && signals.contains(SIGINT) { return SIGINT }
        return nil
    }

    // MARK: - One command

    /// Runs one command; false when it failed in a way that counts.
    private func execute(_ command: Command, next: Command?) -> Bool {
        let words: [String]
        do {
            words = try command.words.map { word throws(LexError) in try word.expand(scope.value(of:)) }
        } catch {
            return fail(error.message, at: error.location, next: next)
        }
        let prepared: PreparedCommand
        do {
            prepared = try session.registry.prepare(words)
        } catch {
            let location = error.wordIndex.flatMap { $0 < command.words.count ? command.words[$0].location : nil }
            return fail(error.message, at: location ?? command.location, next: next)
        }
        let isAssertion = prepared.family.name == "expect"
        session.captureProcessOutput = Self.isOutputExpectation(next)
        session.output.beginCommand()
        defer { session.captureProcessOutput = false }
        do {
            try prepared.action(session)
            if !isAssertion {
                session.lastOutput = session.output.captured
                session.lastError = nil
            }
            return true
        } catch {
            if !isAssertion { session.lastOutput = session.output.captured }
            return handleFailure(error, of: command, next: next)
        }
    }

    private func handleFailure(_ error: any Error, of command: Command, next: Command?) -> Bool {
        if error is ReportedFailure {
            session.lastStatus = 1
            return false
        }
        let message = String(describing: error)
        let location = (error as? CommandError)?.wordIndex.flatMap {
            $0 < command.words.count ? command.words[$0].location : nil
        } ?? command.location
        if let failure = error as? ProcessFailure {
            session.lastError = message
            if Self.isExpectation(next, of: ["status", "error"]) {
                // Expected, so not an error; still shown as at the prompt
                // (`exec: killed by the OOM killer …` is worth seeing).
                session.output.errorLine(failure.description)
                return true
            }
            if origin == .prompt {
                session.output.errorLine(failure.description)
                return false
            }
            report(message, line: location.line, column: location.column)
            return false
        }
        return fail(message, at: location, next: next)
    }

    /// Records a failed command and reports it, unless `expect error` follows.
    private func fail(_ message: String, at location: SourceLocation, next: Command?) -> Bool {
        session.lastError = message
        session.lastStatus = 1
        if Self.isExpectation(next, of: ["error"]) { return true }
        report(message, line: location.line, column: location.column)
        return false
    }

    private func report(_ message: String, line: Int, column: Int) {
        if let name = origin.displayName {
            session.output.errorLine("\(name):\(line + lineOffset):\(column): error: \(message)")
        } else {
            session.output.errorLine("error: \(message)")
        }
    }

    // MARK: - Looking ahead at `expect`

    private static func isExpectation(_ command: Command?, of forms: [String]) -> Bool {
        guard let words = command?.words, words.count >= 2,
              words[0].literal == "expect", let form = words[1].literal
        else { return false }
        return forms.contains(form)
    }

    private static func isOutputExpectation(_ command: Command?) -> Bool {
        isExpectation(command, of: ["output"])
    }
}
