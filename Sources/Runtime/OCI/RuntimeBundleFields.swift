/// The fields of a config.json that ctrsh reads into a spec, and a walk
/// that names every other field a config sets (ctrsh's Commands module
/// says why each is left out). A field that is `null`, `[]` or `{}` says nothing and
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


    /// A note for each field `config` sets that ctrsh does not read, in
    /// the order of the paths.
    static func unmapped(in config: JSONValue) -> [BundleImportNote] {
        var lines: [BundleImportNote] = []
        walk(config, pattern: "", shown: "", into: &lines)
        return lines
    }

    private static func walk(_ value: JSONValue, pattern: String, shown: String, into lines: inout [BundleImportNote]) {
        switch value {
        case .object(let members):
            guard let known = mapped[pattern] else { return }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPattern = pattern.isEmpty ? name : pattern + "." + name
                let memberShown = shown.isEmpty ? name : shown + "." + name
                if known.contains(name) {
                    walk(member, pattern: memberPattern, shown: memberShown, into: &lines)
                } else if !member.isEmpty {
                    lines.append(.unmapped(field: memberShown, pattern: memberPattern))
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
