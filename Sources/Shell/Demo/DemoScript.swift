import CtrCommands

/// A script cut into what a demo shows: narration (its comments), blank
/// lines, presenter notes (`##` comments, never shown to the audience),
/// and steps (a command as written, with the `expect` lines right
/// after it, which run with it but are not shown). A command that ends
/// with the comment `# hidden` is a setup step the audience does not see.
/// A line `#demo typing DURATION` (as doitlive's `#doitlive speed:`) sets
/// how long each typed character takes from there on; `0` types at once.
struct DemoScript {
    /// One piece of a demo.
    enum Item: Equatable {
        /// A comment, shown as narration without its `#`.
        case narration(String)
        /// A `##` comment: for the presenter (how to run the script, what
        /// to say), never on the audience's screen.
        case presenterNote(String)
        /// An empty line.
        case blank
        /// A command as typed, the hidden checks after it, the line it
        /// starts on, and whether the whole step is hidden.
        case step(command: String, checks: [String], line: Int, hidden: Bool)
        /// `#demo typing DURATION`: the typing pace from here on.
        case typing(Duration)
        /// A `#demo` line ctrsh does not understand, and why.
        case badDirective(line: Int, problem: Phrase)
    }

    let items: [Item]

    /// Cuts `text` into items; a command continued with `\` or an open quote
    /// stays one step.
    init(_ text: String) {
        var items: [Item] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if index == 0 && line.hasPrefix("#!") {
                index += 1
                continue
            }
            if trimmed.isEmpty {
                items.append(.blank)
                index += 1
                continue
            }
            if trimmed.hasPrefix("##") {
                items.append(.presenterNote(String(trimmed.drop { $0 == "#" }.drop { $0 == " " })))
                index += 1
                continue
            }
            if let directive = Self.directive(trimmed) {
                items.append(Self.item(directive: directive, line: index + 1))
                index += 1
                continue
            }
            if trimmed.hasPrefix("#") {
                items.append(.narration(String(trimmed.dropFirst().drop { $0 == " " })))
                index += 1
                continue
            }
            let start = index
            var command = line
            index += 1
            while Lexer.isIncomplete(command) && index < lines.count {
                command += "\n" + lines[index]
                index += 1
            }
            var checks: [String] = []
            while index < lines.count, Self.isExpect(lines[index]) {
                checks.append(lines[index])
                index += 1
            }
            items.append(.step(command: command, checks: checks, line: start + 1, hidden: Self.isHidden(command)))
        }
        // Trailing blank lines say nothing.
        while items.last == .blank { items.removeLast() }
        self.items = items
    }

    /// The words after `#demo` on a directive line, nil for any other line.
    private static func directive(_ line: Substring) -> [Substring]? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.first == "#demo" ? Array(words.dropFirst()) : nil
    }

    /// What a `#demo` line asks for.
    private static func item(directive words: [Substring], line: Int) -> Item {
        guard words.first == "typing" else {
            return .badDirective(
                line: line, problem: "unknown demo directive `#demo \(words.joined(separator: " "))`: `#demo typing 20ms` sets how fast commands are typed")
        }
        guard words.count == 2 else {
            return .badDirective(line: line, problem: "`#demo typing` takes one duration, e.g. `#demo typing 20ms` (`0` types at once)")
        }
        do {
            return .typing(try ValueParser.duration(String(words[1])))
        } catch {
            return .badDirective(line: line, problem: "#demo typing: \(Diagnostics.phrase(for: error))")
        }
    }

    /// True when the command's last line ends with the comment `# hidden`.
    static func isHidden(_ command: String) -> Bool {
        let last = command.split(separator: "\n").last ?? ""
        let words = last.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.count > 2 && words.suffix(2) == ["#", "hidden"]
    }

    private static func isExpect(_ line: String) -> Bool {
        var lexer = Lexer(line)
        guard let command = try? lexer.next() else { return false }
        return ScriptRunner.expectForm(command) != nil
    }
}
