import CtrRuntime

/// `net up`, `net veth`, `net show`: networking in the container's own net
/// namespace.
enum NetworkCommands {
    static var family: CommandFamily {
        let cidr = Operand("CIDR", .text)
        return CommandFamily(
            "net", summary: "networking in the container's net namespace",
            examples: ["ns new net; net up", "ns new net; net veth 10.200.1.2/24", "net show"],
            verbs: [
                Verb("up", summary: "bring up the loopback interface (a new net namespace starts with it down)") { _ in
                    { session in
                        let container = session.current
                        let spec = container.live?.spec ?? container.spec
                        guard spec.namespaces.contains(.net) else {
                            throw CommandError("net up: needs a net namespace of its own: `ns new net` (the host's loopback is up already)")
                        }
                        if container.live != nil {
                            try session.runtime.bringLoopbackUp(in: container)
                        }
                        container.spec.loopbackUp = true
                    }
                },
                Verb("veth", [cidr],
                     summary: "a veth pair to the host: `eth0` inside gets CIDR's address, the host end (`ctrsh-PID`) the network's first free one and is the default route; `off` removes it") {
                    args throws(CommandError) in
                    let word = args[cidr]
                    if word == "off" { return { session in try detach(session: session) } }
                    let veth: VethSpec
                    do throws(RuntimeError) {
                        veth = try VethSpec(parsing: word)
                    } catch {
                        throw args.error(error.phrase, at: cidr)
                    }
                    return { session in try attach(veth, session: session) }
                },
                Verb("show", summary: "interfaces, addresses and routes inside the container (when it runs), or what it will get") { _ in
                    { session in try NetworkReport.print(session) }
                },
            ])
    }

    /// Checks a veth against the container, the session's other veths and
    /// the host, then sets it up at once (a running container) or records
    /// it for each launch.
    private static func attach(_ veth: VethSpec, session: Session) throws {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        if let join = spec.joins.first(where: { $0.kind == .net }) {
            throw CommandError(
                "net veth: `\(container.name)` shares the net namespace of `\(join.target)`, and with it that namespace's interfaces: give `\(join.target)` the veth")
        }
        guard spec.namespaces.contains(.net) else {
            throw CommandError("net veth: needs a net namespace of its own to put the container's end in: `ns new net` first")
        }
        let network = veth.container.network
        for other in session.containers where other !== container {
            guard let theirs = other.live?.vethSpec ?? other.spec.veth, theirs.container.network.overlaps(network) else { continue }
            throw CommandError(
                "net veth: \(network) overlaps \(theirs.container.network), the veth network of `\(other.name)`; give each container a range of its own")
        }
        if container.live != nil {
            try session.runtime.attachVeth(veth, to: container)
        } else {
            try session.runtime.checkVeth(veth)
        }
        container.spec.veth = veth
    }

    /// `net veth off`: no veth from now on; a running container's goes at once.
    private static func detach(session: Session) throws {
        let container = session.current
        if container.live != nil { try session.runtime.detachVeth(from: container) }
        container.spec.veth = nil
    }

    /// One line for `show`: `loopback up, veth 10.200.1.2/24 (host end 10.200.1.1)`.
    static func summary(_ spec: ContainerSpec) -> Phrase {
        guard spec.namespaces.contains(.net) else {
            return spec.joins.first { $0.kind == .net }.map { "the net namespace of `\($0.target)`" } ?? "the host's"
        }
        let loopback: Phrase = spec.loopbackUp ? "loopback up" : "loopback down"
        guard let veth = spec.veth else { return loopback }
        return "\(loopback), veth \(veth.container) (host end \(veth.host))"
    }
}
