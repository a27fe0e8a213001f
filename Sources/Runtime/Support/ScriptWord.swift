/// Words written back as ctrsh commands (a recorded spec, an imported
/// bundle): quoted only when the prompt would otherwise read them apart.
public enum ScriptWord {
    /// `word` as the ctrsh prompt reads it back: single-quoted when it must be.
    public static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "/._-+=:,@%".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
