import CtrKernel

/// Builds a container spec from a decoded config.json, section by section,
/// and notes each setting the spec cannot hold (one note per field).
struct RuntimeBundleSpecReader {
    let context: RuntimeBundleImport.Context
    private(set) var notes: [BundleImportNote] = []

    init(context: RuntimeBundleImport.Context) {
        self.context = context
    }

    mutating func note(_ note: BundleImportNote) {
        notes.append(note)
    }

    /// The spec `config` describes, from a spec with nothing set.
    /// Throws for a value no runtime could use (a negative memory limit);
    /// what ctrsh merely cannot represent becomes a note.
    mutating func spec(from config: RuntimeBundleConfig) throws(RuntimeError) -> ContainerSpec {
        var spec = ContainerSpec()
        if !config.ociVersion.hasPrefix("1.") {
            note(.ociVersion(config.ociVersion))
        }
        readNamespaces(config.linux, hasRoot: config.root != nil, into: &spec)
        readRoot(config.root, into: &spec)
        readProcess(config.process, into: &spec)
        if config.process != nil {
            // After the capabilities: ctrsh's filter depends on them.
            let (mode, note) = RuntimeBundleSeccomp.mode(of: config.linux?.seccomp, capabilities: spec.capabilities)
            spec.seccomp = mode
            if let note { self.note(note) }
        }
        readHostname(config.hostname, into: &spec)
        readMounts(config.mounts ?? [], into: &spec)
        try readResources(config.linux?.resources, into: &spec)
        readCgroupsPath(config.linux?.cgroupsPath)
        if spec.rootfs != nil { readProtectedPaths(config.linux) }
        return spec
    }

    // MARK: - Namespaces

    private mutating func readNamespaces(_ linux: RuntimeBundleConfig.Linux?, hasRoot: Bool, into spec: inout ContainerSpec) {
        for (index, namespace) in (linux?.namespaces ?? []).enumerated() {
            guard let kind = NamespaceKind(ociName: namespace.type) else {
                note(.namespaceTypeUnknown(index: index, type: namespace.type))
                continue
            }
            if spec.namespaces.contains(kind) || spec.joins.contains(where: { $0.kind == kind }) {
                note(.namespaceTwice(index: index, type: namespace.type))
                continue
            }
            guard let path = namespace.path else {
                spec.namespaces.insert(kind)
                continue
            }
            if kind == .user || (kind == .mnt && hasRoot) {
                note(.namespaceNotJoinable(index: index, type: namespace.type, path: path, ofAnotherRoot: kind == .mnt))
                continue
            }
            spec.joins.append(JoinedNamespace(kind: kind, path: path, target: path))
        }
        readIDMappings(linux, into: &spec)
    }

    /// A map that gives only the caller's own ID to root is what ctrsh
    /// does with none (`user root`), and reads as none.
    private mutating func readIDMappings(_ linux: RuntimeBundleConfig.Linux?, into spec: inout ContainerSpec) {
        func mappings(_ maps: [RuntimeBundleConfig.IDMap]?, caller: UInt32) -> [IDMapping] {
            let mappings = (maps ?? []).map { IDMapping(containerID: $0.containerID.value, hostID: $0.hostID.value, count: $0.size.value) }
            return mappings == [IDMapping(containerID: 0, hostID: caller, count: 1)] ? [] : mappings
        }
        guard spec.namespaces.contains(.user) else {
            if !(linux?.uidMappings ?? []).isEmpty || !(linux?.gidMappings ?? []).isEmpty {
                note(.idMapsWithoutUserNamespace)
            }
            return
        }
        spec.uidMappings = mappings(linux?.uidMappings, caller: context.callerUID)
        spec.gidMappings = mappings(linux?.gidMappings, caller: context.callerGID)
    }

    // MARK: - Root and hostname

    private mutating func readRoot(_ root: RuntimeBundleConfig.Root?, into spec: inout ContainerSpec) {
        guard let root else { return }
        spec.rootfs = RootfsSpec(path: inBundle(root.path), readonly: root.readonly ?? false)
        if !spec.namespaces.contains(.mnt) {
            spec.namespaces.insert(.mnt)
            note(.mountNamespaceAdded)
        }
    }

    private mutating func readHostname(_ hostname: String?, into spec: inout ContainerSpec) {
        guard let hostname else { return }
        if spec.namespaces.contains(.uts) {
            spec.hostname = hostname
        } else {
            note(.hostnameWithoutUTS(hostname))
        }
    }

    /// An absolute path for one the config gives relative to the bundle,
    /// with `.` and `..` resolved as text.
    func inBundle(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : context.bundleDirectory + "/" + path
        var components: [Substring] = []
        for component in full.split(separator: "/") where component != "." {
            if component == ".." { _ = components.popLast() } else { components.append(component) }
        }
        return "/" + components.joined(separator: "/")
    }

    // MARK: - Process

    private mutating func readProcess(_ process: RuntimeBundleConfig.Process?, into spec: inout ContainerSpec) {
        guard let process else {
            note(.processMissing)
            return
        }
        if let args = process.args, !args.isEmpty {
            note(.processArgs(args))
        }
        spec.env = []
        for (index, entry) in (process.env ?? []).enumerated() {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                note(.envNotNameValue(index: index, entry: entry))
                continue
            }
            spec.setEnvironment(String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
        }
        if let cwd = process.cwd, cwd != "/" {
            if cwd.hasPrefix("/") { spec.workdir = cwd } else { note(.cwdNotAbsolute(cwd)) }
        }
        if let user = process.user, user.uid.value != 0 || user.gid.value != 0 {
            note(.processUser(uid: user.uid.value, gid: user.gid.value))
        }
        readCapabilities(process.capabilities, into: &spec)
        spec.noNewPrivileges = process.noNewPrivileges ?? false
    }

    /// ctrsh keeps one set, given to bounding, effective, permitted and
    /// inheritable; the bounding set is the one read.
    private mutating func readCapabilities(_ capabilities: RuntimeBundleConfig.Capabilities?, into spec: inout ContainerSpec) {
        let bounding = capabilities?.bounding ?? []
        let unknown = bounding.filter { Capability.number(of: $0) == nil }
        if !unknown.isEmpty {
            note(.capabilitiesUnknown(unknown))
        }
        let mask = Capability.mask(bounding)
        spec.capabilities = Capability.names(in: mask)
        guard let capabilities else { return }
        for (name, set) in [("effective", capabilities.effective), ("permitted", capabilities.permitted), ("inheritable", capabilities.inheritable)]
        where Capability.mask(set ?? []) != mask {
            note(.capabilitySetDiffers(name))
        }
        if let ambient = capabilities.ambient, !ambient.isEmpty {
            note(.ambientCleared)
        }
    }

}
