import Glibc

/// Signal names and numbers, named once for messages, `kill SIGNAL` and
/// completion.
public enum SignalNames {
    /// Every standard signal, in number order.
    public static let all: [(name: String, number: Int32)] = [
        ("SIGHUP", SIGHUP), ("SIGINT", SIGINT), ("SIGQUIT", SIGQUIT), ("SIGILL", SIGILL),
        ("SIGTRAP", SIGTRAP), ("SIGABRT", SIGABRT), ("SIGBUS", SIGBUS), ("SIGFPE", SIGFPE),
        ("SIGKILL", SIGKILL), ("SIGUSR1", SIGUSR1), ("SIGSEGV", SIGSEGV), ("SIGUSR2", SIGUSR2),
        ("SIGPIPE", SIGPIPE), ("SIGALRM", SIGALRM), ("SIGTERM", SIGTERM), ("SIGSTKFLT", 16),
        ("SIGCHLD", SIGCHLD), ("SIGCONT", SIGCONT), ("SIGSTOP", SIGSTOP), ("SIGTSTP", SIGTSTP),
        ("SIGTTIN", SIGTTIN), ("SIGTTOU", SIGTTOU), ("SIGURG", SIGURG), ("SIGXCPU", SIGXCPU),
        ("SIGXFSZ", SIGXFSZ), ("SIGVTALRM", SIGVTALRM), ("SIGPROF", SIGPROF),
        ("SIGWINCH", SIGWINCH), ("SIGIO", SIGIO), ("SIGPWR", SIGPWR), ("SIGSYS", SIGSYS),
    ]

    /// `SIGSEGV` for 11; `signal 40` for a number without a name.
    public static func name(of number: Int32) -> String {
        all.first(where: { $0.number == number })?.name ?? "signal \(number)"
    }

    /// The number for `SIGTERM`, `TERM`, `term` or `15`.
    public static func number(of word: String) -> Int32? {
        if let n = Int32(word), n > 0, n < 65 { return n }
        let upper = word.uppercased()
        let name = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        return all.first(where: { $0.name == name })?.number
    }
}
