import CtrKernel

/// Mounts, cgroup limits and protected paths: the parts of a config.json
/// that need translating rather than copying.
extension RuntimeBundleSpecReader {
    /// The API filesystems ctrsh mounts in every root by itself, by
    /// destination and type: the config's own options for them are not kept.
    static let standardMounts: [String: String] = [
        "/proc": "proc", "/dev": "tmpfs", "/dev/pts": "devpts", "/dev/shm": "tmpfs", "/dev/mqueue": "mqueue", "/sys": "sysfs",
    ]

    // MARK: - Mounts

    mutating func readMounts(_ mounts: [RuntimeBundleConfig.Mount], into spec: inout ContainerSpec) {
        for (index, mount) in mounts.enumerated() {
            let field = MountField(index: index, destination: mount.destination)
            let options = mount.options ?? []
            let isBind = mount.type == "bind" || options.contains("bind") || options.contains("rbind")
            let type = isBind ? "bind" : mount.type ?? "none"
            if Self.standardMounts[mount.destination] == type { continue }
            if mount.destination == "/sys/fs/cgroup" && type == "cgroup" {
                note(.cgroupMount(field))
                continue
            }
            guard spec.rootfs != nil else {
                note(.mountWithoutRoot(field))
                continue
            }
            let destination: String
            do {
                destination = try MountPath.normalize(mount.destination, for: "mounts")
            } catch {
                note(.mountDestination(field, error))
                continue
            }
            if spec.mounts.contains(where: { $0.destination == destination }) {
                note(.mountTwice(field, destination: destination))
                continue
            }
            switch type {
            case "bind": readBind(mount, destination: destination, field: field, into: &spec)
            case "tmpfs": readTmpfs(options, destination: destination, field: field, into: &spec)
            default: note(.mountType(field, type: type))
            }
        }
    }

    /// `rbind`, read-only recursively with `ro` or `rro`; propagation is
    /// private as for every ctrsh mount.
    private mutating func readBind(_ mount: RuntimeBundleConfig.Mount, destination: String, field: MountField, into spec: inout ContainerSpec) {
        guard let source = mount.source, !source.isEmpty else {
            note(.bindWithoutSource(field))
            return
        }
        let options = mount.options ?? []
        let other = options.filter { !["bind", "rbind", "ro", "rro", "rw", "private", "rprivate"].contains($0) }
        if !other.isEmpty {
            note(.bindOptions(field, other))
        }
        let readonly = options.contains("ro") || options.contains("rro")
        spec.mounts.append(MountSpec(source: .bind(inBundle(source)), destination: destination, readonly: readonly))
    }

    /// `size=` (bytes, or with `k`, `m`, `g`) and `ro`; ctrsh's tmpfs is
    /// always `nosuid,nodev`, mode 1777.
    private mutating func readTmpfs(_ options: [String], destination: String, field: MountField, into spec: inout ContainerSpec) {
        var size: UInt64?
        var readonly = false
        var other: [String] = []
        for option in options {
            switch option {
            case "nosuid", "nodev", "mode=1777", "rw": continue
            case "ro": readonly = true
            default:
                if option.hasPrefix("size="), let bytes = Self.tmpfsSize(option.dropFirst(5)) { size = bytes } else { other.append(option) }
            }
        }
        if !other.isEmpty {
            note(.tmpfsOptions(field, other))
        }
        spec.mounts.append(MountSpec(source: .tmpfs(size: size), destination: destination, readonly: readonly))
    }

    /// `65536k` → 67108864; nil for no size, a percentage or nonsense.
    static func tmpfsSize(_ text: Substring) -> UInt64? {
        let digits = text.prefix(while: \.isASCIIDigit)
        let shift: UInt64? = switch text.dropFirst(digits.count).lowercased() {
        case "": 0
        case "k": 10
        case "m": 20
        case "g": 30
        default: nil
        }
        guard let shift, let number = UInt64(digits), number > 0, number <= UInt64.max >> shift else { return nil }
        return number << shift
    }

    // MARK: - Resources

    /// runtime-spec's values as runc takes them: 0 is "not set", -1 is "no
    /// limit", and anything else out of range is an error naming the field,
    /// never silently changed into another limit.
    mutating func readResources(_ resources: RuntimeBundleConfig.Resources?, into spec: inout ContainerSpec) throws(RuntimeError) {
        spec.devices = RuntimeBundleDevices.policy(from: resources?.devices) { note($0) }
        guard let resources else { return }
        var limits = CgroupLimits()
        for limit in CgroupLimitTable.all {
            try limit.oci.mapping.read(resources, context.cgroupVersion, &limits) { note($0) }
        }
        readUnified(resources.unified ?? [:], into: &limits)
        spec.cgroup = limits
    }

    /// cgroup v2 files, kept as raw settings where ctrsh uses v2.
    private mutating func readUnified(_ unified: [String: String], into limits: inout CgroupLimits) {
        guard !unified.isEmpty else { return }
        guard context.cgroupVersion == .v2 else {
            note(.unifiedWithoutV2(files: unified.keys.sorted(), cgroupV1: context.cgroupVersion != nil))
            return
        }
        for (file, value) in unified.sorted(by: { $0.key < $1.key }) {
            if file == V2File.ioWeight, let weight = UInt64(value) {
                limits.ioWeight = weight
            } else if file.contains("."), !file.hasPrefix("."), !file.contains("/") {
                limits.raw.append(RawCgroupSetting(file: file, value: value))
            } else {
                note(.unifiedFileName(file))
            }
        }
    }

    // MARK: - Placement and protected paths

    mutating func readCgroupsPath(_ path: String?) {
        guard let path, !path.isEmpty, !path.hasPrefix(RuntimeBundleExport.cgroupsPathPrefix) else { return }
        note(.cgroupsPath(path))
    }

    /// ctrsh hides and protects a fixed list of kernel paths in every root.
    mutating func readProtectedPaths(_ linux: RuntimeBundleConfig.Linux?) {
        compare(.masked, linux?.maskedPaths ?? [], ProtectedKernelPaths.masked)
        compare(.readonly, linux?.readonlyPaths ?? [], ProtectedKernelPaths.readonly)
    }

    private mutating func compare(_ list: ProtectedPathList, _ listed: [String], _ fixed: [String]) {
        let notDone = listed.filter { !fixed.contains($0) }
        let alsoDone = fixed.filter { !listed.contains($0) }
        guard !notDone.isEmpty || !alsoDone.isEmpty else { return }
        note(.protectedPaths(list, notDone: notDone, alsoDone: alsoDone))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
