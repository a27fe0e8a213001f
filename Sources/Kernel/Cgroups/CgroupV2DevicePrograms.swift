import Glibc

/// The device programs one cgroup v2 session loaded, one per policy: the
/// kernel verifies and compiles a policy's program once (`BPF_PROG_LOAD`),
/// and the same program is attached to the group of every container under
/// that policy. Sharing it gives no container a hold on another's policy:
/// a loaded program cannot be changed, and detaching it from one group
/// (which takes CAP_SYS_ADMIN and a descriptor of it) leaves every other
/// attachment as it was. The descriptors are close-on-exec, and a launched
/// child closes all of ctrsh's before anything else. The runtime uses this
/// from its one thread.
final class CgroupV2DevicePrograms: @unchecked Sendable {
    /// The programs loaded so far, with their policies.
    private var loaded: [(policy: DevicePolicy, programFD: Int32)] = []

    deinit { closeAll() }

    /// Attaches `policy`'s program to the group directory `directory`,
    /// loading it on the policy's first use.
    func attach(_ policy: DevicePolicy, to directory: String, files: CgroupFiles) throws(RuntimeError) {
        let programFD: Int32
        if let known = loaded.first(where: { $0.policy == policy }) {
            programFD = known.programFD
        } else {
            programFD = try files.loadDeviceProgram(DeviceFilter.program(for: policy))
            loaded.append((policy, programFD))
        }
        try files.attachDeviceProgram(programFD, to: directory)
    }

    /// Closes every program's descriptor; the groups keep their attachments.
    func closeAll() {
        for entry in loaded { close(entry.programFD) }
        loaded = []
    }
}
