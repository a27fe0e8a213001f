import CEditLineShim
import CtrCommands
import CtrRuntime
import Glibc

/// The prompt's line editor, on libedit: emacs key bindings and the user's
/// `~/.editrc`, history recall, TAB completion, Ctrl-C that clears the line.
/// One object owns the `EditLine` and its history; the C callbacks find it
/// again through libedit's client data pointer.
final class LineEditor {
    /// What one `readLine` got.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case end
        /// SIGTERM or SIGHUP arrived while waiting for input.
        case terminated(Int32)
    }

    /// Completes the text before the cursor.
    var completer: ((String) -> Completion)?
    let history: HistoryStore
    private let editLine: OpaquePointer
    private let editHistory: OpaquePointer
    private var prompt: UnsafeMutablePointer<CChar>?
    private var interrupted = false
    private var terminationSignal: Int32?

    /// A line editor on the terminal, or nil when libedit cannot start.
    init?(history: HistoryStore) {
        setlocale(LC_CTYPE, "")  // or libedit drops non-ASCII input
        guard let editLine = ctr_el_open("ctrsh"),
              let editHistory = ctr_history_open(Int32(HistoryStore.capacity))
        else { return nil }
        self.editLine = editLine
        self.editHistory = editHistory
        self.history = history
        for entry in history.entries { ctr_history_add(editHistory, entry) }
        ctr_el_configure(
            editLine,
            { el in LineEditor.from(el)?.prompt },
            Unmanaged.passUnretained(self).toOpaque(),
            editHistory,
            { el, character in LineEditor.from(el)?.readCharacter(into: character) ?? 0 })
        _ = el_source(editLine, nil)  // ~/.editrc, before the bindings ctrsh needs
        ctr_el_bind_function(editLine, "ctrsh-complete", "complete the word", { el, _ in
            LineEditor.from(el)?.complete() ?? UInt8(CC_ERROR)
        }, "^I")
        ctr_el_bind_function(editLine, "ctrsh-interrupt", "abandon the line", { el, _ in
            LineEditor.from(el)?.interrupted = true
            return UInt8(CC_NEWLINE)
        }, "^C")
    }

    deinit {
        el_end(editLine)
        history_end(editHistory)
        free(prompt)
    }

    private static func from(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let data = ctr_el_client_data(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Shows `promptText` and reads one line.
    func readLine(prompt promptText: String) -> Input {
        free(prompt)
        prompt = strdup(promptText)
        interrupted = false
        terminationSignal = nil
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if let signal = terminationSignal { return .terminated(signal) }
        if interrupted {
            writeOut("^C\n")
            return .interrupted
        }
        guard let raw, count > 0 else { return .end }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds an entered line to the history (in memory and on disk).
    func remember(_ line: String) {
        history.add(line)
        ctr_history_add(editHistory, line)
    }

    // MARK: - Callbacks

    /// libedit's character reader: one UTF-8 character from the terminal.
    /// Returns 1 with a character, 0 to end input (Ctrl-D, or a signal that
    /// ends the session), -1 on error.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>?) -> Int32 {
        var bytes: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 0 { return 0 }
            if n < 0 {
                guard errno == EINTR else { return -1 }
                let signals = SignalInbox.take()
                if signals.contains(SIGWINCH) { el_resize(editLine) }
                if let ending = [SIGTERM, SIGHUP].first(where: signals.contains) {
                    terminationSignal = ending
                    return 0
                }
                continue
            }
            bytes.append(byte)
            let expected = byte < 0x80 && bytes.count == 1 ? 1 : Self.sequenceLength(bytes[0])
            guard bytes.count >= expected else { continue }
            guard let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first else {
                // Not UTF-8: left out of the line, with the terminal's bell
                // so that it is not left out silently.
                writeOut("\u{7}")
                bytes.removeAll()
                continue
            }
            character?.pointee = wchar_t(scalar.value)
            return 1
        }
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }

    /// TAB: insert what all candidates share; list them when several remain.
    private func complete() -> UInt8 {
        guard let completer, let info = el_line(editLine)?.pointee, let start = info.buffer else {
            return UInt8(CC_ERROR)
        }
        let length = start.distance(to: info.cursor)
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        let completion = completer(before)
        if !completion.insertion.isEmpty {
            _ = el_insertstr(editLine, completion.insertion)
            return UInt8(CC_REDISPLAY)
        }
        guard completion.candidates.count > 1 else { return UInt8(CC_ERROR) }
        // Names may come from a container's root: their control characters shown, not acted on.
        writeOut("\n" + CompletionList.format(completion.candidates.map(DisplayText.escaped), width: terminalWidth()) + "\n")
        return UInt8(CC_REDISPLAY)
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    private func writeOut(_ text: String) {
        ctr_el_flush()
        _ = text.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
    }
}
