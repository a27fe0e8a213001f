import CtrShell

/// What the lexer promises for any input, as checks a fuzzer or a test can
/// run: it always makes progress, every command has words, every location
/// (of a command, a word or an error) points inside the input, and the
/// prompt's services (`isIncomplete`, `completionContext`) never fail and
/// describe the text they were given.
public enum LexerInvariants {
    /// The result of checking one input.
    public struct Report {
        /// The promises the input broke, each naming the input.
        public var problems: [String] = []
        /// How many syntax and expansion errors the lexer reported.
        public var errors = 0
    }

    /// Lexes `script` to the end and expands every command's words with
    /// `variables`; checks every promise.
    public static func check(_ script: String, variables: [String: String] = ["X": "1", "?": "0", "1": "a"]) -> Report {
        var report = Report()
        let lines = lineLengths(script)
        func verify(_ location: SourceLocation, _ what: String) {
            if !contains(location, lines) {
                report.problems.append("\(what) at \(location) is outside \(shown(script))")
            }
        }
        var lexer = Lexer(script)
        var calls = 0
        while true {
            calls += 1
            guard calls <= script.utf8.count + 2 else {
                report.problems.append("the lexer makes no progress on \(shown(script))")
                break
            }
            do {
                guard let command = try lexer.next() else { break }
                if command.words.isEmpty { report.problems.append("a command without words in \(shown(script))") }
                verify(command.location, "command")
                for word in command.words { verify(word.location, "word") }
                do {
                    _ = try command.expandWords { variables[$0] }
                } catch {
                    report.errors += 1
                    verify(error.location, error.message)
                }
            } catch {
                report.errors += 1
                verify(error.location, error.message)
            }
        }
        _ = Lexer.isIncomplete(script)
        if let context = Lexer.completionContext(script) {
            if context.start > script.endIndex || String(script[context.start...]) != context.partial {
                report.problems.append("completion context \(shown(context.partial)) is not the end of \(shown(script))")
            }
        }
        return report
    }

    /// True when `location` is inside text whose lines are `lines`
    /// Characters long (a column may be one past the end of its line).
    public static func contains(_ location: SourceLocation, _ lines: [Int]) -> Bool {
        location.line >= 1 && location.line <= lines.count && location.column >= 1
            && location.column <= lines[location.line - 1] + 1
    }

    /// The length of each line of `text`, in Characters.
    public static func lineLengths(_ text: String) -> [Int] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).count
        }
    }

    /// `text` for a message: quoted, and cut short when long.
    static func shown(_ text: String) -> String {
        text.count <= 200 ? text.debugDescription : String(text.prefix(200)).debugDescription + "… (\(text.utf8.count) bytes)"
    }
}
