/// Linux capabilities, named once: the word users type (`net_admin`), the
/// kernel's number, and the set a container keeps by default.
public enum Capability {
    /// Every capability Linux 6.x knows, by number.
    public static let names: [String] = [
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
        "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
        "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
        "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
        "lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog",
        "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
    ]

    /// The set Docker keeps, which containers keep unless told otherwise.
    public static let dockerDefault: [String] = [
        "chown", "dac_override", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
        "net_bind_service", "net_raw", "sys_chroot", "mknod", "audit_write", "setfcap",
    ]

    /// The number of `name` (`net_admin`, `CAP_NET_ADMIN`, `NET_ADMIN`), if it is one.
    public static func number(of name: String) -> Int? {
        var word = name.lowercased()
        if word.hasPrefix("cap_") { word.removeFirst(4) }
        return names.firstIndex(of: word)
    }

    /// The bit mask of a list of names (unknown names are ignored).
    public static func mask(_ names: [String]) -> UInt64 {
        names.compactMap(number(of:)).reduce(0) { $0 | (1 << UInt64($1)) }
    }

    /// The names in a mask, in number order.
    public static func names(in mask: UInt64) -> [String] {
        names.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
    }
}
