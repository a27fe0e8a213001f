import CtrRuntime

/// `net up`: networking inside the container's own net namespace.
enum NetworkCommands {
    static var family: CommandFamily { CommandFamily(
        "net", summary: "networking in the container's net namespace",
        examples: ["ns new net; net up"],
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
        ]) }
}
