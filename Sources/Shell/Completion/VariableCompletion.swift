import Glibc

/// `$NAME` under the cursor: TAB completes the variable's name, as fish
/// and bash do, from the session's variables and the environment.
enum VariableCompletion {
    /// The partial word split at the `$` of a variable name being typed at
    /// its end (`x$HO` → `x`, `HO`); nil when it does not end in one.
    static func fragment(of partial: String) -> (before: String, name: String)? {
        guard let dollar = partial.lastIndex(of: "$") else { return nil }
        let name = partial[partial.index(after: dollar)...]
        guard name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }),
              name.first.map({ !$0.isNumber }) ?? true
        else { return nil }
        return (String(partial[...dollar]), String(name))
    }

    /// The names in ctrsh's own environment.
    static func environmentNames() -> [String] {
        var names: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") { names.append(String(text[..<equals])) }
            entry += 1
        }
        return names
    }
}
