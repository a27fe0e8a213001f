import Glibc

/// Writes a new user namespace's ID maps from the parent, while the child
/// waits: the uid map, then the gid map. A map the kernel lets ctrsh write
/// itself (any map as root; otherwise one line with the caller's own ID)
/// goes straight to `/proc/PID/uid_map`; any other goes through the setuid
/// helper `newuidmap` (`newgidmap`), which checks `/etc/subuid` (`/etc/subgid`).
enum IDMapWriter {
    /// Writes the maps of `spec` (the caller mapped to root by default, as
    /// `unshare --map-root-user`) for the child `pid`.
    static func write(for spec: ContainerSpec, pid: pid_t, steps: KernelStepLog?) throws(RuntimeError) {
        for kind in IDMapKind.allCases {
            let mappings = kind.effectiveMappings(in: spec)
            if kind.isWritableByCaller(mappings) {
                // Without privilege over the parent namespace, gid_map may
                // only be written once setgroups is denied.
                if kind == .gid && geteuid() != 0 { try writeFile("deny", "setgroups", pid: pid, steps: steps) }
                try writeFile(mappings.map { $0.line + "\n" }.joined(), kind.procFile, pid: pid, steps: steps)
            } else {
                try runHelper(kind, mappings, pid: pid, steps: steps)
            }
        }
    }

    /// Where `newuidmap` (`newgidmap`) is: on the PATH, or in /usr/bin.
    static func helperPath(_ kind: IDMapKind) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? ""
        let directories = path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") } + ["/usr/bin", "/bin"]
        return directories.map { $0 + "/" + kind.helper }.first { access($0, X_OK) == 0 }
    }

    private static func writeFile(_ value: String, _ file: String, pid: pid_t, steps: KernelStepLog?) throws(RuntimeError) {
        let path = "/proc/\(pid)/\(file)"
        steps?.report(.procWrite(path: path, value: value))
        do {
            try FileText.write(value, to: path)
        } catch {
            guard case .kernel(_, let code) = error, code == EPERM || code == EACCES,
                  let setting = UserNamespaceRestriction().blocking
            else { throw error }
            throw .launch(.userNamespacesRestricted(SystemCall("write", path), errno: code, setting: setting))
        }
    }

    /// `newuidmap PID INSIDE HOST COUNT …`, checked beforehand by `IDMapCheck`.
    private static func runHelper(_ kind: IDMapKind, _ mappings: [IDMapping], pid: pid_t, steps: KernelStepLog?) throws(RuntimeError) {
        guard let helper = helperPath(kind) else {
            throw .idMap(.helperMissing(kind))  // the check found it; it went since
        }
        let numbers = mappings.flatMap { [$0.containerID, $0.hostID, $0.count].map(String.init) }
        let argv = [helper, String(pid)] + numbers
        steps?.report(.hostProgram(argv: [kind.helper, String(pid)] + numbers))
        let status = try HostProgram.run(argv)
        guard status == .exited(0) else {
            throw .launch(.idMapHelperFailed(
                helper: kind.helper, pid: pid, ranges: numbers, status: status, subordinateFile: kind.subordinateFile))
        }
    }
}
