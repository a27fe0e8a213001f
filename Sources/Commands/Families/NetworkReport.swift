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
            let language = session.output.language
            let host = hostEnd.map { hostRow($0, language: language) }
            printTables(interfaces: inside.interfaces.map { row($0, language: language) } + [host].compactMap { $0 }, routes: inside.routes, session)
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
        let language = session.output.language
        let up = Self.up.text(in: language)
        let loopback = spec.loopbackUp ? up : Self.down.text(in: language)
        var interfaces = [["lo", "loopback", loopback, spec.loopbackUp ? "127.0.0.1/8" : "-"]]
        var routes: [NetworkRoute] = []
        if let veth = spec.veth {
            let inside = VethSpec.containerInterface
            interfaces.append([inside, "veth", up, veth.container.description])
            interfaces.append([("\("ctrsh-<PID>") (host)" as Phrase).text(in: language), "veth", up, veth.hostInterface.description])
            routes = [
                NetworkRoute(destination: nil, gateway: veth.host, interface: inside),
                NetworkRoute(destination: veth.container.network, gateway: nil, interface: inside),
            ]
        }
        printTables(interfaces: interfaces, routes: routes, session)
    }

    private static func printTables(interfaces: [[String]], routes: [NetworkRoute], _ session: Session) {
        let language = session.output.language
        let headers: [Phrase] = ["INTERFACE", "KIND", "STATE", "ADDRESSES"]
        Table.print([headers.map { $0.text(in: language) }] + interfaces, to: session.output)
        guard !routes.isEmpty else {
            session.output.line("  no routes")
            return
        }
        let routeHeaders: [Phrase] = ["ROUTE", "VIA", "INTERFACE"]
        Table.print(
            [routeHeaders.map { $0.text(in: language) }] + routes.map { [$0.destinationText, $0.gateway?.description ?? "-", $0.interface.map(DisplayText.escaped) ?? "-"] },
            to: session.output)
    }

    /// An interface's state: `up`, `down`, or `up, no carrier`.
    private static let up: Phrase = "up"
    private static let down: Phrase = "down"

    private static func state(of interface: NetworkInterface) -> Phrase {
        interface.isUp ? (interface.hasCarrier ? up : "up, no carrier") : down
    }

    private static func row(_ interface: NetworkInterface, language: Language) -> [String] {
        [DisplayText.escaped(interface.name), interface.kind.map(DisplayText.escaped) ?? "-", state(of: interface).text(in: language),
         interface.addresses.isEmpty ? "-" : interface.addresses.map(\.description).joined(separator: ", ")]
    }

    private static func hostRow(_ interface: NetworkInterface, language: Language) -> [String] {
        var cells = row(interface, language: language)
        cells[0] = ("\(cells[0]) (host)" as Phrase).text(in: language)
        return cells
    }
}
