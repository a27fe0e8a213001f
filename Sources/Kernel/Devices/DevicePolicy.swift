/// Which device nodes a container's processes may create, read and write:
/// an ordered list of rules over "nothing allowed", the last rule that
/// covers a node and an access deciding it. Every container with a cgroup
/// gets one: the v1 driver writes it to the devices controller, the v2
/// driver compiles it to a `BPF_PROG_TYPE_CGROUP_DEVICE` program
/// (`DeviceFilter`), and an OCI bundle carries it as `linux.resources.devices`.
public struct DevicePolicy: Codable, Equatable, Sendable {
    /// The rules, in order; the later one wins where two cover a node.
    public var rules: [DeviceRule]

    public init(rules: [DeviceRule]) {
        self.rules = rules
    }

    /// Docker's list, as runc gives every container (its
    /// `specconv.AllowedDevices`): mknod of any node (only creating it, not
    /// opening it), and the nodes ctrsh's own `/dev` holds: null, zero,
    /// full, random, urandom, tty, ptmx and the pseudo-terminals in
    /// `/dev/pts`, plus `/dev/net/tun`. Everything else, among it a loop
    /// device (`b 7:*`), a disk (`b 8:*`), `/dev/kmsg` (`c 1:11`),
    /// `/dev/mem` (`c 1:1`) and `/dev/kvm` (`c 10:232`), cannot be opened.
    public static let dockerDefault = DevicePolicy(rules: [
        DeviceRule(.char, major: nil, minor: nil, .mknod),
        DeviceRule(.block, major: nil, minor: nil, .mknod),
        DeviceRule(.char, major: 1, minor: 3, .all),  // null
        DeviceRule(.char, major: 1, minor: 8, .all),  // random
        DeviceRule(.char, major: 1, minor: 7, .all),  // full
        DeviceRule(.char, major: 5, minor: 0, .all),  // tty
        DeviceRule(.char, major: 1, minor: 5, .all),  // zero
        DeviceRule(.char, major: 1, minor: 9, .all),  // urandom
        DeviceRule(.char, major: 136, minor: nil, .all),  // /dev/pts/*
        DeviceRule(.char, major: 5, minor: 2, .all),  // ptmx
        DeviceRule(.char, major: 10, minor: 200, .all),  // tun
    ])

    /// Every node, every access: what `--privileged` gives.
    public static let unrestricted = DevicePolicy(rules: [DeviceRule(.all, major: nil, minor: nil, .all)])

    /// True when the policy lets a process do `access` to the node of
    /// `kind` (`.char` or `.block`) `major:minor`: the last rule covering
    /// the node and every bit of `access` decides; none denies.
    public func permits(_ kind: DeviceRule.Kind, _ major: UInt32, _ minor: UInt32, _ access: DeviceRule.Access) -> Bool {
        for rule in rules.reversed() where rule.covers(kind, major, minor, access) {
            return rule.allow
        }
        return false
    }

    /// What the v1 devices controller is written, in order: `a` to
    /// `devices.deny` first (nothing allowed), then each rule to
    /// `devices.allow` or `devices.deny`.
    var v1Writes: [(file: String, value: String)] {
        [(V1File.devicesDeny, "a")] + rules.map { ($0.allow ? V1File.devicesAllow : V1File.devicesDeny, $0.description) }
    }
}

extension DeviceRule {
    /// True when the rule speaks for `access` to that node: its kind, major
    /// and minor match, and an allowing rule names every bit of `access`
    /// (allowing `m` says nothing about `rw`), a denying one any bit of it.
    func covers(_ kind: Kind, _ major: UInt32, _ minor: UInt32, _ access: Access) -> Bool {
        guard (self.kind == .all || self.kind == kind) && (self.major ?? major) == major && (self.minor ?? minor) == minor
        else { return false }
        return allow ? self.access.isSuperset(of: access) : !self.access.isDisjoint(with: access)
    }
}

extension ContainerSpec {
    /// True when the container's processes could rewrite a v1 device
    /// policy: they keep CAP_SYS_ADMIN, which the devices controller asks
    /// for (in the host's user namespace; counted here even in a user
    /// namespace of the container's own, to be safe). Such a container
    /// never shares its session's devices group (`CgroupV1Session`).
    package var mayWriteDevicePolicy: Bool {
        let sysAdmin = Capability.number(of: "sys_admin")
        return capabilities.contains { Capability.number(of: $0) == sysAdmin }
    }
}
