import Glibc

/// One system call of ctrsh's default seccomp deny-list: its name, its
/// number on each architecture ctrsh builds a filter for, the capabilities
/// that allow it again, and why a container should not make it.
///
/// The list follows Docker's default profile (moby's `default.json`): a call
/// Docker allows only with a capability (`mount` with `sys_admin`) is
/// refused here unless the container keeps that capability, so `cap add
/// sys_admin` gives back `mount` as it does with Docker. A call Docker never
/// allows (`keyctl`, `kexec_load`) has no capability.
public struct SeccompSyscall: Sendable, Equatable {
    /// The name, as in `man 2` and libseccomp (`keyctl`).
    public let name: String
    /// Its number on x86_64 (`asm/unistd_64.h`); nil where there is none.
    public let x86_64: Int32?
    /// Its number on aarch64 (`asm-generic/unistd.h`); nil where there is none.
    public let aarch64: Int32?
    /// A container that keeps any of these capabilities may make the call;
    /// empty: it is always refused.
    public let allowedWith: [String]
    /// What the call does that a container must not, in a few words.
    public let reason: String
    /// The errno the call fails with: EPERM, but ENOSYS for `clone3`, so that
    /// the C library falls back to `clone`, whose flags the filter can see.
    public let errno: Int32
    /// Refused only when the first argument has one of these bits (`clone`
    /// with a `CLONE_NEW*` flag); nil: refused whatever the arguments.
    public let firstArgumentFlags: UInt64?
    /// Refused only when one argument is one of some values (`ioctl` with
    /// TIOCSTI); nil: no such condition.
    public let argumentValues: SeccompArgumentValues?

    init(
        _ name: String, _ x86_64: Int32?, _ aarch64: Int32?, _ allowedWith: [String], _ reason: String,
        errno: Int32 = EPERM, firstArgumentFlags: UInt64? = nil, argumentValues: SeccompArgumentValues? = nil
    ) {
        self.name = name
        self.x86_64 = x86_64
        self.aarch64 = aarch64
        self.allowedWith = allowedWith
        self.reason = reason
        self.errno = errno
        self.firstArgumentFlags = firstArgumentFlags
        self.argumentValues = argumentValues
    }

    /// `CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET`: the flags
    /// that make `clone` create namespaces (all in its first argument's low word).
    public static let namespaceFlags: UInt64 = NamespaceKind.allCases
        .filter { $0 != .time }  // CLONE_NEWTIME is unshare/clone3 only: for clone it is CSIGNAL's bit
        .reduce(0) { $0 | $1.cloneFlag }

    /// `TIOCSTI` and `TIOCLINUX` (<asm-generic/ioctls.h>, the same on
    /// x86_64 and aarch64): the requests that push bytes into a terminal's
    /// input queue, as if typed (CVE-2017-5226, CVE-2023-28100).
    public static let terminalInjection = SeccompArgumentValues(index: 1, values: [0x5412, 0x541C])

    /// `AF_VSOCK` (40): sockets to the hypervisor and its other guests,
    /// which no namespace separates (Docker's profile refuses them too).
    public static let vsockFamily = SeccompArgumentValues(index: 0, values: [40])

