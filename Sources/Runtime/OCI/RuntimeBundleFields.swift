/// The fields of a config.json that ctrsh reads into a spec, and a walk
/// that names every other field a config sets, with the reason ctrsh
/// leaves it out. A field that is `null`, `[]` or `{}` says nothing and
/// is not named.
enum RuntimeBundleFields {
    /// The members ctrsh reads, by the path of the object holding them
    /// (`""` is the top; `[]` stands for every element of a list).
    static let mapped: [String: Set<String>] = [
        "": ["ociVersion", "process", "root", "hostname", "mounts", "linux"],
        // The terminal is a choice made when a process starts (`exec -t`), not part of a spec.
        "process": ["terminal", "consoleSize", "user", "args", "env", "cwd", "capabilities", "noNewPrivileges"],
        "process.user": ["uid", "gid"],
        "process.capabilities": ["bounding", "effective", "inheritable", "permitted", "ambient"],
        "root": ["path", "readonly"],
        "mounts[]": ["destination", "type", "source", "options"],
        "linux": ["namespaces", "uidMappings", "gidMappings", "resources", "cgroupsPath", "maskedPaths", "readonlyPaths", "seccomp"],
        "linux.seccomp": ["defaultAction", "architectures", "syscalls"],
        "linux.seccomp.syscalls[]": ["names", "action", "errnoRet", "args"],
        "linux.seccomp.syscalls[].args[]": ["index", "value", "valueTwo", "op"],
        "linux.namespaces[]": ["type", "path"],
        "linux.uidMappings[]": ["containerID", "hostID", "size"],
        "linux.gidMappings[]": ["containerID", "hostID", "size"],
        "linux.resources": ["memory", "pids", "cpu", "blockIO", "devices", "unified"],
        "linux.resources.devices[]": ["allow", "type", "major", "minor", "access"],
        "linux.resources.memory": ["limit", "reservation", "swap"],
        "linux.resources.pids": ["limit"],
        "linux.resources.cpu": ["quota", "period", "cpus"],
        "linux.resources.blockIO": ["weight"],
    ]

    /// What ctrsh does instead, for the fields configs commonly set.
    static let reasons: [String: String] = [
        "hooks": "ctrsh runs no hooks",
        "annotations": "ctrsh keeps no annotations",
        "domainname": "ctrsh sets no NIS domain name",
        "process.rlimits": "ctrsh sets no rlimits",
        "process.apparmorProfile": "ctrsh applies no AppArmor profile",
        "process.selinuxLabel": "ctrsh applies no SELinux label",
        "process.oomScoreAdj": "ctrsh leaves the OOM score as it is",
        "process.ioPriority": "ctrsh leaves the I/O priority as it is",
        "process.scheduler": "ctrsh leaves the scheduling policy as it is",
        "process.execCPUAffinity": "ctrsh sets no CPU affinity",
        "process.user.additionalGids": "ctrsh's processes have no supplementary groups",
        "process.user.umask": "ctrsh leaves the umask as it is",
        "linux.seccomp.flags": "ctrsh sets no seccomp flags",
        "linux.seccomp.listenerPath": "ctrsh has no seccomp agent",
        "linux.devices": "ctrsh makes the standard /dev nodes only",
        "linux.sysctl": "ctrsh sets no sysctls",
        "linux.rootfsPropagation": "ctrsh makes every mount private",
        "linux.mountLabel": "ctrsh applies no SELinux label",
        "linux.personality": "ctrsh sets no execution domain",
        "linux.timeOffsets": "ctrsh sets no clock offsets",
        "linux.intelRdt": "ctrsh does not use Intel RDT",
        "linux.resources.memory.swappiness": "set it with `cgroup set memory.swappiness` (cgroup v1)",
        "linux.resources.cpu.shares": "ctrsh limits CPU time with quota and period, not shares",
        "linux.resources.cpu.mems": "set it with `cgroup set cpuset.mems`",
        "linux.resources.hugepageLimits": "ctrsh sets no hugetlb limits",
        "linux.resources.network": "ctrsh sets no network classes or priorities",
        "linux.resources.rdma": "ctrsh sets no RDMA limits",
    ]

    /// One line per field `config` sets that ctrsh does not read, in the
    /// order of the paths: `` `linux.sysctl`: ctrsh sets no sysctls; left out ``.
    static func unmapped(in config: JSONValue) -> [String] {
        var lines: [String] = []
        walk(config, pattern: "", shown: "", into: &lines)
        return lines
    }

    private static func walk(_ value: JSONValue, pattern: String, shown: String, into lines: inout [String]) {
        switch value {
        case .object(let members):
            guard let known = mapped[pattern] else { return }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPattern = pattern.isEmpty ? name : pattern + "." + name
                let memberShown = shown.isEmpty ? name : shown + "." + name
                if known.contains(name) {
                    walk(member, pattern: memberPattern, shown: memberShown, into: &lines)
                } else if !member.isEmpty {
                    lines.append("`\(memberShown)`: \(reasons[memberPattern] ?? "not a field ctrsh represents"); left out")
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                walk(element, pattern: pattern + "[]", shown: shown + "[\(index)]", into: &lines)
            }
        default:
            return
        }
    }
}
