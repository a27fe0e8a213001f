import CtrRuntime

/// `hostname`, `env`, `workdir`: what the container's process sees.
enum ProcessSettingsCommands {
    static var hostname: CommandFamily { CommandFamily(
        "hostname", summary: "set the container's hostname (needs the uts namespace)",
        examples: ["hostname demo"],
        verbs: [
            Verb([Parameter("NAME", .text)], summary: "set the UTS hostname") { args throws(CommandError) in
                let name = args.string("NAME") ?? ""
                guard (1...64).contains(name.utf8.count) else {
                    throw args.error("hostname: `\(name)` must be 1 to 64 bytes long", at: "NAME")
                }
                return { session in
                    if session.current.live != nil {
                        try session.runtime.setHostname(name, in: session.current)
                        session.current.spec.hostname = name
                        return
                    }
                    try session.compose("hostname") { spec throws(CommandError) in
                        guard spec.namespaces.contains(.uts) else {
                            throw CommandError("hostname: needs the uts namespace, or it would rename the host: `ns new uts` first")
                        }
                        spec.hostname = name
                    }
                }
            },
        ]) }

    static var env: CommandFamily { CommandFamily(
        "env", summary: "set or remove environment variables of the container's processes",
        examples: ["env GREETING=hi LANG=C.UTF-8", "env rm GREETING", "env"],
        verbs: [
            Verb([Parameter("KEY=VALUE", .assignment, optional: true, repeating: true)],
                 summary: "set variables; alone, list the environment") { args in
                let pairs = args.list("KEY=VALUE").compactMap { word -> (String, String)? in
                    word.firstIndex(of: "=").map { (String(word[..<$0]), String(word[word.index(after: $0)...])) }
                }
                return { session in
                    if pairs.isEmpty {
                        for variable in session.current.spec.env { session.output.line("\(variable.name)=\(variable.value)") }
                        return
                    }
                    try session.compose("env") { spec in for (key, value) in pairs { spec.setEnvironment(key, value) } }
                }
            },
            Verb("rm", [Parameter("KEY", .text, repeating: true)], summary: "remove variables") { args in
                let keys = args.list("KEY")
                return { session in
                    try session.compose("env rm") { spec in spec.env.removeAll { keys.contains($0.name) } }
                }
            },
        ]) }

    static var workdir: CommandFamily { CommandFamily(
        "workdir", summary: "the working directory of the container's processes",
        examples: ["workdir /tmp"],
        verbs: [
            Verb([Parameter("PATH", .text)], summary: "set the working directory") { args throws(CommandError) in
                let path = args.string("PATH") ?? ""
                guard path.hasPrefix("/") else {
                    throw args.error("workdir: `\(path)` must be an absolute path inside the container", at: "PATH")
                }
                return { session in try session.compose("workdir") { spec in spec.workdir = path } }
            },
        ]) }
}
