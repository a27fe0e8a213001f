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
                    guard let driver = session.runtime.cgroups else { throw CommandError(Phrase(verbatim: "cgroup set: " + CgroupSystem.limitsUnavailable)) }
                    switch setting {
                    case .raw(let file, _):
                        do {
                            try driver.validateRawFile(file)
                        } catch {
                            throw args.error("cgroup set: \(withoutPrefix(error))", at: "CONTROLLER")
                        }
                    case .limit(let word, let value):
                        try check(word, value, args: args, driver: driver, limits: session.current.spec.cgroup)
                    }
                    try session.updateLimits { limits in setting.apply(to: &limits) }
                }
            },
            Verb("unset", [Parameter("CONTROLLER", .limitSet)], summary: "remove a limit") { args throws(CommandError) in
                let controller = args.string("CONTROLLER") ?? ""
                guard CgroupLimitTable.limit(named: controller) != nil || controller.contains(".") else {
                    throw args.error(CgroupSetting.unknownController(controller, command: "cgroup unset"), at: "CONTROLLER")
                }
                return { session in
                    let limits = session.current.spec.cgroup
                    if let dependent = CgroupLimitTable.all.first(where: { $0.requires == controller && $0.value(limits) != nil }) {
                        throw args.error(
                            "cgroup unset \(controller): `\(dependent.word)` counts beyond it; unset \(dependent.word) first", at: "CONTROLLER")
                    }
                    try session.updateLimits { limits in CgroupSetting.unset(controller, in: &limits) }
                }
            },
            Verb("show", [Parameter("NAME", .containerName, optional: true)],
                 summary: "NAME's limits and usage (default: the current container), and the cgroup version in use") { args in
                let name = args.string("NAME")
                return { session in show(try session.target(name, for: "cgroup show"), session: session) }
            },
        ],
        values: ("CONTROLLER", CgroupLimitTable.all.map { ($0.word, $0.summary) }
            + [("FILE.NAME", "any interface file of the cgroup version in use: memory.high 32M, cpu.weight 50")])) }

    /// What can be told when `cgroup set` is typed, not only at the start:
    /// the limit's controller is here, the limit it counts from is set, a
    /// CPU limit is within the machine's CPUs.
    private static func check(
        _ word: String, _ value: CgroupLimitValue, args: Arguments, driver: any CgroupDriver, limits: CgroupLimits
    ) throws(CommandError) {
        guard let limit = CgroupLimitTable.limit(named: word) else { return }
        do {
            try driver.validateLimit(limit)
        } catch {
            throw args.error("cgroup set: \(withoutPrefix(error))", at: "CONTROLLER")
        }
        if let required = limit.requires.flatMap(CgroupLimitTable.limit(named:)), required.value(limits) == nil {
            throw args.error(
                """
                cgroup set \(word): it counts beyond the \(required.word) limit, and none is set; \
                set \(required.word) first (`cgroup set \(required.word) …`), then \(word)
                """, at: "CONTROLLER")
        }
        let cpus = HostCPUs.online
        if case .cpu(let cpu?) = value, cpu.cpus > Double(cpus) {
            throw args.error(
                """
                cgroup set cpu: \(cpu) is more than this machine's \(cpus == 1 ? "1 CPU" : "\(cpus) CPUs" as Phrase) \
                (\(cpus * 100)%), so it would limit nothing; set at most \(cpus * 100)% (or \(cpus)), or `max` for no limit
                """, at: "VALUE")
        }
    }

    /// A runtime error's message without its `cgroup: ` prefix.
    private static func withoutPrefix(_ error: any Error) -> String {
        let reason = String(describing: error)
        return reason.hasPrefix("cgroup: ") ? String(reason.dropFirst("cgroup: ".count)) : reason
    }

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
        for limit in CgroupLimitTable.all where !worded.contains(limit.word) {
            if let value = limit.value(limits) { rows.append([limit.word, "\(value)"]) }
        }
        for raw in limits.raw { rows.append([raw.file, raw.value]) }
        var version = session.runtime.cgroups?.summary ?? "none: " + CgroupSystem.limitsUnavailable
        if let path = container.live?.cgroupPath { version += "  path \(path)" }
        rows.append(["version", version])
        if let placement = session.runtime.cgroups?.placementSummary { rows.append(["groups", placement]) }
        Table.print(rows, to: session.output)
    }

    /// The limits `show` words with their usage; the others show their value.
    private static let worded: Set = ["memory", "memory.swap", "pids", "cpu", "cpuset"]

    /// Nanoseconds as seconds with two decimals.
    private static func seconds(_ nanoseconds: UInt64) -> String {
        let hundredths = (nanoseconds + 5_000_000) / 10_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
