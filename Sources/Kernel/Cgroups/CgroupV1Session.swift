import Glibc

/// What one session made in the cgroup v1 hierarchies, so that its end
/// cleans only there: `ctrsh/<session>` in each hierarchy a group joined
/// (a one-shot container uses two of the nine here, and a session without
/// containers none), and the session's shared devices group.
///
/// The shared devices group holds every container under Docker's default
/// device policy that cannot write a policy itself:
/// `<devices>/<own>/ctrsh/<session>/.devices`, made and written once (`a`
/// to `devices.deny`, then the rules), which each such container's first
/// process joins (`tasks`) in place of a devices group of its own: one
/// `mkdir`, 12 writes and one `rmdir` fewer per container. No container
/// can change what the others are under: the devices controller takes a
/// write to `devices.allow` or `devices.deny` only from CAP_SYS_ADMIN in
/// the host's user namespace, and a container that keeps that capability
/// gets a group of its own (`ContainerSpec.mayWriteDevicePolicy`); the
/// policy is complete before the first process joins; and each container
/// is still counted, frozen, killed and removed through its own groups, so
/// ending one leaves the shared group, and the others in it, as they were.
/// Its name starts with a dot, which no container name may
/// (`CgroupLayout.validate`). The runtime uses this from its one thread.
final class CgroupV1Session: @unchecked Sendable {
    /// The shared devices group's directory name inside the session's.
    static let devicesName = ".devices"

    /// Where the session made (or may have made) `ctrsh/<session>`, in the
    /// order it first did.
    private(set) var usedHierarchies: [CgroupHierarchy] = []
    /// The shared devices group once it is made and written; nil before,
    /// and again after `removeDevicesIfUnused` removed it.
    private var devices: String?

    /// Makes `ctrsh/<session>` in `hierarchy` (see
    /// `CgroupLayout.ensureSessionDirectory`), noting it for the end first.
    func ensureSessionDirectory(
        in hierarchy: CgroupHierarchy, of driver: CgroupV1Driver, prepare: (String) throws(RuntimeError) -> Void
    ) throws(RuntimeError) {
        if !usedHierarchies.contains(hierarchy) { usedHierarchies.append(hierarchy) }
        try driver.layout(hierarchy).ensureSessionDirectory(driver.files, prepare: prepare)
    }

    /// The shared devices group's directory for `policy`, made and written
    /// on first use; nil when it cannot be shared: another policy than the
    /// default, or a devices controller mounted together with others (a
    /// task is in one group per hierarchy, and the container's own is there).
    func devicesDirectory(for policy: DevicePolicy, in driver: CgroupV1Driver) throws(RuntimeError) -> String? {
        guard policy == .dockerDefault, let hierarchy = driver.hierarchy(for: "devices"), hierarchy.controllers == ["devices"]
        else { return nil }
        if let devices { return devices }
        try ensureSessionDirectory(in: hierarchy, of: driver) { _ throws(RuntimeError) in }
        let directory = driver.layout(hierarchy).groupDirectory(Self.devicesName)
        let created = try driver.files.makeDirectory(directory)
        do {
            for (file, value) in policy.v1Writes {
                try driver.files.write(value, to: joinPath(directory, file))
            }
        } catch {
            if created { try? CgroupLayout.removeGroupDirectory(directory, driver.files) }
            throw error
        }
        devices = directory
        return directory
    }

    /// Removes the shared devices group when no process is left in it (at
    /// the session's end, or when its directories are cleaned after a failure).
    func removeDevicesIfUnused(_ files: CgroupFiles) {
        guard let devices, CgroupFiles.pids(joinPath(devices, CommonFile.procs)).isEmpty else { return }
        let code = files.removeDirectory(devices)
        if code == 0 || code == ENOENT { self.devices = nil }
    }
}
