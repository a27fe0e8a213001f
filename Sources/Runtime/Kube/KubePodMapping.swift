import CtrKernel

/// One pod of `export kube`: the containers that share namespaces, the
/// first of them (`owner`) the one the others join. Builds the Pod and
/// collects a warning for each part of a spec Kubernetes has no form for.
struct KubePodMapping {
    let owner: KubeExport.Member
    let members: [KubeExport.Member]
    /// Every container's Kubernetes name (`KubeNames`), by session name.
    let labels: [String: String]
    private(set) var warnings: [KubeWarning] = []

    init(owner: KubeExport.Member, members: [KubeExport.Member], labels: [String: String]) {
        self.owner = owner
        self.members = members
        self.labels = labels
    }

    /// The Pod, its warnings kept in `warnings`.
    mutating func document() -> KubePodDocument {
        let podName = label(owner)
        let namespaces = owner.spec.namespaces
        var spec = KubePodDocument.Spec(containers: [])
        spec.hostNetwork = namespaces.contains(.net) ? nil : true
        spec.hostPID = namespaces.contains(.pid) ? nil : true
        spec.hostIPC = namespaces.contains(.ipc) ? nil : true
        if namespaces.contains(.uts) {
            spec.hostname = owner.spec.hostname
        } else {
            warn(owner, .hostUTS(hostname: podName))
        }
        if members.contains(where: { $0.spec.joins.contains { $0.kind == .pid } }) { spec.shareProcessNamespace = true }
        var volumes: [KubePodDocument.Volume] = []
        for member in members {
            spec.containers.append(container(member, volumes: &volumes))
            if member.name != owner.name { checkSharing(member) }
        }
        spec.volumes = volumes.isEmpty ? nil : volumes
        return KubePodDocument(metadata: .init(name: podName), spec: spec)
    }

    // MARK: - Containers

    private mutating func container(_ member: KubeExport.Member, volumes: inout [KubePodDocument.Volume]) -> KubePodDocument.Container {
        let spec = member.spec
        var container = KubePodDocument.Container(name: label(member), image: image(member))
        container.command = member.command
        if member.command == nil && spec.image?.command.isEmpty != false {
            warn(member, .noCommand)
        }
        container.workingDir = spec.workdir
        container.env = spec.env.isEmpty ? nil : spec.env.map { .init(name: $0.name, value: $0.value) }
        container.resources = resources(member)
        container.securityContext = securityContext(member)
        var mounts: [KubePodDocument.VolumeMount] = []
        for mount in spec.mounts {
            let volume = "\(container.name)-\(volumes.count + 1)"
            switch mount.source {
            case .bind(let path): volumes.append(.init(name: volume, hostPath: .init(path: path)))
            case .tmpfs(let size): volumes.append(.init(name: volume, emptyDir: .init(sizeLimit: size.map { "\($0)" })))
            }
            mounts.append(.init(name: volume, mountPath: mount.destination, readOnly: mount.readonly ? true : nil))
        }
        container.volumeMounts = mounts.isEmpty ? nil : mounts
        if spec.namespaces.contains(.user) { warn(member, .userNamespace) }
        if spec.namespaces.contains(.time) { warn(member, .timeNamespace) }
        if spec.devices != DevicePolicy.dockerDefault { warn(member, .deviceRules) }
        if let veth = spec.veth { warn(member, .veth(container: "\(veth.container)")) }
        return container
    }

    /// The image reference a cluster pulls: the registry or podman image
    /// the root came from; else `localhost/NAME:latest`, with a warning
    /// saying how to make it.
    private mutating func image(_ member: KubeExport.Member) -> String {
        if let source = member.spec.image?.source, let parsed = try? ImageSource.parse(source) {
            switch parsed {
            case .registry(let reference), .containersStorage(let reference): return reference
            default: break
            }
        }
        let reference = "localhost/\(label(member)):latest"
        let root = member.spec.image?.source ?? member.spec.rootfs?.path ?? ""
        warn(member, .notInRegistry(root: root, reference: reference))
        return reference
    }

    private mutating func resources(_ member: KubeExport.Member) -> KubePodDocument.Resources? {
        let limits = member.spec.cgroup
        var values: [String: String] = [:]
        if case .bytes(let bytes)? = limits.memory { values["memory"] = "\(bytes)" }
        if let cpu = limits.cpu { values["cpu"] = "\(Int((cpu.cpus * 1000).rounded()))m" }
        func drop(_ file: String, _ value: String) { warn(member, .cgroupSetting(file: file, value: value)) }
        if let swap = limits.memorySwap { drop("memory.swap", "\(swap)") }
        if let pids = limits.pids { drop("pids", "\(pids)") }
        if let cpuset = limits.cpuset { drop("cpuset", cpuset) }
        if let weight = limits.ioWeight { drop("io.weight", "\(weight)") }
        for raw in limits.raw { drop(raw.file, raw.value) }
        return values.isEmpty ? nil : .init(limits: values)
    }

    private func securityContext(_ member: KubeExport.Member) -> KubePodDocument.SecurityContext {
        let spec = member.spec
        var context = KubePodDocument.SecurityContext()
        if spec.capabilities.sorted() != Capability.dockerDefault.sorted() {
            let kept = Capability.names(in: Capability.mask(spec.capabilities)).map { $0.uppercased() }
            context.capabilities = .init(drop: ["ALL"], add: kept.isEmpty ? nil : kept)
        }
        context.allowPrivilegeEscalation = !spec.noNewPrivileges
        context.readOnlyRootFilesystem = spec.rootfs?.readonly == true ? true : nil
        if let identity = spec.image?.identity {
            context.runAsUser = Int64(identity.uid)
            context.runAsGroup = Int64(identity.gid)
        }
        context.seccompProfile = .init(type: spec.seccomp == .off ? "Unconfined" : "RuntimeDefault")
        return context
    }

    // MARK: - Sharing and names

    /// A member shares every pod namespace with the owner in Kubernetes:
    /// says which of them it did not share at the prompt.
    private mutating func checkSharing(_ member: KubeExport.Member) {
        let joined = Set(member.spec.joins.filter { $0.target == owner.name }.map(\.kind))
        let notJoined = KubeExport.podNamespaces.filter { !joined.contains($0) && $0 != .pid }
        if !notJoined.isEmpty {
            warn(member, .sharesOnly(joined: joined.map(\.rawValue).sorted(), owner: owner.name, notJoined: notJoined.map(\.rawValue)))
        }
        if member.spec.hostname != nil && member.spec.hostname != owner.spec.hostname {
            warn(member, .hostname(member.spec.hostname ?? "", podHostname: owner.spec.hostname ?? owner.name))
        }
    }

    private func label(_ member: KubeExport.Member) -> String {
        labels[member.name] ?? member.name
    }

    private mutating func warn(_ member: KubeExport.Member, _ kind: KubeWarning.Kind) {
        warnings.append(KubeWarning(member.name, kind))
    }
}
