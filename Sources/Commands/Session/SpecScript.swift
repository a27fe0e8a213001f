import CtrRuntime

/// A container spec written back as the commands that set it up again:
/// what `record` puts first, so a recording started partway through a
/// session replays the same container. Only what differs from a new
/// container is written.
public enum SpecScript {
    /// The commands that make `session` again: its variables (`let`), then
    /// each of its containers, ending with the current one current.
    public static func commands(for session: Session) -> [String] {
        // Session variables first: the commands recorded later may use them.
        var lines = session.variables.sorted { $0.key < $1.key }.map { "let \(ScriptWord.quoted("\($0.key)=\($0.value)"))" }
        for container in session.containers {
            if container.name != "default" { lines.append("container new \(ScriptWord.quoted(container.name))") }
            lines += commands(for: container.spec, language: session.language)
            if container.live != nil {
                let note: Phrase = "# `\(container.name)` was running: its processes are not recorded"
                lines.append(note.text(in: session.language))
            }
        }
        if session.containers.last !== session.current {
            lines.append("container use \(ScriptWord.quoted(session.current.name))")
        }
        return lines
    }

    /// The commands that turn a new container's spec into `spec`; the
    /// comments among them in `language`.
    public static func commands(for spec: ContainerSpec, language: Language = .english) -> [String] {
        var lines: [String] = []
        let blank = ContainerSpec()
        if !spec.namespaces.isEmpty {
            lines.append("ns new " + spec.namespaces.sorted().map(\.rawValue).joined(separator: ","))
        }
        for join in spec.joins { lines.append("ns join \(join.kind.rawValue) \(ScriptWord.quoted(join.target))") }
        lines += idMaps(spec)
        if let hostname = spec.hostname { lines.append("hostname \(ScriptWord.quoted(hostname))") }
        if let rootfs = spec.rootfs {
            let source = spec.image?.source ?? rootfs.archive ?? rootfs.path
            lines.append(["rootfs use \(ScriptWord.quoted(source))", rootfs.overlay ? "--overlay" : nil, rootfs.readonly ? "--readonly" : nil]
                .compactMap { $0 }.joined(separator: " "))
        }
        lines += spec.mounts.map(mount)
        lines += cgroup(spec.cgroup)
        lines += environment(spec.env, from: spec.image?.env ?? blank.env)
        if let workdir = spec.workdir, workdir != spec.image?.workdir { lines.append("workdir \(ScriptWord.quoted(workdir))") }
        if spec.capabilities != blank.capabilities {
            lines.append("cap drop all")
            if !spec.capabilities.isEmpty { lines.append("cap add " + spec.capabilities.joined(separator: ",")) }
        }
        if spec.noNewPrivileges != blank.noNewPrivileges { lines.append("nnp \(spec.noNewPrivileges ? "on" : "off")") }
        if spec.seccomp != blank.seccomp { lines.append("seccomp \(spec.seccomp.rawValue)") }
        if spec.loopbackUp { lines.append("net up") }
        if let veth = spec.veth { lines.append("net veth \(veth.container)") }
        lines += devices(spec.devices, language: language)
        return lines
    }

    private static func idMaps(_ spec: ContainerSpec) -> [String] {
        if spec.uidMappings == spec.gidMappings {
            return spec.uidMappings.map { "user map \($0.containerID) \($0.hostID) \($0.count)" }
        }
        return spec.uidMappings.map { "user map \($0.containerID) \($0.hostID) \($0.count) --uid" }
            + spec.gidMappings.map { "user map \($0.containerID) \($0.hostID) \($0.count) --gid" }
    }

    private static func mount(_ mount: MountSpec) -> String {
        let destination = ScriptWord.quoted(mount.destination)
        switch mount.source {
        case .bind(let source):
            return "mount bind \(ScriptWord.quoted(source)) \(destination)" + (mount.readonly ? " ro" : "")
        case .tmpfs(let size):
            return "mount tmpfs \(destination)" + (size.map { " size=\(ByteLimit.format($0))" } ?? "")
        }
    }

    private static func cgroup(_ limits: CgroupLimits) -> [String] {
        LimitSummary.settings(limits, exactCPU: true).map { "cgroup set \($0.controller) \(ScriptWord.quoted($0.value))" }
    }

    /// `env` for each variable added or changed, `env rm` for each removed.
    private static func environment(_ env: [EnvironmentVariable], from start: [EnvironmentVariable]) -> [String] {
        let removed = start.filter { old in !env.contains { $0.name == old.name } }.map { ScriptWord.quoted($0.name) }
        let changed = env.filter { !start.contains($0) }.map { ScriptWord.quoted("\($0.name)=\($0.value)") }
        return (removed.isEmpty ? [] : ["env rm " + removed.joined(separator: " ")])
            + (changed.isEmpty ? [] : ["env " + changed.joined(separator: " ")])
    }

    /// The rules added to Docker's allow-list; a policy that does not start
    /// with that list (from an OCI bundle) has no commands and is noted.
    private static func devices(_ policy: DevicePolicy, language: Language) -> [String] {
        let docker = DevicePolicy.dockerDefault.rules
        guard policy.rules.starts(with: docker) else {
            let note: Phrase = "# the device policy (from an OCI bundle) has no commands: \(policy.rules.map(\.description).joined(separator: ", "))"
            return [note.text(in: language)]
        }
        return policy.rules.dropFirst(docker.count).map { "device \($0.allow ? "allow" : "deny") \($0.description)" }
    }
}
