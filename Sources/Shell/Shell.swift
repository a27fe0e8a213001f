import CtrCommands
import CtrRuntime
import Glibc

/// A ctrsh shell: the command language on top of a session. The `ctrsh`
/// executable is one of these; a host program can embed another, register
/// its own commands beside the built-in ones (they get `help` and TAB
/// completion like the others), and feed it lines or scripts.
///
/// ```swift
/// let shell = Shell()
/// shell.register(CommandFamily("greet", summary: "say hello", verbs: [
///     Verb(summary: "print a greeting") { _ in { session in session.output.line("hello") } }
/// ]))
/// shell.run("ns new uts; hostname demo; greet")
/// shell.close()
/// ```
public final class Shell {
    /// The session the shell's commands act on.
    public let session: Session
    /// Where `record` saves the commands that succeed, while it runs.
    var recorder: SessionRecorder?
    /// The prompt's history, loaded on first use.
    public private(set) lazy var history = HistoryStore()
    /// How deep `source` may nest before it is refused (a script that sources itself).
    public static let maximumSourceDepth = 32
    private var sourceDepth = 0

    /// A shell over an existing session.
    public init(session: Session) {
        self.session = session
        session.registry.register(SourceCommand.family(for: self))
        session.registry.register(HistoryCommand.family(for: self))
        session.registry.register(RecordCommand.family(for: self))
    }

    /// A shell over a new session on this machine's runtime.
    public convenience init() {
        self.init(session: Session(runtime: ContainerRuntime()))
    }

    /// Adds a command (or replaces a built-in one of the same name).
    public func register(_ family: CommandFamily) {
        session.registry.register(family)
    }

    /// Runs `text` (one or more commands, `;` or newline separated) as
    /// typed at the prompt: a failing command is reported and the rest go on.
    @discardableResult
    public func run(_ text: String) -> ScriptOutcome {
        run(text, origin: .prompt)
    }

    /// Runs `text` from `origin` with `arguments` as `$0`, `$1`…
    public func run(
        _ text: String, origin: SourceOrigin, arguments: [String] = [], keepGoing: Bool = false, lineOffset: Int = 0
    ) -> ScriptOutcome {
        var runner = ScriptRunner(session: session, origin: origin, scope: VariableScope(session: session, arguments: arguments))
        runner.keepGoing = keepGoing
        runner.recorder = { [weak self] in self?.recorder }
        runner.lineOffset = lineOffset
        return runner.run(text)
    }

    /// Runs the script at `path`; its failure is reported with positions in it.
    public func runScript(at path: String, arguments: [String] = [], keepGoing: Bool = false) -> ScriptOutcome {
        let text: String
        do {
            text = try ScriptText.read(path)
        } catch {
            if let signal = error.signal { return .exit(128 + signal) }
            session.output.errorLine(error.report(name: path))
            return .stopped
        }
        return run(text, origin: .file(path), arguments: [path] + arguments, keepGoing: keepGoing)
    }

    /// Runs a script inside the current one (`source FILE`). A file that
    /// cannot be read is an error of the `source` command itself (at its
    /// position); a problem inside the file is reported at its own.
    func source(_ path: String, arguments: [String] = []) throws {
        guard sourceDepth < Self.maximumSourceDepth else {
            throw CommandError("source: `\(path)` nests more than \(Self.maximumSourceDepth) deep (does it source itself?)")
        }
        let text: String
        do {
            text = try ScriptText.read(path)
        } catch {
            if let signal = error.signal, signal != SIGINT {
                session.exitRequest = 128 + signal
                return
            }
            guard error.location != nil else { throw CommandError("source: \(error.phrase)") }
            session.output.errorLine(error.report(name: path))
            throw ReportedFailure()
        }
        sourceDepth += 1
        defer { sourceDepth -= 1 }
        switch run(text, origin: .file(path), arguments: [path] + arguments) {
        case .finished: break
        case .stopped: throw ReportedFailure()
        case .exit: break  // exitRequest is set on the session; the outer runner sees it
        }
    }

    /// Ends the session: every container it started is stopped and removed.
    public func close() {
        session.close()
    }
}

/// How a run of commands ended.
public enum ScriptOutcome: Equatable, Sendable {
    /// Every command ran; `failures` counts those that failed (prompt, keep-going).
    case finished(failures: Int)
    /// A command failed and the run stopped there.
    case stopped
    /// `quit`/`exit` or a termination signal: leave with this status.
    case exit(Int32)
}
