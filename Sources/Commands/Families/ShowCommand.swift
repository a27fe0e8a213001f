import CtrRuntime
import FoundationEssentials

/// `show`: the current container's spec and state.
enum ShowCommand {
    static var family: CommandFamily { CommandFamily(
        "show", summary: "the current container's spec and state",
        examples: ["show", "show --json"],
        verbs: [
            Verb(flags: [Flag("--json", summary: "print the spec as JSON")], summary: "print the spec") { args in
                let json = args.has("--json")
                return { session in json ? try printJSON(session) : printText(session) }
            },
        ]) }

    private static func printText(_ session: Session) {
        let container = session.current
        let spec = container.spec
        var rows: [[String]] = [
            ["container", container.name],
            ["state", container.state.description],
            ["namespaces", spec.namespaces.isEmpty ? "none new (all shared with the host)" : spec.namespaces.sorted().map(\.rawValue).joined(separator: ",")],
            ["hostname", spec.hostname ?? "(the host's)"],
            ["rootfs", spec.rootfs.map(describe) ?? "(the host's /)"],
            ["mounts", spec.mounts.isEmpty ? "none extra" : spec.mounts.map { MountCommands.row($0).filter { $0 != "-" }.joined(separator: " ") }.joined(separator: ", ")],
            ["workdir", spec.workdir ?? (spec.rootfs == nil ? "(ctrsh's)" : "/")],
        ]
        rows.append(["cgroup", LimitSummary.text(spec.cgroup) ?? "no limits"])
        rows.append(["env", spec.env.map { "\($0.name)=\($0.value)" }.joined(separator: " ")])
        rows.append(["seccomp", SeccompCommands.summary(spec)])
        Table.print(rows, to: session.output)
    }

    /// `/srv/root (overlay, read-only)`, or the tarball it came from.
    private static func describe(_ rootfs: RootfsSpec) -> String {
        var notes: [String] = []
        if let archive = rootfs.archive { notes.append("unpacked from \(archive)") }
        if rootfs.overlay { notes.append("overlay") }
        if rootfs.readonly { notes.append("read-only") }
        return rootfs.path + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
    }

    private static func printJSON(_ session: Session) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(ShownContainer(name: session.current.name, state: session.current.state.description, spec: session.current.spec))
        session.output.line(String(decoding: data, as: UTF8.self))
    }

    private struct ShownContainer: Encodable {
        var name: String
        var state: String
        var spec: ContainerSpec
    }
}
