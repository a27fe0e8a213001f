import CtrRuntime

/// `cgroup set`, `cgroup unset`, `cgroup show`: the container's resource limits.
enum CgroupCommands {
    static var family: CommandFamily { CommandFamily(
        "cgroup",
        summary: "set resource limits: memory, cpu, pids, cpuset, io, or any cgroup file",
        examples: ["cgroup set memory 64M", "cgroup set cpu 50%", "cgroup set pids 20", "cgroup set memory.high 32M",
                   "cgroup unset memory", "cgroup show", "cgroup show web"],
        verbs: [
            Verb("set", [Parameter("CONTROLLER", .controller), Parameter("VALUE", .text)],
                 summary: "set a limit (or write a raw interface file)") { args throws(CommandError) in
                let setting = try CgroupSetting.parse(args)
                return { session in
                    guard session.runtime.cgroups != nil else { throw CommandError("cgroup set: " + CgroupSystem.limitsUnavailable) }
                    if case .raw(let file, _) = setting, let driver = session.runtime.cgroups {
                        do {
                            try driver.validateRawFile(file)
                        } catch {
                            let reason = String(describing: error)
                            let message = reason.hasPrefix("cgroup: ") ? String(reason.dropFirst("cgroup: ".count)) : reason
                            throw args.error("cgroup set: \(message)", at: "CONTROLLER")
                        }
                    }
                    try session.updateLimits { limits in setting.apply(to: &limits) }
                }
            },
            Verb("unset", [Parameter("CONTROLLER", .limitSet)], summary: "remove a limit") { args throws(CommandError) in
                let controller = args.string("CONTROLLER") ?? ""
                guard CgroupControllers.names.contains(controller) || controller.contains(".") else {
                    throw args.error(CgroupSetting.unknownController(controller, command: "cgroup unset"), at: "CONTROLLER")
                }
                return { session in
                    try session.updateLimits { limits in CgroupSetting.unset(controller, in: &limits) }
                }
            },
            Verb("show", [Parameter("NAME", .containerName, optional: true)],
                 summary: "NAME's limits and usage (default: the current container), and the cgroup version in use") { args in
                let name = args.string("NAME")
                return { session in show(try session.target(name, for: "cgroup show"), session: session) }
            },
        ]) }

    private static func show(_ container: Container, session: Session) {
        let limits = container.live?.limits ?? container.spec.cgroup
        let usage = container.live?.usage()
        var rows: [[String]] = []
        var memory = [limits.memory.map { "\($0) limit" } ?? "no limit"]
        if let usage {
            memory.append(usage.memoryCurrent.map { "\(ByteLimit.format($0)) current" } ?? "")
            memory.append(usage.memoryPeak.map { "\(ByteLimit.format($0)) peak" } ?? "")
            memory.append(usage.oomKills.map { "\($0) OOM kill" + ($0 == 1 ? "" : "s") } ?? "")
        }
        rows.append(["memory", memory.filter { !$0.isEmpty }.joined(separator: ", ")])
        if let swap = limits.memorySwap { rows.append(["memory.swap", "\(swap) beyond memory"]) }
        var pids = [limits.pids.map { "\($0) at most" } ?? "no limit"]
        if let current = usage?.pidsCurrent { pids.insert("\(current) current", at: 0) }
        rows.append(["pids", pids.joined(separator: ", ")])
        var cpu = [limits.cpu.map { "\($0) of one CPU" } ?? "no limit"]
        if let used = usage?.cpuUsageNanoseconds {
            cpu.insert(Self.seconds(used) + " s used", at: 0)
            let periods = usage?.throttledPeriods ?? 0
            cpu.append(periods == 0 ? "not throttled" : "throttled \(periods) times for \(Self.seconds(usage?.throttledNanoseconds ?? 0)) s")
        }
        rows.append(["cpu", cpu.joined(separator: ", ")])
        if let cpuset = limits.cpuset { rows.append(["cpuset", "CPUs \(cpuset)"]) }
        if let weight = limits.ioWeight { rows.append(["io.weight", "\(weight)"]) }
        for raw in limits.raw { rows.append([raw.file, raw.value]) }
        var version = session.runtime.cgroups?.summary ?? "none: " + CgroupSystem.limitsUnavailable
        if let path = container.live?.cgroupPath { version += "  path \(path)" }
        rows.append(["version", version])
        if let placement = session.runtime.cgroups?.placementSummary { rows.append(["groups", placement]) }
        Table.print(rows, to: session.output)
    }

    /// Nanoseconds as seconds with two decimals.
    private static func seconds(_ nanoseconds: UInt64) -> String {
        let hundredths = (nanoseconds + 5_000_000) / 10_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
