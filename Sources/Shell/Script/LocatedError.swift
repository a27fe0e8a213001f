import CtrCommands

/// `FILE:LINE:COL: error: MESSAGE`, the one form every script error takes:
/// the prefix is the same in every language (editors and CI parse it); the
/// message is in the session's.
enum LocatedError {
    static func phrase(_ file: String, line: Int, column: Int, _ message: Phrase) -> Phrase {
        "\(file):\(line):\(column): error: \(message)"
    }
}
