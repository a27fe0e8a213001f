import CtrRuntime
import Glibc

/// `ns new`, `ns rm`, `ns show`: which namespaces the container gets.
enum NamespaceCommands {
    static var family: CommandFamily { CommandFamily(
        "ns",
        summary: "choose the namespaces the container gets new",
        examples: ["ns new pid,uts,mnt", "ns new all", "ns rm net", "ns show"],
        verbs: [
            Verb("new", [Parameter("LIST", .namespaceList)], summary: "add namespaces (comma list, or `all`)") { args throws(CommandError) in
                let kinds = try args.namespaces("LIST")
                return { session in
                    try session.compose("ns new") { spec in spec.namespaces.formUnion(kinds) }
                }
            },
            Verb("rm", [Parameter("LIST", .namespaceList)], summary: "share these namespaces with the host again") { args throws(CommandError) in
                let kinds = try args.namespaces("LIST")
                return { session in
                    try session.compose("ns rm") { spec in spec.namespaces.subtract(kinds) }
                }
            },
            Verb("show", summary: "each namespace type, its inode on the host, and whether it is new") { _ in
                { session in show(session) }
            },
        ]) }

    private static func show(_ session: Session) {
        let spec = session.current.spec
        var rows = [["TYPE", "HOST INODE", "STATE"]]
        for kind in NamespaceKind.allCases {
            rows.append([
                kind.rawValue, hostInode(kind) ?? "-",
                spec.namespaces.contains(kind) ? "new" : "shared with host",
            ])
        }
        Table.print(rows, to: session.output)
    }

    /// The inode number in `/proc/self/ns/TYPE` (`pid:[4026531836]`).
    static func hostInode(_ kind: NamespaceKind) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/self/ns/\(kind.procName)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let open = link.firstIndex(of: "["), let close = link.firstIndex(of: "]") else { return nil }
        return String(link[link.index(after: open)..<close])
    }
}
