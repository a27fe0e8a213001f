import CtrRuntime

/// The container a command acts on: the one named on its line, as docker
/// takes it (`ps web`, `exec web sh`), or else the current one.
extension Session {
    /// `name`'s container, or the current one when no name was given.
    public func target(_ name: String?, for command: String) throws(CommandError) -> Container {
        guard let name else { return current }
        return try existing(name, for: command)
    }

    /// Splits `exec WORD ARG…`: WORD names a container when one of this
    /// session has that name (docker's order); otherwise WORD is the
    /// program and the current container runs it. (After `--`, the parser
    /// gives no WORD: `exec -- web` runs the program `web`.)
    public func target(ofProgram first: String?, _ rest: [String]) -> (container: Container, argv: [String]) {
        guard let first else { return (current, rest) }
        if let named = container(named: first) { return (named, rest) }
        return (current, [first] + rest)
    }

    /// The containers TAB offers where `filter` applies, in creation order.
    public func containers(matching filter: ContainerFilter) -> [Container] {
        containers.filter { container in
            switch filter {
            case .running: container.state == .running
            case .live: container.live != nil
            case .paused: container.state == .paused
            case .otherLive: container.live != nil && container !== current
            case .started: container.state != .composing
            }
        }
    }
}
