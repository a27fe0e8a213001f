import CtrRuntime

/// Why a container should not make each call of the default seccomp
/// deny-list (`SeccompSyscall.deniedByDefault`), in a few words, for
/// `seccomp show`. LaunchWordsTests checks that every call has one.
enum SeccompReasonWords {
    /// The reason for the call named `name`, or nil for a call not on the list.
    static func phrase(for name: String) -> Phrase? { byName[name] }

    private static let byName: [String: Phrase] = Dictionary(
        reasons.flatMap { names, reason in names.map { ($0, reason) } }, uniquingKeysWith: { first, _ in first })

    private static let reasons: [([String], Phrase)] = [
        (["kexec_load", "kexec_file_load"], "loads a new kernel to boot into"),
        (["init_module", "finit_module"], "loads code into the host's kernel"),
        (["delete_module"], "unloads a module from the host's kernel"),
        (["reboot"], "reboots or halts the host (in a pid namespace: ends its init)"),
        (["bpf"], "loads programs into the kernel: a frequent source of exploits"),
        (["perf_event_open"], "reads performance counters, the kernel's too"),
        (["userfaultfd"], "stalls the kernel on a page fault: a tool to win kernel races"),
        (["io_uring_setup", "io_uring_enter", "io_uring_register"], "a large kernel interface with a history of exploits (Docker 25 blocks it)"),
        (["lookup_dcookie"], "kernel profiling (gone since Linux 6.9)"),
        (["nfsservctl"], "the old kernel NFS server (gone since Linux 3.1)"),
        (["add_key", "request_key", "keyctl"], "the kernel keyrings are shared with the host"),
        (["unshare"], "new namespaces (a user namespace gives back every capability in it)"),
        (["setns"], "enters other namespaces"),
        (["clone"], "only with a CLONE_NEW* flag: new namespaces, as unshare"),
        (["clone3"], "its flags are out of the filter's sight: ENOSYS, so programs fall back to clone"),
        (["mount"], "mounts filesystems"),
        (["umount2"], "unmounts, e.g. what hides a masked path"),
        (["pivot_root"], "changes the root filesystem"),
        (["open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick"], "the new mount API"),
        (["mount_setattr"], "changes mount flags (read-only off)"),
        (["open_by_handle_at"], "opens a file by handle, outside the root (the \"shocker\" escape)"),
        (["name_to_handle_at"], "makes the handles open_by_handle_at takes"),
        (["fanotify_init"], "watches file access on a whole filesystem"),
        (["quotactl", "quotactl_fd"], "disk quotas of the host's filesystems"),
        (["swapon", "swapoff"], "the host's swap space"),
        (["acct"], "process accounting for the whole host"),
        (["uselib"], "loads an a.out library (obsolete)"),
        (["ustat"], "filesystem statistics by device (obsolete)"),
        (["sysfs"], "filesystem type information (obsolete)"),
        (["settimeofday", "clock_settime"], "sets the host's clock (time namespaces leave it shared)"),
        (["sethostname"], "the hostname (`hostname NAME` sets it before the program)"),
        (["setdomainname"], "the NIS domain name"),
        (["syslog"], "reads or clears the host's kernel log"),
        (["vhangup"], "hangs up the terminal"),
        (["ioctl"], "only TIOCSTI and TIOCLINUX: they type into the terminal, and so into the shell behind it"),
        (["iopl", "ioperm"], "raw access to I/O ports"),
        (["socket"], "only AF_VSOCK: sockets to the hypervisor and other guests, in no namespace"),
        (["kcmp"], "compares kernel objects of other processes"),
        (["pidfd_getfd"], "takes a descriptor out of another process"),
        (["process_madvise"], "advises the kernel on another process's memory"),
        (["mbind", "set_mempolicy", "get_mempolicy", "set_mempolicy_home_node"], "NUMA placement of memory on the host"),
        (["move_pages", "migrate_pages"], "moves memory between NUMA nodes"),
    ]
}
