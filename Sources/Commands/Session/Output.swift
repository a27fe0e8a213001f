import CtrRuntime
import Glibc

/// Where commands print. Every line goes straight to ctrsh's standard
/// output or error (unbuffered, so it interleaves correctly with container
/// output) and is also kept as the command's output for `expect`.
public final class Output {
    /// What the current command printed so far, both streams together.
    public private(set) var captured = ""
    /// The language the session's words are said in.
    public var language: Language
    private let standardOutput: Int32
    private let standardError: Int32

    /// Output to the given descriptors (tests pass pipes), in `language`
    /// (by default the one the environment asks for: `Language.preferred`).
    public init(
        standardOutput: Int32 = STDOUT_FILENO, standardError: Int32 = STDERR_FILENO,
        language: Language = .preferredByEnvironment
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.language = language
    }

    /// Says `phrase` in the session's language on standard output, with a
    /// newline; control characters but newline and tab are escaped
    /// (`DisplayText`): a line may quote what a container chose.
    public func line(_ phrase: Phrase = "") { line(verbatim: phrase.text(in: language)) }

    /// Prints `text` (a program's words, a table of facts) and a newline to
    /// standard output, escaped as by `line`.
    public func line(verbatim text: String) { write(DisplayText.printable(text) + "\n", to: standardOutput) }

    /// Prints `text` and a newline to standard output, dimmed (SGR 2) when
    /// `styled`: ctrsh's own asides (a demo's narration). `text` is escaped
    /// as by `line`; only the style's own sequences reach the terminal.
    public func dimLine(_ text: String, styled: Bool) {
        let shown = DisplayText.printable(text)
        write((styled ? "\u{1B}[2m\(shown)\u{1B}[0m" : shown) + "\n", to: standardOutput)
    }

    /// Prints `text` as it is to standard output.
    public func write(_ text: String) { write(text, to: standardOutput) }

    /// Prints `text` to standard output without keeping it for `expect`
    /// (a pager's prompt; its text was recorded whole).
    func writeUncaptured(_ text: String) { writeAll(text.utf8, to: standardOutput) }

    /// The columns and rows of the terminal standard output is, or nil
    /// when it is not a terminal.
    public var terminalSize: (columns: Int, rows: Int)? {
        var size = winsize()
        guard isatty(standardOutput) == 1, ioctl(standardOutput, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0
        else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Says `phrase` in the session's language on standard error, escaped
    /// as by `line`.
    public func errorLine(_ phrase: Phrase) { errorLine(verbatim: phrase.text(in: language)) }

    /// Prints `text` and a newline to standard error, escaped as by `line`.
    public func errorLine(verbatim text: String) { write(DisplayText.printable(text) + "\n", to: standardError) }

    /// Appends text that reached the terminal another way (a container's
    /// captured output) to what `expect` sees.
    public func recordCaptured(_ text: String) { captured += text }

    /// The most of a streamed output (`logs`) that `expect` sees.
    public static let streamCaptureLimit = 8 << 20

    /// Prints what `produce` writes to the descriptor it is given (ctrsh's
    /// standard output), a chunk at a time, in constant memory; `expect`
    /// sees the first `streamCaptureLimit` bytes of it. `produce` reports
    /// each chunk it wrote to the sink it is given.
    public func stream(_ produce: (_ output: Int32, _ sink: (UnsafeRawBufferPointer) -> Void) -> Void) {
        var kept: [UInt8] = []
        produce(standardOutput) { chunk in
            kept.append(contentsOf: chunk.prefix(max(0, Self.streamCaptureLimit - kept.count)))
        }
        captured += String(decoding: kept, as: UTF8.self)
    }

    /// Starts a new command: what `expect` sees is cleared.
    public func beginCommand() { captured = "" }

    private func write(_ text: String, to fd: Int32) {
        captured += text
        writeAll(text.utf8, to: fd)
    }
}
