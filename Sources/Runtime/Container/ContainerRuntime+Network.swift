import CtrKernel

/// `net veth` and `net show`: a container's veth pair, made for each launch
/// (or at once in a running container) and removed when the container
/// ends, and what its net namespace holds.
extension ContainerRuntime {
    /// Refuses a veth whose network overlaps an address or route the host
    /// has now (checked again when the pair is made).
    public func checkVeth(_ veth: VethSpec) throws(RuntimeError) {
        try VethAttachment.checkConflicts(veth)
    }

    /// `net veth` on a running container: makes the pair at once, named
    /// after its PID 1, and removes it when the container stops.
    public func attachVeth(_ veth: VethSpec, to container: Container) throws(RuntimeError) {
        let live = try running(container, for: .netVeth)
        guard live.spec.namespaces.contains(.net) else {
            let owner = live.spec.joins.first { $0.kind == .net }?.target
            throw .container(.missingNamespace(.net, container: container.name, for: .netVeth, owner: owner))
        }
        if let existing = live.veth, let name = existing.hostName {
            throw .container(.vethAttached(container.name, hostEnd: name, inside: existing.spec.container))
        }
        let attachment = VethAttachment(spec: veth, steps: steps)
        try attachment.attach(to: live.first.pid)
        live.veth = attachment
        recordVeth(attachment, container: container.name)
    }

    /// `net veth off` on a running container: deletes its pair at once.
    public func detachVeth(from container: Container) throws(RuntimeError) {
        let live = try running(container, for: .netVethOff)
        if let problem = releaseVeth(live.veth, container: container.name) { throw problem }
        live.veth = nil
    }

    /// What a running container's net namespace holds, and the host end of
    /// its veth pair as the host sees it.
    public func networkSnapshot(of container: Container) throws(RuntimeError) -> (inside: NetworkSnapshot, hostEnd: NetworkInterface?) {
        let live = try running(container, for: .netShow)
        let inside = try NetworkSnapshot.read(namespace: "/proc/\(live.first.pid)/ns/net")
        guard let name = live.vethHostName else { return (inside, nil) }
        return (inside, try NetworkSnapshot.read(namespace: nil).interface(named: name))
    }

    // MARK: - Steps of a launch

    /// The pair a launch of `spec` makes, if it asks for one.
    func vethAttachment(for spec: ContainerSpec) -> VethAttachment? {
        spec.veth.map { VethAttachment(spec: $0, steps: steps) }
    }

    /// Notes a pair that now exists in the session's state, for `gc`.
    func recordVeth(_ attachment: VethAttachment?, container: String) {
        guard let name = attachment?.hostName, let index = attachment?.hostIndex else { return }
        // Without the note only `gc` is weaker: the kernel still deletes the
        // pair with the container's net namespace.
        try? prepareStateDirectory()
        try? state.recordVeth(session: sessionID, container: container, name: name, index: index)
    }

    /// Deletes a launch's pair and its note; returns a problem to report.
    func releaseVeth(_ attachment: VethAttachment?, container: String) -> RuntimeError? {
        guard let attachment, attachment.hostName != nil else { return nil }
        let problem = attachment.detach()
        state.forgetVeth(session: sessionID, container: container)
        return problem
    }
}
