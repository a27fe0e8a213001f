import CtrRuntime
import Glibc

/// Commands about the session itself rather than a container: `quit`,
/// `exit`, `let`, `echo`, `sleep`, `host`.
enum SessionCommands {
    static var quit: CommandFamily {
        let status = Operand(optional: "STATUS", .integer)
        return CommandFamily(
            "quit", aliases: ["exit"], summary: "leave; every container this session started is cleaned up",
            examples: ["quit", "exit 3"],
            verbs: [
                Verb([status], summary: "leave with STATUS, 0–255 (default: `$?`)") { args throws(CommandError) in
                    let status = try exitStatus(args, status)
                    return { session in
                        session.announceStops(for: "quit")
                        session.exitRequest = status ?? session.lastStatus
                    }
                },
            ])
    }

    /// STATUS as a process can exit with it: `exit(256)` would leave with 0.
    private static func exitStatus(_ args: Arguments, _ status: Operand<Int?>) throws(CommandError) -> Int32? {
        guard let number = args[status] else { return nil }
        guard (0...255).contains(number) else {
            throw args.error("quit: `\(number)` is not an exit status: a status is a whole number from 0 to 255", at: status)
        }
        return Int32(number)
    }

    static var letCommand: CommandFamily {
        let assignment = Operand("NAME=VALUE", .assignment)
        return CommandFamily(
            "let", summary: "set a session variable, used as $NAME",
            examples: ["let ROOT=./rootfs", "let GREETING=\"hello world\""],
            verbs: [
                Verb([assignment], summary: "set NAME") { args throws(CommandError) in
                    let (name, value) = (args[assignment].name, args[assignment].value)
                    guard isVariableName(name) else {
                        throw args.error("let: `\(name)` is not a variable name (letters, digits and _, not starting with a digit)", at: assignment)
                    }
                    return { session in session.variables[name] = value }
                },
            ])
    }

    static var echo: CommandFamily {
        let words = Operand(repeating: "WORD", .text, optional: true)
        return CommandFamily(
            "echo", summary: "print words",
            examples: ["echo \"rootfs is $ROOT\""],
            verbs: [
                Verb([words], summary: "print the words, space-separated") { args in
                    let words = args[words]
                    return { session in session.output.line(verbatim: spaced(words)) }
                },
            ])
    }

    /// The words with one space between them. Not `joined(separator:)`:
    /// the standard library's is generic and not inlinable, and its first
    /// call in a process has the Swift runtime scan every conformance record
    /// of the binary (7 % of `ctrsh -c echo`, docs/benchmarks.d/analysis.md).
    private static func spaced(_ words: [String]) -> String {
        var line = ""
        var first = true
        for word in words {
            if !first { line += " " }
            line += word
            first = false
        }
        return line
    }

    static var sleep: CommandFamily {
        let duration = Operand("DURATION", .duration)
        return CommandFamily(
            "sleep", summary: "pause for a while",
            examples: ["sleep 500ms", "sleep 2s"],
            verbs: [
                Verb([duration], summary: "wait DURATION") { args in
                    let duration = args[duration]
                    return { session throws(CommandError) in
                        guard let signal = SignalInbox.sleep(for: duration) else { return }
                        if signal == SIGINT { throw CommandError("sleep: interrupted by Ctrl-C") }
                        session.exitRequest = 128 + signal
                    }
                },
            ])
    }

    static var host: CommandFamily {
        let cmd = Operand(repeating: "CMD", .program)
        return CommandFamily(
            "host", summary: "run a program on the host, outside every container",
            examples: ["host ps -o pid,cmd", "host hostname"],
            verbs: [
                Verb([cmd], summary: "run CMD on the host") { args in
                    let argv = args[cmd]
                    return { session in
                        let run = try HostProgram.runInForeground(argv)
                        session.lastStatus = run.status.code
                        if let signal = run.terminationSignal {
                            session.output.errorLine("ctrsh: received \(SignalNames.name(of: signal)); the host program was stopped")
                            session.exitRequest = 128 + signal
                            return
                        }
                        guard run.status == .exited(0) else { throw ProcessFailure(command: "host", status: run.status) }
                    }
                },
            ])
    }

    static var gc: CommandFamily { CommandFamily(
        "gc", summary: "remove what ctrsh sessions that were killed left behind: processes, cgroups, veth pairs, state, half-unpacked roots, blobs no pulled image uses",
        examples: ["gc"],
        verbs: [
            Verb(summary: "collect leftovers of dead sessions") { _ in
                { session in
                    let collector = GarbageCollector(state: session.runtime.state, cgroups: session.runtime.cgroups, currentSession: session.runtime.sessionID)
                    let (collected, collectionProblems) = collector.collect()
                    var removed = collected.map(\.phrase)
                    var problems = collectionProblems.map(\.phrase)
                    let cache = RootfsCache()
                    removed += cache.removeAbandonedPartials().map { "unfinished unpack \($0)" }
                    do {
                        let pruned = try cache.prunePullLayout()
                        let layout = "\(cache.directory)/.registry-layout"
                        if pruned.count == 1 {
                            removed.append("1 file no pulled image uses from `\(layout)`")
                        } else if !pruned.isEmpty {
                            removed.append("\(pruned.count) files no pulled image uses from `\(layout)`")
                        }
                    } catch {
                        problems.append(Diagnostics.phrase(for: error))
                    }
                    for line in removed { session.output.line("gc: removed \(line)") }
                    if removed.isEmpty && problems.isEmpty { session.output.line("gc: nothing left behind") }
                    if let first = problems.first {
                        throw CommandError(problems.dropFirst().reduce("gc: \(first)") { line, next in "\(line); \(next)" })
                    }
                }
            },
        ]) }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
