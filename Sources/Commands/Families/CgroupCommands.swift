import CtrRuntime

/// `cgroup set`, `cgroup unset`, `cgroup show`: the container's resource limits.
enum CgroupCommands {
    static var family: CommandFamily { CommandFamily(
        "cgroup",
        summary: "set resource limits: memory, cpu, pids, cpuset, io, or any cgroup file",
        examples: ["cgroup set memory 64M", "cgroup set cpu 50%", "cgroup set pids 20", "cgroup set memory.high 32M",
                   "cgroup unset memory", "cgroup show"],
        verbs: [
            Verb("set", [Parameter("CONTROLLER", .controller), Parameter("VALUE", .text)],
                 summary: "set a limit (or write a raw interface file)") { args throws(CommandError) in
                let setting = try CgroupSetting.parse(args)
                return { session in
                    if case .raw(let file, _) = setting, let driver = session.runtime.cgroups {
                        do {
                            try driver.validateRawFile(file)
                        } catch {
                            let reason = String(describing: error)
                            let message = reason.hasPrefix("cgroup: ") ? String(reason.dropFirst("cgroup: ".count)) : reason
                            throw args.error("cgroup set: \(message)", at: "CONTROLLER")
                        }
                    }
                    try session.compose("cgroup set") { spec in setting.apply(to: &spec.cgroup) }
                }
            },
            Verb("unset", [Parameter("CONTROLLER", .controller)], summary: "remove a limit") { args throws(CommandError) in
                let controller = args.string("CONTROLLER") ?? ""
                guard CgroupControllers.names.contains(controller) || controller.contains(".") else {
                    throw args.error(CgroupSetting.unknownController(controller, command: "cgroup unset"), at: "CONTROLLER")
                }
                return { session in
                    try session.compose("cgroup unset") { spec in CgroupSetting.unset(controller, in: &spec.cgroup) }
                }
            },
            Verb("show", summary: "the limits, and the cgroup version in use") { _ in
                { session in show(session) }
            },
        ]) }

    private static func show(_ session: Session) {
        let limits = session.current.spec.cgroup
        var rows: [[String]] = []
        if let memory = limits.memory { rows.append(["memory", "\(memory) limit"]) }
        if let swap = limits.memorySwap { rows.append(["memory.swap", "\(swap) beyond memory"]) }
        rows.append(["pids", limits.pids.map { "\($0) at most" } ?? "no limit"])
        if let cpu = limits.cpu { rows.append(["cpu", "\(cpu) of one CPU" + (cpu.cpus > 1 ? "s" : "")]) }
        if let cpuset = limits.cpuset { rows.append(["cpuset", "CPUs \(cpuset)"]) }
        if let weight = limits.ioWeight { rows.append(["io.weight", "\(weight)"]) }
        for raw in limits.raw { rows.append([raw.file, raw.value]) }
        if limits.memory == nil { rows.insert(["memory", "no limit"], at: 0) }
        let driver = session.runtime.cgroups
        rows.append(["version", driver?.summary ?? "none: no cgroup hierarchy is mounted"])
        Table.print(rows, to: session.output)
    }
}
