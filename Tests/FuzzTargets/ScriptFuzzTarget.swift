import CtrCommands
import CtrRuntime
import CtrShell
import Glibc

/// The command language: the input is a script. It goes through the lexer
/// and expansion (`LexerInvariants`), through `--check`'s path, which
/// parses every command against the registry's declaration of its verb,
/// flags and arguments (`ScriptChecker`), and through the prompt's TAB
/// completion. Nothing runs: the check path prepares commands without
/// running any but `let`, and the session's runtime has no cgroup driver
/// and a state directory that does not exist.
enum ScriptFuzzTarget {
    static let target = FuzzTarget(
        name: "script", summary: "lexer, expansion, every command's argument parser (--check), completion",
        dictionary: dictionary
    ) { bytes in
        textProblems(in: Array(bytes)) + problems(in: String(decoding: bytes, as: UTF8.self))
    }

    /// What a script file's reader says of the bytes: a refusal (NUL,
    /// invalid UTF-8) must have a message and a position inside them.
    static func textProblems(in bytes: [UInt8]) -> [String] {
        guard let refusal = ScriptText.problem(in: bytes, name: "fuzz.ctrsh") else { return [] }
        guard let location = refusal.location, !refusal.message.isEmpty else {
            return ["the script reader refused \(bytes.count) bytes without a message or a position: \(refusal)"]
        }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count, location.column >= 1,
              location.column <= lines[location.line - 1].count + 1
        else { return ["the script reader placed `\(refusal.message)` at \(location), outside the input"] }
        return []
    }

    /// A runtime that can launch nothing: created once, because creating
    /// one installs ctrsh's signal handlers.
    nonisolated(unsafe) private static let runtime = ContainerRuntime(
        sessionID: "fuzz", cgroups: nil, state: StateDirectory(root: "/nonexistent/ctrsh-fuzz"))
    private static let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)

    /// A shell with the built-in commands and a fresh session (variables
    /// set by one input's `let` do not leak into the next).
    private static func shell() -> Shell {
        Shell(session: Session(runtime: runtime, output: Output(standardOutput: devNull, standardError: devNull)))
    }

    static func problems(in script: String) -> [String] {
        var problems = LexerInvariants.check(script).problems
        let shell = shell()
        let lines = LexerInvariants.lineLengths(script)
        for problem in ScriptChecker(shell: shell).problems(in: script, path: "fuzz.ctrsh", arguments: ["a"]) {
            if problem.message.isEmpty { problems.append("--check reported an empty message in \(LexerInvariants.shown(script))") }
            if !LexerInvariants.contains(problem.location, lines) {
                problems.append("--check: `\(problem.message)` at \(problem.location) is outside \(LexerInvariants.shown(script))")
            }
        }
        // Completing a path would read the host's directories: only the
        // current directory's (an empty or plain partial word) is read.
        if let context = Lexer.completionContext(script), !context.partialValue.contains("/") {
            _ = CompletionEngine(session: shell.session).complete(script)
        }
        return problems
    }

    /// Every word the registry declares (command names and aliases,
    /// subcommands, flags, fixed choices), the language's syntax, and
    /// values of each kind, in libFuzzer's dictionary format.
    static var dictionary: [String] {
        let registry = shell().session.registry
        var words: [String] = []
        for family in registry.families {
            words += [family.name] + family.aliases
            for verb in family.verbs {
                words += [verb.word].compactMap { $0 }
                words += verb.flags.flatMap { [$0.name] + [$0.short].compactMap { $0 } }
                words += verb.parameters.flatMap(\.kind.fixedWords)
            }
        }
        words += ["\\\n", "\"", "'", "\\", ";", "#", "$", "${", "}", "$?", "$1", "${10}", "$X", "=", ",", "--"]
        words += ["64M", "1.5G", "512K", "max", "50%", "0.5", "500ms", "2s", "1m", "0-1", "all", "/bin/sh", "./rootfs", "oci:"]
        return Array(Set(words)).sorted()
    }
}
