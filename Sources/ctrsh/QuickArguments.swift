/// The command lines ctrsh reads without ArgumentParser, because they are
/// the ones scripts, benchmarks and `#!` lines use. Each means exactly what
/// ArgumentParser would make of it; anything else (an option other than
/// `-c`, `--check` or `--keep-going`, `--help`, `--version`) returns nil.
enum QuickArguments {
    static func parse(_ words: [String]) -> Invocation? {
        var invocation = Invocation()
        var rest = words[...]
        while let word = rest.first, word.hasPrefix("-"), word != "-" {
            switch word {
            case "--check": invocation.check = true
            case "--keep-going": invocation.keepGoing = true
            case "-c" where invocation.commands == nil && rest.count >= 2:
                rest = rest.dropFirst()
                invocation.commands = rest.first
            default: return nil
            }
            rest = rest.dropFirst()
        }
        // After -c nothing else may follow here: ArgumentParser decides
        // what a stray word means.
        if invocation.commands != nil { return rest.isEmpty ? invocation : nil }
        if let script = rest.first {
            invocation.script = script
            invocation.arguments = Array(rest.dropFirst())
        }
        return invocation
    }
}
