import Glibc

/// The one devices group a cgroup v1 session gives every container that is
/// under Docker's default device policy and cannot write a policy itself:
/// `<devices>/<own>/ctrsh/<session>/.devices`, made and written once (`a`
/// to `devices.deny`, then the rules), which each such container's first
/// process joins (`tasks`) in place of a devices group of its own: one
/// `mkdir`, 12 writes and one `rmdir` fewer per container.
///
/// Why no container can change what the others are under: the devices
/// controller takes a write to `devices.allow` or `devices.deny` only from
/// CAP_SYS_ADMIN in the host's user namespace, and a container that keeps
/// that capability gets a group of its own (`ContainerSpec.mayWriteDevicePolicy`);
/// the policy is complete before the first process joins; and each
/// container is still counted, frozen, killed and removed through its own
/// groups, so ending one leaves the shared group, and the others in it, as
/// they were. Its name starts with a dot, which no container name may
/// (`CgroupLayout.validate`). The runtime uses it from its one thread.
final class CgroupV1SessionDevices: @unchecked Sendable {
    /// The shared group's directory name inside the session's.
    static let name = ".devices"

    /// The directory once it is made and written; nil before, and again
    /// after `removeIfUnused` removed it.
    private var prepared: String?

    /// The shared group's directory for `policy`, made and written on first
    /// use; nil when it cannot be shared: another policy than the default,
    /// or a devices controller mounted together with others (a task is in
    /// one group per hierarchy, and the container's own group is there).
    func directory(for policy: DevicePolicy, in driver: CgroupV1Driver) throws(RuntimeError) -> String? {
        guard policy == .dockerDefault, let hierarchy = driver.hierarchy(for: "devices"), hierarchy.controllers == ["devices"]
        else { return nil }
        if let prepared { return prepared }
        let layout = driver.layout(hierarchy)
        try layout.ensureSessionDirectory(driver.files) { _ throws(RuntimeError) in }
        let directory = layout.groupDirectory(Self.name)
        let created = try driver.files.makeDirectory(directory)
        do {
            for (file, value) in policy.v1Writes {
                try driver.files.write(value, to: joinPath(directory, file))
            }
        } catch {
            if created { try? CgroupLayout.removeGroupDirectory(directory, driver.files) }
            throw error
        }
        prepared = directory
        return directory
    }

    /// Removes the shared group when no process is left in it (at the
    /// session's end, or when its directory is cleaned up after a failure).
    func removeIfUnused(_ files: CgroupFiles) {
        guard let prepared, CgroupFiles.pids(joinPath(prepared, CommonFile.procs)).isEmpty else { return }
        let code = files.removeDirectory(prepared)
        if code == 0 || code == ENOENT { self.prepared = nil }
    }
}
