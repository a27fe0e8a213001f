import CtrRuntime
import Glibc

/// `start`, `stop`, `kill`, `pause`, `resume`, `wait`, `ps`, `logs`: a
/// container that stays alive between commands.
enum LifecycleCommands {
    static var start: CommandFamily { CommandFamily(
        "start", summary: "start the container with a small init as PID 1, so that later `exec`s join it",
        examples: ["start", "start; exec -d /bin/sleep 300; ps"],
        verbs: [Verb(summary: "start ctrsh-init as PID 1") { _ in
            { session in
                try session.resolveJoins(for: "start")
                try session.runtime.start(session.current)
            }
        }]) }

    static var stop: CommandFamily {
        let name = Operand(optional: "NAME", .container(.live))
        let timeout = Option("--timeout", .duration, summary: "how long to wait before SIGKILL (default 5s)")
        return CommandFamily(
            "stop", summary: "stop the container: SIGTERM to PID 1, SIGKILL after the timeout",
            examples: ["stop", "stop web", "stop --timeout 10s"],
            verbs: [
                Verb([name], flags: [timeout],
                     summary: "stop NAME (default: the current container); its processes and cgroup are removed") { args in
                    let timeout = args[timeout] ?? .seconds(5)
                    let name = args[name]
                    return { session in
                        let container = try session.target(name, for: "stop")
                        let (status, problems) = try session.runtime.stop(container, timeout: timeout)
                        if let warning = ContainerRuntime.cleanupWarning(problems) { session.output.errorLine(warning) }
                        session.lastStatus = status.code
                        session.output.line("stop: `\(container.name)` PID 1 \(status)")
                    }
                },
            ])
    }

    static var kill: CommandFamily {
        let signal = Operand(optional: "SIGNAL", .signal)
        return CommandFamily(
            "kill", summary: "send a signal to the container's PID 1",
            examples: ["kill", "kill HUP", "kill SIGKILL"],
            verbs: [
                Verb([signal], summary: "send SIGNAL (default TERM)") { args in
                    let signal = args[signal] ?? SIGTERM
                    return { session in
                        try session.runtime.signal(session.current, signal)
                        // Give PID 1 a moment to act on it, so that the prompt
                        // that follows tells how it ended, not `:running`.
                        if let status = session.runtime.awaitSignalled(session.current) {
                            session.output.line("kill: `\(session.current.name)` PID 1 \(status)")
                        }
                    }
                },
            ])
    }

    static var pause: CommandFamily {
        let name = Operand(optional: "NAME", .container(.running))
        return CommandFamily(
            "pause", summary: "freeze every process of the container",
            examples: ["pause", "pause web"],
            verbs: [Verb([name], summary: "freeze NAME (default: the current container)") { args in
                let name = args[name]
                return { session in try session.runtime.setPaused(try session.target(name, for: "pause"), true) }
            }])
    }

    static var resume: CommandFamily {
        let name = Operand(optional: "NAME", .container(.paused))
        return CommandFamily(
            "resume", summary: "thaw a paused container",
            examples: ["resume", "resume web"],
            verbs: [Verb([name], summary: "thaw NAME (default: the current container)") { args in
                let name = args[name]
                return { session in try session.runtime.setPaused(try session.target(name, for: "resume"), false) }
            }])
    }

    static var wait: CommandFamily {
        let name = Operand(optional: "NAME", .container(.started))
        return CommandFamily(
            "wait", summary: "wait for the container's PID 1 to exit; sets $?",
            examples: ["exec -d /bin/sh -c 'sleep 1; exit 3'; wait; expect status 3", "wait web"],
            verbs: [
                Verb([name],
                     summary: "wait for NAME's PID 1 (default: the current container); one that exited already gives its status at once") { args in
                    let name = args[name]
                    return { session in
                        let container = try session.target(name, for: "wait")
                        if container.live == nil, let status = container.lastExit {
                            // As docker's: the status of one that ended already, at once.
                            session.lastStatus = status.code
                            guard status == .exited(0) else { throw ProcessFailure(command: "wait", status: status) }
                            session.output.line("wait: `\(container.name)` \(status)")
                            return
                        }
                        let (status, termination) = try session.runtime.wait(container)
                        if let termination { session.exitRequest = 128 + termination }
                        guard let status else {
                            if termination != nil { return }  // the session ends; it stops the container
                            // An error, so that Ctrl-C stops a script here as between commands.
                            session.lastStatus = 128 + SIGINT
                            throw CommandError("wait: interrupted by Ctrl-C; `\(container.name)` still runs")
                        }
                        session.lastStatus = status.code
                        guard status == .exited(0) else { throw ProcessFailure(command: "wait", status: status) }
                    }
                },
            ])
    }

    static var ps: CommandFamily {
        let name = Operand(optional: "NAME", .container(.live))
        return CommandFamily(
            "ps", summary: "the container's processes: PID inside, PID on the host, user, command",
            examples: ["ps", "ps web"],
            verbs: [
                Verb([name], summary: "list NAME's processes (default: the current container)") { args in
                    let name = args[name]
                    return { session in
                        let live = try session.runtime.running(try session.target(name, for: "ps"), for: .processes)
                        let headers: [Phrase] = ["PID", "HOST PID", "USER", "COMMAND"]
                        var rows = [headers.map { $0.text(in: session.output.language) }]
                        for entry in live.processes() {
                            rows.append([String(entry.containerPID), String(entry.hostPID),
                                         ProcessTable.userName(entry.uid, root: live.spec.rootfs?.path), DisplayText.escaped(entry.command)])
                        }
                        Table.print(rows, to: session.output, rightAligned: [0, 1])
                    }
                },
            ])
    }

    static var logs: CommandFamily {
        let name = Operand(optional: "NAME", .container(.live))
        let follow = Switch("--follow", short: "-f", summary: "go on printing what comes, until the container exits or Ctrl-C")
        return CommandFamily(
            "logs", summary: "what the container's detached processes printed",
            examples: ["exec -d /bin/sh -c 'echo hello'; logs", "logs web", "logs -f web"],
            verbs: [
                Verb([name], flags: [follow], summary: "print NAME's log (default: the current container)") { args in
                    let name = args[name]
                    let follow = args[follow]
                    return { session in
                        let container = try session.target(name, for: "logs")
                        guard let live = container.live else {
                            throw CommandError("logs: `\(container.name)` is not running; its log went with it")
                        }
                        // As printed, like `docker logs`; but the answers of a terminal to queries in it never reach the prompt.
                        defer { TerminalAnswers.discardPending() }
                        guard follow else {
                            session.output.stream { output, sink in live.log.copy(to: output, sink: sink) }
                            return
                        }
                        var ending: Int32?
                        session.output.stream { output, sink in
                            live.log.follow(to: output, sink: sink) { followOn(container, session: session, ending: &ending) }
                        }
                        if let ending { session.exitRequest = 128 + ending }
                    }
                },
            ])
    }

    /// Whether `logs -f` goes on: not once PID 1 exited (its status shown
    /// as between commands), Ctrl-C came, or ctrsh was asked to leave.
    private static func followOn(_ container: Container, session: Session, ending: inout Int32?) -> Bool {
        if let status = session.runtime.refresh(container) {
            session.output.errorLine("logs: `\(container.name)` PID 1 \(status)")
            return false
        }
        let signals = SignalInbox.take()
        if let signal = [SIGTERM, SIGHUP].first(where: signals.contains) {
            ending = signal
            return false
        }
        return !signals.contains(SIGINT)
    }
}
