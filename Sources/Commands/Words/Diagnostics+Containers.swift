import CtrRuntime

/// The words for a live container's problems, with the commands that get
/// it going.
extension ContainerProblem {
    public var phrase: Phrase {
        switch self {
        case .runningAlready(let name): "start: `\(name)` is running already"
        case .notRunning(let name, let action):
            "\(action.command): `\(name)` is not running (`start` it, or `exec` to run a program as its PID 1)"
        case .paused(let name, let action):
            "\(action.command): `\(name)` is paused, and a process started in it would freeze at once: `resume` it first"
        case .pausedAlready(let name): "pause: `\(name)` is paused already"
        case .notPaused(let name): "resume: `\(name)` is not paused"
        case .noCgroup(let name, let action, let reason):
            "\(action.command): `\(name)` has no cgroup to freeze: \(reason.phrase)"
        case .missingNamespace(.uts, let name, .hostname, let owner?):
            "hostname: `\(name)` shares the uts namespace of `\(owner)`; change the hostname there"
        case .missingNamespace(.uts, let name, .hostname, nil):
            "hostname: `\(name)` shares the host's uts namespace; changing it would rename the host"
        case .missingNamespace(let kind, let name, let action, let owner?):
            """
            \(action.command): `\(name)` shares the \(kind.rawValue) namespace of `\(owner)`; \
            it needs a \(kind.rawValue) namespace of its own: stop it, `ns new \(kind.rawValue)`, and start it again
            """
        case .missingNamespace(let kind, let name, let action, nil):
            """
            \(action.command): `\(name)` shares the host's \(kind.rawValue) namespace; \
            it needs a \(kind.rawValue) namespace of its own: stop it, `ns new \(kind.rawValue)`, and start it again
            """
        case .vethAttached(let name, let hostEnd, let inside):
            "net veth: `\(name)` has a veth already (`\(hostEnd)`, \(inside) inside); `net veth off` first, to change it"
        case .unknownUser(let name, let root):
            "exec --user: no user `\(name)` in \(root)/etc/passwd (give a name listed there, or a number: 1000 or 1000:1000)"
        case .unknownGroup(let name, let root):
            "exec --user: no group `\(name)` in \(root)/etc/group (give a name listed there, or a number)"
        case .idTooLarge(let name, let id, let largest):
            "exec --user: `\(name)` means the ID \(id), beyond the largest ctrsh takes, \(largest) (give a user whose ID is in 0…\(largest))"
        }
    }
}

extension ContainerAction {
    /// The command that asked: `start`, `exec -d`, `net veth off`.
    var command: String {
        switch self {
        case .start: "start"
        case .exec: "exec"
        case .execDetached: "exec -d"
        case .stop: "stop"
        case .kill: "kill"
        case .pause: "pause"
        case .resume: "resume"
        case .wait: "wait"
        case .cgroup: "cgroup"
        case .hostname: "hostname"
        case .netUp: "net up"
        case .netVeth: "net veth"
        case .netVethOff: "net veth off"
        case .netShow: "net show"
        case .processes: "ps"
        }
    }
}

extension FreezeNote {
    /// "froze `web` while its root was copied, then thawed it".
    public var phrase: Phrase {
        switch self {
        case .froze(let name, let work): "froze `\(name)` while \(work.rootPhrase), then thawed it"
        case .noCgroup(let name, let work): "`\(name)` has no cgroup to freeze: \(work.rootPhrase) while it ran"
        case .failed(let name, let work, let error):
            "could not freeze `\(name)` (\(error.phrase)): \(work.rootPhrase) while it ran"
        }
    }
}

extension TreeWork {
    /// What happened to a container's root: "its root was copied".
    var rootPhrase: Phrase {
        switch self {
        case .copy: "its root was copied"
        case .export: "its root was read"
        }
    }
}

extension ContainerRuntime {
    /// Cleanup problems as one warning line, or nil when there were none.
    static func cleanupWarning(_ problems: [RuntimeError]) -> Phrase? {
        guard let first = problems.first else { return nil }
        let line: Phrase = "warning: \(first.phrase)"
        return problems.dropFirst().reduce(line) { line, next in "\(line); \(next.phrase)" }
    }
}
