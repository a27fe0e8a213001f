import Glibc

/// One system call of ctrsh's default seccomp deny-list: its name, its
/// number on each architecture ctrsh builds a filter for, the capabilities
/// that allow it again (why a container should not make it is ctrsh's
/// Commands' words: `SeccompReasonWords`).
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
        _ name: String, _ x86_64: Int32?, _ aarch64: Int32?, _ allowedWith: [String],
        errno: Int32 = EPERM, firstArgumentFlags: UInt64? = nil, argumentValues: SeccompArgumentValues? = nil
    ) {
        self.name = name
        self.x86_64 = x86_64
        self.aarch64 = aarch64
        self.allowedWith = allowedWith
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
        SeccompSyscall("kexec_load", 246, 104, []),
        SeccompSyscall("kexec_file_load", 320, 294, []),
        SeccompSyscall("init_module", 175, 105, ["sys_module"]),
        SeccompSyscall("finit_module", 313, 273, ["sys_module"]),
        SeccompSyscall("delete_module", 176, 106, ["sys_module"]),
        SeccompSyscall("reboot", 169, 142, ["sys_boot"]),
        SeccompSyscall("bpf", 321, 280, ["sys_admin", "bpf"]),
        SeccompSyscall("perf_event_open", 298, 241, ["sys_admin", "perfmon"]),
        SeccompSyscall("userfaultfd", 323, 282, ["sys_ptrace"]),
        SeccompSyscall("io_uring_setup", 425, 425, []),
        SeccompSyscall("io_uring_enter", 426, 426, []),
        SeccompSyscall("io_uring_register", 427, 427, []),
        SeccompSyscall("lookup_dcookie", 212, 18, ["sys_admin"]),
        SeccompSyscall("nfsservctl", 180, 42, []),
        // Keys: the keyrings are not namespaced.
        SeccompSyscall("add_key", 248, 217, []),
        SeccompSyscall("request_key", 249, 218, []),
        SeccompSyscall("keyctl", 250, 219, []),
        // Namespaces: a new user namespace gives every capability back inside it.
        SeccompSyscall("unshare", 272, 97, ["sys_admin"]),
        SeccompSyscall("setns", 308, 268, ["sys_admin"]),
        SeccompSyscall("clone", 56, 220, ["sys_admin"], firstArgumentFlags: namespaceFlags),
        SeccompSyscall("clone3", 435, 435, ["sys_admin"], errno: ENOSYS),
        // Mounts, and files reached around the root.
        SeccompSyscall("mount", 165, 40, ["sys_admin"]),
        SeccompSyscall("umount2", 166, 39, ["sys_admin"]),
        SeccompSyscall("pivot_root", 155, 41, []),
        SeccompSyscall("open_tree", 428, 428, ["sys_admin"]),
        SeccompSyscall("move_mount", 429, 429, ["sys_admin"]),
        SeccompSyscall("fsopen", 430, 430, ["sys_admin"]),
        SeccompSyscall("fsconfig", 431, 431, ["sys_admin"]),
        SeccompSyscall("fsmount", 432, 432, ["sys_admin"]),
        SeccompSyscall("fspick", 433, 433, ["sys_admin"]),
        SeccompSyscall("mount_setattr", 442, 442, ["sys_admin"]),
        SeccompSyscall("open_by_handle_at", 304, 265, ["dac_read_search"]),
        SeccompSyscall("name_to_handle_at", 303, 264, ["sys_admin"]),
        SeccompSyscall("fanotify_init", 300, 262, ["sys_admin"]),
        SeccompSyscall("quotactl", 179, 60, ["sys_admin"]),
        SeccompSyscall("quotactl_fd", 443, 443, ["sys_admin"]),
        SeccompSyscall("swapon", 167, 224, []),
        SeccompSyscall("swapoff", 168, 225, []),
        SeccompSyscall("acct", 163, 89, ["sys_pacct"]),
        SeccompSyscall("uselib", 134, nil, []),
        SeccompSyscall("ustat", 136, nil, []),
        SeccompSyscall("sysfs", 139, nil, []),
        // The host's clock, console, log and hardware.
        SeccompSyscall("settimeofday", 164, 170, ["sys_time"]),
        SeccompSyscall("clock_settime", 227, 112, ["sys_time"]),
        SeccompSyscall("sethostname", 170, 161, ["sys_admin"]),
        SeccompSyscall("setdomainname", 171, 162, ["sys_admin"]),
        SeccompSyscall("syslog", 103, 116, ["sys_admin", "syslog"]),
        SeccompSyscall("vhangup", 153, 58, ["sys_tty_config"]),
        SeccompSyscall("ioctl", 16, 29, [], argumentValues: terminalInjection),
        SeccompSyscall("iopl", 172, nil, ["sys_rawio"]),
        SeccompSyscall("ioperm", 173, nil, ["sys_rawio"]),
        SeccompSyscall("socket", 41, 198, [], argumentValues: vsockFamily),
        // Other processes and memory placement.
        SeccompSyscall("kcmp", 312, 272, ["sys_ptrace"]),
        SeccompSyscall("pidfd_getfd", 438, 438, ["sys_ptrace"]),
        SeccompSyscall("process_madvise", 440, 440, ["sys_ptrace"]),
        SeccompSyscall("mbind", 237, 235, ["sys_nice"]),
        SeccompSyscall("set_mempolicy", 238, 237, ["sys_nice"]),
        SeccompSyscall("get_mempolicy", 239, 236, ["sys_nice"]),
        SeccompSyscall("set_mempolicy_home_node", 450, 450, ["sys_nice"]),
        SeccompSyscall("move_pages", 279, 239, []),
        SeccompSyscall("migrate_pages", 256, 238, []),
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
