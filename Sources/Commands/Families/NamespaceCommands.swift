import CtrRuntime
import Glibc

/// `ns new`, `ns rm`, `ns show`: which namespaces the container gets.
enum NamespaceCommands {
    static var family: CommandFamily {
        let list = Operand("LIST", .namespaceList)
        let type = Operand("TYPE", .namespace)
        let target = Operand("TARGET", .container(.otherLive))
        return CommandFamily(
            "ns",
            summary: "choose the namespaces the container gets new",
            examples: ["ns new pid,uts,mnt", "ns new all", "ns rm net", "ns show"],
            verbs: [
                Verb("new", [list], summary: "add namespaces (comma list, or `all`)") { args in
                    let kinds = args[list]
                    return { session in
                        try session.compose("ns new") { spec in
                            spec.namespaces.formUnion(kinds)
                            spec.joins.removeAll { kinds.contains($0.kind) }  // new replaces shared
                        }
                    }
                },
                Verb("rm", [list], summary: "share these namespaces with the host again") { args in
                    let kinds = args[list]
                    return { session in
                        try session.compose("ns rm") { spec in
                            spec.namespaces.subtract(kinds)
                            spec.joins.removeAll { kinds.contains($0.kind) }
                        }
                    }
                },
                Verb("join", [type, target],
                     summary: "share namespace TYPE with a container of this session, a host PID, or a path like /proc/PID/ns/net") { args in
                    let kind = args[type]
                    let target = args[target]
                    return { session in try join(kind, target, session: session) }
                },
                Verb("show", summary: "each namespace type, its inode on the host and in the container, and whether it is new") { _ in
                    { session in show(session) }
                },
            ])
    }

    private static func join(_ kind: NamespaceKind, _ target: String, session: Session) throws {
        let path: String
        if let container = session.container(named: target) {
            guard let live = container.live else {
                throw CommandError("ns join: `\(target)` is not running (`container use \(target)` and `start` it first)", wordIndex: 3)
            }
            path = "/proc/\(live.first.pid)/ns/\(kind.procName)"
            if !live.spec.namespaces.contains(kind) && !live.spec.joins.contains(where: { $0.kind == kind }) {
                session.output.errorLine(
                    "warning: ns join: `\(target)` has no \(kind) namespace of its own: it shares the host's, and so will `\(session.current.name)` (give `\(target)` one with `ns new \(kind)` before it starts)")
            }
        } else if let pid = Int32(target), pid > 0 {
            path = "/proc/\(pid)/ns/\(kind.procName)"
        } else if target.hasPrefix("/") {
            path = target
        } else {
            throw CommandError("ns join: `\(target)` is no container of this session (\(session.containers.map(\.name).joined(separator: ", "))), PID or path", wordIndex: 3)
        }
        guard access(path, F_OK) == 0 else {
            if errno != ENOENT {
                throw CommandError("ns join: cannot use `\(path)`: \(ErrnoWords.phrase(errno))", wordIndex: 3)
            }
            throw CommandError("ns join: no \(kind) namespace at `\(path)` (is the process gone?)", wordIndex: 3)
        }
        try session.compose("ns join") { spec in
            spec.namespaces.remove(kind)
            spec.joins.removeAll { $0.kind == kind }
            spec.joins.append(JoinedNamespace(kind: kind, path: path, target: target))
        }
    }

    private static func show(_ session: Session) {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        let inside = session.runtime.namespaceInodes(of: container)
        let language = session.output.language
        var rows = [["TYPE", "HOST INODE", "CONTAINER INODE", "STATE"].map { (header: Phrase) in header.text(in: language) }]
        for kind in NamespaceKind.allCases {
            let state: Phrase
            if spec.namespaces.contains(kind) {
                state = "new"
            } else if let join = spec.joins.first(where: { $0.kind == kind }) {
                state = "joined (\(join.target))"
            } else {
                state = "shared with host"
            }
            rows.append([kind.rawValue, NamespaceInodes.inode(kind) ?? "-", inside[kind] ?? "-", state.text(in: language)])
        }
        Table.print(rows, to: session.output)
    }
}
