/// One step the runtime takes in the kernel, as `explain on` prints it.
public enum KernelStep: Equatable, Sendable, CustomStringConvertible {
    /// A cgroup directory made or removed, or an interface file written.
    case cgroup(CgroupChange)
    /// `clone3` with these flags gave this host PID.
    case clone(flags: [String], pid: Int32)
    /// A write to a `/proc` file of the child (its ID maps).
    case procWrite(path: String, value: String)
    /// A step the child took inside its new namespaces, with its facts
    /// (worded by ctrsh's Commands).
    case child(ChildStepReport)
    /// A helper program run on the host for the child (`newuidmap PID …`).
    case hostProgram(argv: [String])
    /// A netlink request to the kernel, written as the `ip` command that
    /// would send it (`ip link add ctrsh-4711 type veth …`).
    case netlink(String)

    /// One line of facts; a cgroup path keeps its hierarchy and drops
    /// ctrsh's own cgroup: `/sys/fs/cgroup/memory/…/ctrsh/412/web/memory.max`.
    /// A child's step shows its C name here (`[child] PIVOT_ROOT`): its
    /// words are ctrsh's Commands'.
    public var description: String {
        switch self {
        case .cgroup(.makeDirectory(let path)): "mkdir \(Self.short(path))"
        case .cgroup(.removeDirectory(let path)): "rmdir \(Self.short(path))"
        case .cgroup(.write(let value, let path)): "write \(value) > \(Self.short(path))"
        case .cgroup(.loadDeviceProgram(let count)): "bpf(BPF_PROG_LOAD, cgroup_device: \(count) instructions)"
        case .cgroup(.attachDeviceProgram(let path)): "bpf(BPF_PROG_ATTACH) > \(Self.short(path))"
        case .cgroup(.hostProgram(let argv)): "run " + argv.joined(separator: " ")
        case .clone(let flags, let pid): "clone3(\(flags.isEmpty ? "0" : flags.joined(separator: "|"))) = \(pid)"
        case .procWrite(let path, let value):
            "write \(value.split(separator: "\n").joined(separator: "; ")) > \(path)"
        case .child(let report): "[child] " + report.stepName
        case .hostProgram(let argv): "run " + argv.joined(separator: " ")
        case .netlink(let text): "netlink: " + text
        }
    }

    /// A cgroup path as `explain` shows it, without ctrsh's own cgroup.
    public static func short(_ path: String) -> String {
        guard let range = path.firstRange(of: "/ctrsh/") ?? (path.hasSuffix("/ctrsh") ? path.firstRange(of: "/ctrsh") : nil)
        else { return path }
        let head = path[..<range.lowerBound].split(separator: "/")
        guard head.count > 4 else { return path }
        return "/" + head.prefix(4).joined(separator: "/") + "/…" + path[range.lowerBound...]
    }
}

/// Where the runtime reports its kernel steps. ctrsh runs its runtime on one
/// thread; the observer is set and called there.
public final class KernelStepLog: @unchecked Sendable {
    /// Told about each step just before it is taken; nil reports nothing.
    public var observer: ((KernelStep) -> Void)?

    public init() {}

    /// Passes one step to the observer (a cgroup driver's observer calls this).
    public func report(_ step: KernelStep) {
        observer?(step)
    }
}
