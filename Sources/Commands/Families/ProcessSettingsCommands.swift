import CtrRuntime

/// `hostname`, `env`, `workdir`: what the container's process sees.
enum ProcessSettingsCommands {
    static var hostname: CommandFamily {
        let name = Operand("NAME", .text)
        return CommandFamily(
            "hostname", summary: "set the container's hostname (needs the uts namespace)",
            examples: ["hostname demo"],
            verbs: [
                Verb([name], summary: "set the UTS hostname") { args throws(CommandError) in
                    guard (1...64).contains(args[name].utf8.count) else {
                        throw args.error("hostname: `\(args[name])` must be 1 to 64 bytes long", at: name)
                    }
                    let name = args[name]
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
            ])
    }

    static var env: CommandFamily {
        let assignments = Operand(repeating: "KEY=VALUE", .assignment, optional: true)
        let keys = Operand(repeating: "KEY", .text)
        return CommandFamily(
            "env", summary: "set or remove environment variables of the container's processes",
            examples: ["env GREETING=hi LANG=C.UTF-8", "env rm GREETING", "env"],
            verbs: [
                Verb([assignments], summary: "set variables; alone, list the environment") { args in
                    let pairs = args[assignments]
                    return { session in
                        if pairs.isEmpty {
                            for variable in session.current.spec.env { session.output.line("\(variable.name)=\(variable.value)") }
                            return
                        }
                        try session.compose("env") { spec in for pair in pairs { spec.setEnvironment(pair.name, pair.value) } }
                    }
                },
                Verb("rm", [keys], summary: "remove variables") { args in
                    let keys = args[keys]
                    return { session in
                        try session.compose("env rm") { spec in spec.env.removeAll { keys.contains($0.name) } }
                    }
                },
            ])
    }

    static var workdir: CommandFamily {
        let path = Operand("PATH", .text)
        return CommandFamily(
            "workdir", summary: "the working directory of the container's processes",
            examples: ["workdir /tmp"],
            verbs: [
                Verb([path], summary: "set the working directory") { args throws(CommandError) in
                    guard args[path].hasPrefix("/") else {
                        throw args.error("workdir: `\(args[path])` must be an absolute path inside the container", at: path)
                    }
                    let path = args[path]
                    return { session in try session.compose("workdir") { spec in spec.workdir = path } }
                },
            ])
    }
}
