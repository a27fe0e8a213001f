import CtrCommands
import CtrRuntime
import Glibc

/// `record FILE`: every command that succeeds from now on is appended, as
/// typed, to a script that replays the session. The script starts with a
/// header naming the date and the ctrsh version.
final class SessionRecorder {
    let path: String
    private let fd: Int32

    /// Opens `path` for recording; refuses an existing file unless `force`.
    init(path: String, force: Bool) throws(CommandError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o755)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "exists already (use `record \(path) --force` to replace it)" : errnoText(errno)
            throw CommandError("record: `\(path)` \(reason)")
        }
        self.path = path
        self.fd = fd
        write("#!/usr/bin/env ctrsh\n# Recorded by ctrsh \(CtrshVersion.current) on \(Self.timestamp()).\n")
    }

    /// Appends one command as typed.
    func append(_ source: String) {
        write(source + "\n")
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

/// `record FILE [--force]` and `record stop`.
enum RecordCommand {
    static func family(for shell: Shell) -> CommandFamily {
        CommandFamily(
            "record", summary: "save every command that succeeds from now on into a .ctrsh script",
            examples: ["record my-session.ctrsh", "record my-session.ctrsh --force", "record stop"],
            verbs: [
                Verb("stop", summary: "stop recording") { [weak shell] _ in
                    { session in
                        guard let shell, let recorder = shell.recorder else { throw CommandError("record stop: nothing is being recorded") }
                        session.output.line("record: saved \(recorder.path)")
                        shell.recorder = nil
                    }
                },
                Verb([Parameter("FILE", .path)], flags: [Flag("--force", summary: "replace FILE if it exists")],
                     summary: "start recording into FILE") { [weak shell] args in
                    let path = args.string("FILE") ?? ""
                    let force = args.has("--force")
                    return { session in
                        guard let shell else { return }
                        if let recorder = shell.recorder { throw CommandError("record: already recording into `\(recorder.path)` (`record stop` first)") }
                        shell.recorder = try SessionRecorder(path: path, force: force)
                        session.output.line("record: every command that succeeds goes into \(path) until `record stop`")
                    }
                },
            ])
    }
}
