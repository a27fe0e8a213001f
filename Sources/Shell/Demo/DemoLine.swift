import CtrCommands
import CtrRuntime

/// How a demo types a command: with the values of its variables, so the
/// audience sees `rootfs use ./alpine`, not `rootfs use "$1"`. A command
/// without variables (or only `$?`, whose value comes when it runs) is
/// typed as written, comments and quotes included.
enum DemoLine {
    static func shown(_ text: String, scope: VariableScope) -> String {
        var lexer = Lexer(text)
        var commands: [String] = []
        var expanded = false
        while true {
            guard let command = try? lexer.next() else { break }
            guard command.words.contains(where: usesVariable),
                  let words = try? command.words.map({ word throws(LexError) in try word.expand(scope.value(of:)) })
            else {
                commands.append(command.source)
                continue
            }
            expanded = true
            commands.append(words.map(ScriptWord.quoted).joined(separator: " "))
        }
        return expanded ? commands.joined(separator: "; ") : text
    }

    /// A `$NAME` other than `$?` (its value is known only once the
    /// command before has run).
    private static func usesVariable(_ word: Word) -> Bool {
        word.parts.contains { part in
            if case .variable(let name, _) = part { return name != "?" }
            return false
        }
    }
}
