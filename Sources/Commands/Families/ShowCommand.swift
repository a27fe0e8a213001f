import CtrRuntime
import FoundationEssentials
import Glibc

/// `show`: the current container's spec and state.
enum ShowCommand {
    static var family: CommandFamily {
        let json = Switch("--json", summary: "print the spec as JSON")
        return CommandFamily(
            "show", summary: "the current container's spec and state",
            examples: ["show", "show --json"],
            verbs: [
                Verb(flags: [json], summary: "print the spec") { args in
                    let json = args[json]
                    return { session in json ? try printJSON(session) : printText(session) }
                },
            ])
    }

    private static func printText(_ session: Session) {
        let container = session.current
        let spec = container.spec
        var rows: [(Phrase, Phrase)] = [
            ("container", "\(container.name)"),
            ("state", container.state.phrase),
            ("namespaces", spec.namespaces.isEmpty ? "none new (all shared with the host)" : "\(spec.namespaces.sorted().map(\.rawValue).joined(separator: ","))"),
        ]
        if spec.namespaces.contains(.user) {
            let maps = IDMapKind.allCases.map { kind in
                "\(kind) " + kind.effectiveMappings(in: spec).map(\.arrow).joined(separator: ", ")
            }.joined(separator: "; ")
            rows.append(("user", geteuid() == 0 ? "\(maps)" : "\(maps) (a user namespace because ctrsh runs without root)"))
        }
        rows += [
            ("hostname", hostname(of: container)),
            ("rootfs", spec.rootfs.map(describe) ?? "(the host's /)"),
            ("mounts", spec.mounts.isEmpty ? "none extra" : "\(spec.mounts.map { MountCommands.row($0).filter { $0 != "-" }.joined(separator: " ") }.joined(separator: ", "))"),
            ("workdir", workdir(of: spec)),
            ("network", NetworkCommands.summary(spec)),
        ]
        if let image = spec.image { rows += imageRows(image, spec: spec) }
        rows.append(("cgroup", LimitSummary.text(spec.cgroup).map { "\($0)" } ?? "no limits"))
        rows.append(("env", "\(spec.env.map { "\($0.name)=\($0.value)" }.joined(separator: " "))"))
        if let image = spec.image {
            let inherited = image.env.filter { spec.env.contains($0) }.map(\.name)
            if !inherited.isEmpty { rows.append(("", "(\(inherited.joined(separator: ", ")) from the image config)")) }
        }
        rows.append(("seccomp", "\(SeccompCommands.summary(spec))"))
        rows.append(("devices", deviceSummary(spec.devices, runtime: session.runtime)))
        let language = session.output.language
        Table.print(rows.map { [$0.0.text(in: language), $0.1.text(in: language)] }, to: session.output)
    }

    private static func hostname(of container: Container) -> Phrase {
        if let hostname = container.spec.hostname { return "\(hostname)" }
        return container.spec.namespaces.contains(.uts) ? "\(container.name) (its name, by default)" : "(the host's)"
    }

    private static func workdir(of spec: ContainerSpec) -> Phrase {
        let fromImage = spec.workdir != nil && spec.workdir == spec.image?.workdir
        guard let workdir = spec.workdir else { return spec.rootfs == nil ? "(ctrsh's)" : "/" }
        return fromImage ? "\(workdir) (from the image config)" : "\(workdir)"
    }

    /// The device policy in one line: Docker's list by name, else its
    /// rules; or why it is not enforced (no root, no cgroup).
    static func deviceSummary(_ policy: DevicePolicy, runtime: ContainerRuntime) -> Phrase {
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
        // `allow c 1:3 rwm`: the rule as `device allow` takes it (a command, not words).
        let listed = (extendsDocker ? Array(policy.rules.dropFirst(docker.count)) : policy.rules)
            .map { ($0.allow ? "allow " : "deny ") + $0.description }.joined(separator: ", ")
        return extendsDocker ? "Docker's allow-list, then \(listed) (`device show` lists them)" : "\(listed)"
    }

    /// Where the image root came from, and what its config makes the default.
    private static func imageRows(_ image: ImageDefaults, spec: ContainerSpec) -> [(Phrase, Phrase)] {
        var user: Phrase = "root (the image sets none)"
        if let name = image.user, let uid = image.uid, let gid = image.gid {
            user = name == "\(uid):\(gid)" ? "\(uid):\(gid) (from the image config)" : "\(uid):\(gid) (`\(name)`) (from the image config)"
        }
        return [
            ("image", "\(image.source) (\(image.manifestDigest))"),
            ("command", image.command.isEmpty ? "none: exec and run need a program" : "\(RootfsCommands.commandText(image.command)) (from the image config)"),
            ("user", user),
        ]
    }

    /// `/srv/root (overlay, read-only)`, or the tarball it came from.
    private static func describe(_ rootfs: RootfsSpec) -> Phrase {
        var notes: [Phrase] = []
        if let archive = rootfs.archive { notes.append("unpacked from \(archive)") }
        if rootfs.overlay { notes.append("overlay") }
        if rootfs.readonly { notes.append("read-only") }
        guard !notes.isEmpty else { return "\(rootfs.path)" }
        return "\(rootfs.path) (\(Phrase.joined(notes)))"
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
