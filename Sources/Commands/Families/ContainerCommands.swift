import CtrRuntime

/// `container new|use|ls|rm` (alias `ctr`): several containers per session.
enum ContainerCommands {
    static var family: CommandFamily {
        let newName = Operand("NAME", .text)
        let name = Operand("NAME", .containerName)
        return CommandFamily(
            "container", aliases: ["ctr"], summary: "create, switch between, list and remove the session's containers",
            examples: ["container new web", "container use default", "container ls", "container rm web"],
            verbs: [
                Verb("new", [newName], summary: "create an empty container NAME and make it current") { args throws(CommandError) in
                    let name = args[newName]
                    guard isValidName(name) else {
                        throw args.error("container new: `\(name)` is not a container name (letters, digits, `-`, `_` and `.`, at most 64)", at: newName)
                    }
                    return { session in try session.addContainer(named: name) }
                },
                Verb("use", [name], summary: "make NAME current") { args in
                    let name = args[name]
                    return { session in try session.use(name) }
                },
                Verb("ls", summary: "every container: state, PID 1, namespaces, limits, rootfs") { _ in
                    { session in list(session) }
                },
                Verb("rm", [name], summary: "stop NAME if it runs, and remove it") { args in
                    let name = args[name]
                    return { session in try session.remove(name) }
                },
            ])
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }

    private static func list(_ session: Session) {
        let language = session.output.language
        let headers: [Phrase] = ["NAME", "STATE", "PID", "NAMESPACES", "LIMITS", "ROOTFS"]
        var rows = [headers.map { $0.text(in: language) }]
        for container in session.containers {
            let spec = container.live?.spec ?? container.spec
            let namespaces = spec.namespaces.sorted().map(\.rawValue) + spec.joins.map { "\($0.kind)=\($0.target)" }
            rows.append([
                (container === session.current ? "*" : "") + container.name,
                container.state.phrase.text(in: language),
                container.live.map { String($0.first.pid) } ?? "-",
                namespaces.isEmpty ? "-" : namespaces.joined(separator: ","),
                LimitSummary.text(container.live?.limits ?? spec.cgroup) ?? "-",  // live: what `cgroup set` wrote since
                spec.rootfs?.path ?? "-",
            ])
        }
        Table.print(rows, to: session.output)
    }
}

/// The limits of a spec in one short line: `memory 64M, pids 20`.
public enum LimitSummary {
    static func text(_ limits: CgroupLimits) -> String? {
        let parts = settings(limits).map { "\($0.controller) \($0.value)" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Each limit set, as `cgroup set CONTROLLER VALUE` takes it back; the
    /// CPU limit as shown (`50%`), or with `exactCPU` as its number of CPUs.
    public static func settings(_ limits: CgroupLimits, exactCPU: Bool = false) -> [(controller: String, value: String)] {
        var settings: [(controller: String, value: String)] = []
        for limit in CgroupLimitTable.all {
            guard let value = limit.value(limits) else { continue }
            if exactCPU, case .cpu(let cpu?) = value {
                settings.append((limit.word, "\(cpu.cpus)"))
            } else {
                settings.append((limit.word, "\(value)"))
            }
        }
        return settings + limits.raw.map { ($0.file, $0.value) }
    }
}

extension Container.State {
    /// `composing`, `running`, `exited 0`, as `container ls` shows it.
    var phrase: Phrase {
        switch self {
        case .composing: "composing"
        case .running: "running"
        case .paused: "paused"
        case .exited(let status): "exited \(status.code)"
        }
    }
}
