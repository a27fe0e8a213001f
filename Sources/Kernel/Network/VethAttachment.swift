import Glibc

/// One container's veth pair, from creation to removal. The runtime makes
/// one per launch (or for a running container, at once): `attach` creates
/// the pair once the container's first process exists, with its end moved
/// straight into that process's new net namespace while the process still
/// waits on the sync pipe, so the program finds `eth0` configured. Every
/// change is a netlink request from ctrsh (never `ip`): the host's end is
/// driven through a socket in ctrsh's own namespace, the container's
/// through a socket created inside the container's (`NetlinkSocket`).
///
/// Nothing is left half-made: when a step fails, the pair is deleted
/// before the error is thrown (deleting one end deletes both).
package final class VethAttachment {
    /// Every host end's name starts with this.
    package static let hostPrefix = "ctrsh-"

    package let spec: VethSpec
    /// The namespace the host end lives in: ctrsh's own (nil), or, in
    /// tests, a namespace of the test's (`/proc/PID/ns/net`).
    let hostNamespace: String?
    private let steps: KernelStepLog?
    /// The host end's name, while the pair exists.
    package private(set) var hostName: String?
    /// The host end's interface index, once known: with the name, it tells
    /// this pair from a later one that reuses the name (PIDs are reused).
    package private(set) var hostIndex: Int32?

    package init(spec: VethSpec, hostNamespace: String? = nil, steps: KernelStepLog? = nil) {
        self.spec = spec
        self.hostNamespace = hostNamespace
        self.steps = steps
    }

    /// The host end's name for a container whose first process is `pid`:
    /// `ctrsh-4711` (at most 13 characters; the kernel allows 15).
    static func hostName(for pid: pid_t) -> String { hostPrefix + String(pid) }

    /// Creates and configures the pair for process `pid`, whose net
    /// namespace is its own: `ctrsh-<pid>` here, `eth0` there.
    package func attach(to pid: pid_t) throws(RuntimeError) {
        try attach(hostName: Self.hostName(for: pid), containerNamespace: "/proc/\(pid)/ns/net")
    }

    /// Creates and configures the pair between the host's namespace and
    /// the one at `containerNamespace`; on failure removes it again.
    func attach(hostName name: String, containerNamespace: String) throws(RuntimeError) {
        let host = try NetlinkSocket(namespace: hostNamespace)
        try Self.checkConflicts(spec, on: host)
        let namespaceFD = open(containerNamespace, O_RDONLY | O_CLOEXEC)
        guard namespaceFD >= 0 else { throw .lastError(SystemCall("open", containerNamespace)) }
        defer { close(namespaceFD) }
        let inside = VethSpec.containerInterface
        try step("ip link add \(name) type veth peer name \(inside) netns \(containerNamespace)",
                 .createPair(host: name, container: inside)) { () throws(NetlinkError) in
            try host.createVethPair(name: name, peer: inside, peerNamespace: namespaceFD)
        }
        hostName = name
        do {
            hostIndex = try configure(host, name: name, address: spec.hostInterface, side: .host)
            let container = try NetlinkSocket(namespace: containerNamespace)
            let index = try configure(container, name: inside, address: spec.container, side: .container)
            try step("ip route add default via \(spec.host) dev \(inside) (in the container)",
                     .defaultRoute(via: spec.host)) { () throws(NetlinkError) in
                try container.addDefaultRoute(via: spec.host, index: index)
            }
        } catch {
            _ = detach()
            throw error
        }
    }

    /// Deletes the pair (its host end: the container's end goes with it);
    /// returns a problem to report, if any. An end already gone (its
    /// namespace died with the container) is no problem.
    @discardableResult
    package func detach() -> RuntimeError? {
        guard let name = hostName else { return nil }
        defer {
            hostName = nil
            hostIndex = nil
        }
        steps?.report(.netlink("ip link del \(name)"))
        do {
            try Self.removeHostEnd(named: name, index: hostIndex, namespace: hostNamespace)
            return nil
        } catch {
            return error
        }
    }

    /// Deletes the host end `name` (`detach`, or `ctrsh gc` for a killed
    /// session's), but only while `index`, when given, is still its index:
    /// otherwise the name now belongs to another container's pair. Returns
    /// false when there was nothing to delete.
    @discardableResult
    package static func removeHostEnd(named name: String, index: Int32?, namespace: String? = nil) throws(RuntimeError) -> Bool {
        let socket = try NetlinkSocket(namespace: namespace)
        do {
            let current = try socket.linkIndex(named: name)
            guard index == nil || index == current else { return false }
            try socket.deleteLink(index: current)
            return true
        } catch where error.errno == ENODEV {
            return false
        } catch {
            throw .network(.deleteFailed(name, error))
        }
    }

    /// Refuses a network that overlaps an address or route ctrsh's own
    /// network namespace (the host's) has now.
    package static func checkConflicts(_ spec: VethSpec) throws(RuntimeError) {
        try checkConflicts(spec, on: NetlinkSocket())
    }

    /// Refuses a network that overlaps an address or route the socket's
    /// namespace (the host's) already has.
    static func checkConflicts(_ spec: VethSpec, on host: NetlinkSocket) throws(RuntimeError) {
        let snapshot: NetworkSnapshot
        do {
            snapshot = try host.snapshot()
        } catch {
            throw .network(.hostUnreadable(error))
        }
        if let conflict = AddressConflicts.conflict(with: spec.container.network, in: snapshot) {
            throw .network(.overlap(network: spec.container.network, conflict: conflict))
        }
    }

    // MARK: - Steps

    /// Gives interface `name` its address and brings it up; returns its index.
    @discardableResult
    private func configure(_ socket: NetlinkSocket, name: String, address: IPv4Interface, side: VethSide) throws(RuntimeError) -> Int32 {
        let index = try step("ip link show \(name) (in the \(side == .host ? "host" : "container")'s namespace)", .find(name, side: side)) {
            () throws(NetlinkError) in try socket.linkIndex(named: name)
        }
        try step("ip addr add \(address) dev \(name) (\(side == .host ? "host" : "container"))", .address(name, address)) { () throws(NetlinkError) in
            try socket.addAddress(address, index: index)
        }
        try step("ip link set \(name) up (\(side == .host ? "host" : "container"))", .up(name)) { () throws(NetlinkError) in
            try socket.setLinkUp(index: index)
        }
        return index
    }

    /// Reports a step (`explain`), takes it, and turns a refusal into an
    /// error naming it.
    private func step<T>(_ command: String, _ what: VethStep, _ body: () throws(NetlinkError) -> T) throws(RuntimeError) -> T {
        steps?.report(.netlink(command))
        do {
            return try body()
        } catch {
            throw .network(.vethStep(what, error))
        }
    }
}
