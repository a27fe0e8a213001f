import CtrRuntime

/// `net show`: the interfaces (with the host end of the veth pair), their
/// addresses and the routes in a running container's net namespace, as
/// the kernel reports them; for a container that is not running, what its
/// spec will give it.
enum NetworkReport {
    static func print(_ session: Session) throws {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        if !spec.namespaces.contains(.net) && !spec.joins.contains(where: { $0.kind == .net }) {
            session.output.line("net show: `\(container.name)` shares the host's net namespace (`ns new net` gives it its own; `host ip addr` shows the host's)")
            return
        }
        if container.live != nil {
            let (inside, hostEnd) = try session.runtime.networkSnapshot(of: container)
            printTables(interfaces: inside.interfaces.map(row) + [hostEnd].compactMap { $0 }.map(hostRow), routes: inside.routes, session)
        } else {
            session.output.line("net show: `\(container.name)` is not running; when it starts, it gets:")
            printPlanned(spec, session)
        }
    }

    private static func printPlanned(_ spec: ContainerSpec, _ session: Session) {
        if let join = spec.joins.first(where: { $0.kind == .net }) {
            session.output.line("  the net namespace of `\(join.target)`, with whatever it holds then")
            return
        }
        var interfaces = [["lo", "loopback", spec.loopbackUp ? "up" : "down", spec.loopbackUp ? "127.0.0.1/8" : "-"]]
        var routes: [NetworkRoute] = []
        if let veth = spec.veth {
            let inside = VethSpec.containerInterface
            interfaces.append([inside, "veth", "up", veth.container.description])
            interfaces.append(["ctrsh-<PID> (host)", "veth", "up", veth.hostInterface.description])
            routes = [
                NetworkRoute(destination: nil, gateway: veth.host, interface: inside),
                NetworkRoute(destination: veth.container.network, gateway: nil, interface: inside),
            ]
        }
        printTables(interfaces: interfaces, routes: routes, session)
    }

    private static func printTables(interfaces: [[String]], routes: [NetworkRoute], _ session: Session) {
        Table.print([["INTERFACE", "KIND", "STATE", "ADDRESSES"]] + interfaces, to: session.output)
        guard !routes.isEmpty else {
            session.output.line("  no routes")
            return
        }
        Table.print(
            [["ROUTE", "VIA", "INTERFACE"]] + routes.map { [$0.destinationText, $0.gateway?.description ?? "-", $0.interface.map(DisplayText.escaped) ?? "-"] },
            to: session.output)
    }

    private static func row(_ interface: NetworkInterface) -> [String] {
        [DisplayText.escaped(interface.name), interface.kind.map(DisplayText.escaped) ?? "-", interface.state,
         interface.addresses.isEmpty ? "-" : interface.addresses.map(\.description).joined(separator: ", ")]
    }

    private static func hostRow(_ interface: NetworkInterface) -> [String] {
        var cells = row(interface)
        cells[0] += " (host)"
        return cells
    }
}
