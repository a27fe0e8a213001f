import CtrRuntime
import FoundationEssentials
import Glibc

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
        ]
        if spec.namespaces.contains(.user) {
            let maps = IDMapKind.allCases.map { kind in
                "\(kind) " + kind.effectiveMappings(in: spec).map(\.arrow).joined(separator: ", ")
            }
            let note = geteuid() == 0 ? "" : " (a user namespace because ctrsh runs without root)"
            rows.append(["user", maps.joined(separator: "; ") + note])
        }
        rows += [
            ["hostname", spec.hostname ?? (spec.namespaces.contains(.uts) ? "\(container.name) (its name, by default)" : "(the host's)")],
            ["rootfs", spec.rootfs.map(describe) ?? "(the host's /)"],
            ["mounts", spec.mounts.isEmpty ? "none extra" : spec.mounts.map { MountCommands.row($0).filter { $0 != "-" }.joined(separator: " ") }.joined(separator: ", ")],
            ["workdir", (spec.workdir ?? (spec.rootfs == nil ? "(ctrsh's)" : "/")) + fromImage(spec.workdir != nil && spec.workdir == spec.image?.workdir)],
            ["network", NetworkCommands.summary(spec)],
        ]
        if let image = spec.image { rows += imageRows(image, spec: spec) }
        rows.append(["cgroup", LimitSummary.text(spec.cgroup) ?? "no limits"])
        rows.append(["env", spec.env.map { "\($0.name)=\($0.value)" }.joined(separator: " ")])
        if let image = spec.image {
            let inherited = image.env.filter { spec.env.contains($0) }.map(\.name)
            if !inherited.isEmpty { rows.append(["", "(\(inherited.joined(separator: ", ")) from the image config)"]) }
        }
        rows.append(["seccomp", SeccompCommands.summary(spec).text(in: session.output.language)])
        rows.append(["devices", deviceSummary(spec.devices, runtime: session.runtime)])
        Table.print(rows, to: session.output)
    }

    /// The device policy in one line: Docker's list by name, else its
    /// rules; or why it is not enforced (no root, no cgroup).
    static func deviceSummary(_ policy: DevicePolicy, runtime: ContainerRuntime) -> String {
        guard ContainerRuntime.enforcesDevicePolicy else {
            return "not restricted: without root ctrsh can set no device policy (in the user namespace the kernel refuses mknod of a real device)"
        }
        guard runtime.cgroups != nil else {
            return "not restricted: the policy is enforced through the container's cgroup, and there is none here"
        }
        if policy == .dockerDefault {
            return "Docker's allow-list: mknod of any node; open only null, zero, full, random, urandom, tty, ptmx, pts/*, net/tun"
        }
        if policy.rules.isEmpty { return "nothing allowed: no device node can be made or opened" }
        let docker = DevicePolicy.dockerDefault.rules
        let extendsDocker = policy.rules.starts(with: docker)
        let listed = (extendsDocker ? Array(policy.rules.dropFirst(docker.count)) : policy.rules)
            .map { ($0.allow ? "allow " : "deny ") + $0.description }.joined(separator: ", ")
        return extendsDocker ? "Docker's allow-list, then \(listed) (`device show` lists them)" : listed
    }

    /// Where the image root came from, and what its config makes the default.
    private static func imageRows(_ image: ImageDefaults, spec: ContainerSpec) -> [[String]] {
        var user = "root (the image sets none)"
        if let name = image.user, let uid = image.uid, let gid = image.gid {
            user = "\(uid):\(gid)" + (name == "\(uid):\(gid)" ? "" : " (`\(name)`)") + fromImage(true)
        }
        return [
            ["image", "\(image.source) (\(image.manifestDigest))"],
            ["command", image.command.isEmpty ? "none: exec and run need a program" : RootfsCommands.commandText(image.command) + fromImage(true)],
            ["user", user],
        ]
    }

    private static func fromImage(_ inherited: Bool) -> String { inherited ? " (from the image config)" : "" }

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
        session.output.line(verbatim: String(decoding: data, as: UTF8.self))
    }

    private struct ShownContainer: Encodable {
        var name: String
        var state: String
        var spec: ContainerSpec
    }
}
