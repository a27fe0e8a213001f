import Glibc

/// The machine ctrsh runs on, as `uname -m` names it (`x86_64`).
enum HostMachine {
    static var name: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
