import CtrRuntime
import Glibc

/// Commands about the session itself rather than a container: `quit`,
/// `exit`, `let`, `echo`, `sleep`, `host`.
enum SessionCommands {
    static var quit: CommandFamily { CommandFamily(
        "quit", aliases: ["exit"], summary: "leave; every container this session started is cleaned up",
        examples: ["quit", "exit 3"],
        verbs: [
            Verb([Parameter("STATUS", .integer, optional: true)], summary: "leave with STATUS (default: `$?`)") { args in
                let status = args.string("STATUS").flatMap { Int32($0) }
                return { session in session.exitRequest = status ?? session.lastStatus }
            },
        ]) }

    static var letCommand: CommandFamily { CommandFamily(
        "let", summary: "set a session variable, used as $NAME",
        examples: ["let ROOT=./rootfs", "let GREETING=\"hello world\""],
        verbs: [
            Verb([Parameter("NAME=VALUE", .assignment)], summary: "set NAME") { args throws(CommandError) in
                let (name, value) = try ValueConversion.assignment(args.string("NAME=VALUE") ?? "", for: "let", at: args.position(of: "NAME=VALUE"))
                guard isVariableName(name) else {
                    throw args.error("let: `\(name)` is not a variable name (letters, digits and _, not starting with a digit)", at: "NAME=VALUE")
                }
                return { session in session.variables[name] = value }
            },
        ]) }

    static var echo: CommandFamily { CommandFamily(
        "echo", summary: "print words",
        examples: ["echo \"rootfs is $ROOT\""],
        verbs: [
            Verb([Parameter("WORD", .text, optional: true, repeating: true)], summary: "print the words, space-separated") { args in
                let words = args.list("WORD")
                return { session in session.output.line(words.joined(separator: " ")) }
            },
        ]) }

    static var sleep: CommandFamily { CommandFamily(
        "sleep", summary: "pause for a while",
        examples: ["sleep 500ms", "sleep 2s"],
        verbs: [
            Verb([Parameter("DURATION", .duration)], summary: "wait DURATION") { args throws(CommandError) in
                let duration = try args.duration("DURATION") ?? .zero
                return { session throws(CommandError) in
                    guard let signal = pause(duration) else { return }
                    if signal == SIGINT { throw CommandError("sleep: interrupted by Ctrl-C") }
                    session.exitRequest = 128 + signal
                }
            },
        ]) }

    static var host: CommandFamily { CommandFamily(
        "host", summary: "run a program on the host, outside every container",
        examples: ["host ps -o pid,cmd", "host hostname"],
        verbs: [
            Verb([Parameter("CMD", .program, repeating: true)], summary: "run CMD on the host") { args in
                let argv = args.list("CMD")
                return { session in
                    let status = try HostProgram.run(argv)
                    session.lastStatus = status.code
                    guard status == .exited(0) else { throw ProcessFailure(command: "host", status: status) }
                }
            },
        ]) }

    static var gc: CommandFamily { CommandFamily(
        "gc", summary: "remove what ctrsh sessions that were killed left behind: processes, cgroups, veth pairs, state, half-unpacked roots",
        examples: ["gc"],
        verbs: [
            Verb(summary: "collect leftovers of dead sessions") { _ in
                { session in
                    let collector = GarbageCollector(state: session.runtime.state, cgroups: session.runtime.cgroups, currentSession: session.runtime.sessionID)
                    let (sessions, problems) = collector.collect()
                    let removed = sessions + RootfsCache().removeAbandonedPartials().map { "unfinished unpack \($0)" }
                    for line in removed { session.output.line("gc: removed \(line)") }
                    if removed.isEmpty && problems.isEmpty { session.output.line("gc: nothing left behind") }
                    if !problems.isEmpty { throw CommandError("gc: " + problems.joined(separator: "; ")) }
                }
            },
        ]) }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// Sleeps for `duration`, resuming after other signals (a window
    /// resize); returns early with SIGINT, SIGTERM or SIGHUP, so that a
    /// script's `sleep` does not hold off Ctrl-C or the session's end.
    private static func pause(_ duration: Duration) -> Int32? {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        var others = Set<Int32>()
        defer { for signal in others { raise(signal) } }  // recorded again for whoever reads them next
        while nanosleep(&request, &remaining) < 0 && errno == EINTR {
            let signals = SignalInbox.take()
            if let ending = [SIGTERM, SIGHUP, SIGINT].first(where: signals.contains) {
                others.formUnion(signals.subtracting([ending]))
                return ending
            }
            others.formUnion(signals)
            request = remaining
        }
        return nil
    }
}
