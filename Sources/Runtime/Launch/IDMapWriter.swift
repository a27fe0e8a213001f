import Glibc

/// Writes a new user namespace's ID maps from the parent, while the child
/// waits: `uid_map`, then `setgroups`, then `gid_map`, as the kernel requires.
enum IDMapWriter {
    /// The maps for `spec`: its own, or the caller mapped to root (as
    /// `unshare --map-root-user`).
    static func write(for spec: ContainerSpec, pid: pid_t, steps: KernelStepLog?) throws(RuntimeError) {
        let uidMappings = spec.userMappings.isEmpty
            ? [IDMapping(containerID: 0, hostID: getuid(), count: 1)] : spec.userMappings
        let gidMappings = spec.userMappings.isEmpty
            ? [IDMapping(containerID: 0, hostID: getgid(), count: 1)] : spec.userMappings
        func write(_ value: String, _ file: String) throws(RuntimeError) {
            steps?.report(.procWrite(path: "/proc/\(pid)/\(file)", value: value))
            try FileText.write(value, to: "/proc/\(pid)/\(file)")
        }
        try write(text(uidMappings), "uid_map")
        // Without privilege over the parent namespace, gid_map may only be
        // written once setgroups is denied.
        if geteuid() != 0 { try write("deny", "setgroups") }
        try write(text(gidMappings), "gid_map")
    }

    private static func text(_ mappings: [IDMapping]) -> String {
        mappings.map { "\($0.containerID) \($0.hostID) \($0.count)\n" }.joined()
    }
}