    /// The default deny-list, grouped by what the calls reach. Not listed,
    /// on purpose: `ptrace`, `process_vm_readv` and `process_vm_writev`
    /// (Docker allows them since Linux 4.8, which closed the seccomp bypass
    /// through ptrace; inside a pid namespace they reach only the
    /// container's own processes); `personality` (its dangerous flags
    /// weaken the caller only); `adjtimex` and `clock_adjtime` (they only
    /// read without `sys_time`); and calls this ABI has not got or the
    /// kernel has dropped (`vm86`, `create_module`, `_sysctl`): they fail
    /// with ENOSYS already.
    public static let deniedByDefault: [SeccompSyscall] = [
        // The kernel itself.
        SeccompSyscall("kexec_load", 246, 104, [], "loads a new kernel to boot into"),
        SeccompSyscall("kexec_file_load", 320, 294, [], "loads a new kernel to boot into"),
        SeccompSyscall("init_module", 175, 105, ["sys_module"], "loads code into the host's kernel"),
        SeccompSyscall("finit_module", 313, 273, ["sys_module"], "loads code into the host's kernel"),
        SeccompSyscall("delete_module", 176, 106, ["sys_module"], "unloads a module from the host's kernel"),
        SeccompSyscall("reboot", 169, 142, ["sys_boot"], "reboots or halts the host (in a pid namespace: ends its init)"),
        SeccompSyscall("bpf", 321, 280, ["sys_admin", "bpf"], "loads programs into the kernel: a frequent source of exploits"),
        SeccompSyscall("perf_event_open", 298, 241, ["sys_admin", "perfmon"], "reads performance counters, the kernel's too"),
        SeccompSyscall("userfaultfd", 323, 282, ["sys_ptrace"], "stalls the kernel on a page fault: a tool to win kernel races"),
        SeccompSyscall("io_uring_setup", 425, 425, [], "a large kernel interface with a history of exploits (Docker 25 blocks it)"),
        SeccompSyscall("io_uring_enter", 426, 426, [], "a large kernel interface with a history of exploits (Docker 25 blocks it)"),
        SeccompSyscall("io_uring_register", 427, 427, [], "a large kernel interface with a history of exploits (Docker 25 blocks it)"),
        SeccompSyscall("lookup_dcookie", 212, 18, ["sys_admin"], "kernel profiling (gone since Linux 6.9)"),
        SeccompSyscall("nfsservctl", 180, 42, [], "the old kernel NFS server (gone since Linux 3.1)"),
        // Keys: the keyrings are not namespaced.
        SeccompSyscall("add_key", 248, 217, [], "the kernel keyrings are shared with the host"),
        SeccompSyscall("request_key", 249, 218, [], "the kernel keyrings are shared with the host"),
        SeccompSyscall("keyctl", 250, 219, [], "the kernel keyrings are shared with the host"),
        // Namespaces: a new user namespace gives every capability back inside it.
        SeccompSyscall("unshare", 272, 97, ["sys_admin"], "new namespaces (a user namespace gives back every capability in it)"),
        SeccompSyscall("setns", 308, 268, ["sys_admin"], "enters other namespaces"),
        SeccompSyscall(
            "clone", 56, 220, ["sys_admin"], "only with a CLONE_NEW* flag: new namespaces, as unshare",
            firstArgumentFlags: namespaceFlags),
        SeccompSyscall(
            "clone3", 435, 435, ["sys_admin"], "its flags are out of the filter's sight: ENOSYS, so programs fall back to clone",
            errno: ENOSYS),
        // Mounts, and files reached around the root.
        SeccompSyscall("mount", 165, 40, ["sys_admin"], "mounts filesystems"),
        SeccompSyscall("umount2", 166, 39, ["sys_admin"], "unmounts, e.g. what hides a masked path"),
        SeccompSyscall("pivot_root", 155, 41, [], "changes the root filesystem"),
        SeccompSyscall("open_tree", 428, 428, ["sys_admin"], "the new mount API"),
        SeccompSyscall("move_mount", 429, 429, ["sys_admin"], "the new mount API"),
        SeccompSyscall("fsopen", 430, 430, ["sys_admin"], "the new mount API"),
        SeccompSyscall("fsconfig", 431, 431, ["sys_admin"], "the new mount API"),
        SeccompSyscall("fsmount", 432, 432, ["sys_admin"], "the new mount API"),
        SeccompSyscall("fspick", 433, 433, ["sys_admin"], "the new mount API"),
        SeccompSyscall("mount_setattr", 442, 442, ["sys_admin"], "changes mount flags (read-only off)"),
        SeccompSyscall("open_by_handle_at", 304, 265, ["dac_read_search"], "opens a file by handle, outside the root (the \"shocker\" escape)"),
        SeccompSyscall("name_to_handle_at", 303, 264, ["sys_admin"], "makes the handles open_by_handle_at takes"),
        SeccompSyscall("fanotify_init", 300, 262, ["sys_admin"], "watches file access on a whole filesystem"),
        SeccompSyscall("quotactl", 179, 60, ["sys_admin"], "disk quotas of the host's filesystems"),
        SeccompSyscall("quotactl_fd", 443, 443, ["sys_admin"], "disk quotas of the host's filesystems"),
        SeccompSyscall("swapon", 167, 224, [], "the host's swap space"),
        SeccompSyscall("swapoff", 168, 225, [], "the host's swap space"),
        SeccompSyscall("acct", 163, 89, ["sys_pacct"], "process accounting for the whole host"),
        SeccompSyscall("uselib", 134, nil, [], "loads an a.out library (obsolete)"),
        SeccompSyscall("ustat", 136, nil, [], "filesystem statistics by device (obsolete)"),
        SeccompSyscall("sysfs", 139, nil, [], "filesystem type information (obsolete)"),
        // The host's clock, console, log and hardware.
        SeccompSyscall("settimeofday", 164, 170, ["sys_time"], "sets the host's clock (time namespaces leave it shared)"),
        SeccompSyscall("clock_settime", 227, 112, ["sys_time"], "sets the host's clock (time namespaces leave it shared)"),
        SeccompSyscall("sethostname", 170, 161, ["sys_admin"], "the hostname (`hostname NAME` sets it before the program)"),
        SeccompSyscall("setdomainname", 171, 162, ["sys_admin"], "the NIS domain name"),
        SeccompSyscall("syslog", 103, 116, ["sys_admin", "syslog"], "reads or clears the host's kernel log"),
        SeccompSyscall("vhangup", 153, 58, ["sys_tty_config"], "hangs up the terminal"),
        SeccompSyscall(
            "ioctl", 16, 29, [], "only TIOCSTI and TIOCLINUX: they type into the terminal, and so into the shell behind it",
            argumentValues: terminalInjection),
        SeccompSyscall("iopl", 172, nil, ["sys_rawio"], "raw access to I/O ports"),
        SeccompSyscall("ioperm", 173, nil, ["sys_rawio"], "raw access to I/O ports"),
        SeccompSyscall(
            "socket", 41, 198, [], "only AF_VSOCK: sockets to the hypervisor and other guests, in no namespace",
            argumentValues: vsockFamily),
        // Other processes and memory placement.
        SeccompSyscall("kcmp", 312, 272, ["sys_ptrace"], "compares kernel objects of other processes"),
        SeccompSyscall("pidfd_getfd", 438, 438, ["sys_ptrace"], "takes a descriptor out of another process"),
        SeccompSyscall("process_madvise", 440, 440, ["sys_ptrace"], "advises the kernel on another process's memory"),
        SeccompSyscall("mbind", 237, 235, ["sys_nice"], "NUMA placement of memory on the host"),
        SeccompSyscall("set_mempolicy", 238, 237, ["sys_nice"], "NUMA placement of memory on the host"),
        SeccompSyscall("get_mempolicy", 239, 236, ["sys_nice"], "NUMA placement of memory on the host"),
        SeccompSyscall("set_mempolicy_home_node", 450, 450, ["sys_nice"], "NUMA placement of memory on the host"),
        SeccompSyscall("move_pages", 279, 239, [], "moves memory between NUMA nodes"),
        SeccompSyscall("migrate_pages", 256, 238, [], "moves memory between NUMA nodes"),
    ]
}

/// A condition on one argument of a refused call: the call is refused only
/// when that argument's low 32 bits equal one of `values`. The low word
/// only, as bubblewrap compares TIOCSTI: the kernel reads an `int` (a
/// request, an address family), so a caller setting the high bits must
/// not slip past the filter (Flatpak's CVE-2019-10063).
public struct SeccompArgumentValues: Sendable, Equatable, Codable {
    /// Which argument, from 0.
    public var index: Int
    /// The values that are refused.
    public var values: [UInt32]

    public init(index: Int, values: [UInt32]) {
        self.index = index
        self.values = values
    }
}
