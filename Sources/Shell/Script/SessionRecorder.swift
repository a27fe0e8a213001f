import CtrCommands
import CtrRuntime
import Glibc

/// `record FILE`: every command that succeeds from now on is appended, as
/// typed, to a script that replays the session. The script starts with a
/// header naming the date and the ctrsh version, then the commands that set
/// up the containers as they are when recording starts (`SpecScript`), so
/// a recording started partway through replays the same containers. It is
/// executable (`#!/usr/bin/env ctrsh`). With `--expect`, each program run
/// is followed by `expect` lines for its status and what it printed: the
/// recording becomes a regression test.
final class SessionRecorder {
    let path: String
    /// Whether program runs get `expect` lines.
    let writesExpectations: Bool
    private let fd: Int32
    /// The `expect` lines written for the last program run.
    private var lastExpectations: Set<String> = []

    /// Opens `path` for recording; refuses an existing file unless `force`.
    /// `setup` are the commands that make the session's containers so far;
    /// the header's comments are in `language`.
    init(
        path: String, force: Bool, expectations: Bool = false, setup: [String] = [], language: Language = .english
    ) throws(CommandError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o755)
        guard fd >= 0 else {
            guard errno == EEXIST else { throw CommandError("record: `\(path)`: \(ErrnoWords.phrase(errno))") }
            throw CommandError("record: `\(path)` exists already (use `record \(path) --force` to replace it)")
        }
        fchmod(fd, 0o755)  // executable whatever the umask: it starts with `#!`
        self.path = path
        self.fd = fd
        writesExpectations = expectations
        let recorded: Phrase = "# Recorded by ctrsh \(CtrshVersion.current) on \(Self.timestamp())."
        write("#!/usr/bin/env ctrsh\n\(recorded.text(in: language))\n")
        if !setup.isEmpty {
            let before: Phrase = "# The containers as they were when recording started:"
            let then: Phrase = "# Then:"
            write(([before.text(in: language)] + setup + [then.text(in: language)]).map { $0 + "\n" }.joined())
        }
    }

    /// Appends one command as typed (an `expect` the same as one `--expect`
    /// just wrote for the program is not written twice).
    func append(_ source: String) {
        if lastExpectations.contains(source) { return }
        lastExpectations = []
        write(source + "\n")
    }

    /// With `--expect`: the checks that a program run ended with `status`
    /// and printed `output` (its first and last lines, which are what
    /// usually tells; `contains` needs no regular-expression escaping).
    func appendExpectations(status: Int32, output: String) {
        guard writesExpectations else { return }
        var lines = ["expect status \(status)"]
        let printed = output.split(separator: "\n").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
        let telling = printed.count > 1 && printed.first != printed.last ? [printed[0], printed[printed.count - 1]] : Array(printed.prefix(1))
        lines += telling.map { "expect output contains \(ScriptWord.quoted($0))" }
        write(lines.map { $0 + "\n" }.joined())
        lastExpectations = Set(lines)
    }

    deinit { close(fd) }

    private func write(_ text: String) {
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
    }

    /// The current time as `2026-11-29 02:31 UTC`.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M UTC", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `record FILE [--force] [--expect]` and `record stop`.
enum RecordCommand {
    static func family(for shell: Shell) -> CommandFamily {
        let file = Operand("FILE", .path)
        let force = Switch("--force", summary: "replace FILE if it exists")
        let expect = Switch("--expect", summary: "after each program run, add `expect` lines for its status and output")
        return CommandFamily(
            "record", summary: "save every command that succeeds from now on into a .ctrsh script",
            examples: ["record my-session.ctrsh", "record my-session.ctrsh --force", "record test.ctrsh --expect", "record stop"],
            verbs: [
                Verb("stop", summary: "stop recording") { [weak shell] _ in
                    { session in
                        guard let shell, let recorder = shell.recorder else { throw CommandError("record stop: nothing is being recorded") }
                        session.output.line("record: saved \(recorder.path)")
                        shell.recorder = nil
                    }
                },
                Verb([file], flags: [force, expect],
                     summary: "start recording into FILE (first the containers as set up so far)") { [weak shell] args in
                    let path = args[file]
                    let force = args[force]
                    let expectations = args[expect]
                    return { session in
                        guard let shell else { return }
                        if let recorder = shell.recorder { throw CommandError("record: already recording into `\(recorder.path)` (`record stop` first)") }
                        shell.recorder = try SessionRecorder(
                            path: path, force: force, expectations: expectations, setup: SpecScript.commands(for: session),
                            language: session.language)
                        session.output.line("record: every command that succeeds goes into \(path) until `record stop`")
                    }
                },
            ])
    }
}
