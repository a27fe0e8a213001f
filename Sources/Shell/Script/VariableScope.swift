import CtrCommands
import Glibc

/// How `$NAME` finds its value: `$?` and positional arguments first, then
/// session variables (`let`), then ctrsh's own environment.
struct VariableScope {
    let session: Session
    /// `$0` is the script, `$1`… its arguments.
    let arguments: [String]

    func value(of name: String) -> String? {
        if name == "?" { return String(session.lastStatus) }
        if let index = Int(name), name.allSatisfy(\.isNumber) {
            return index < arguments.count ? arguments[index] : nil
        }
        if let value = session.variables[name] { return value }
        return getenv(name).map { String(cString: $0) }
    }
}
