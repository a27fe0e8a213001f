import CtrRuntime

/// `cgroup set`, `cgroup unset`, `cgroup show`: the container's resource limits.
enum CgroupCommands {
    static var family: CommandFamily {
        let controller = Operand("CONTROLLER", .controller)
        let value = Operand("VALUE", .text)
        let setLimit = Operand("CONTROLLER", .limitSet)
        let name = Operand(optional: "NAME", .containerName)
        return CommandFamily(
            "cgroup",
            summary: "set resource limits: memory, cpu, pids, cpuset, io, or any cgroup file",
            examples: ["cgroup set memory 64M", "cgroup set cpu 50%", "cgroup set pids 20", "cgroup set memory.high 32M",
                       "cgroup unset memory", "cgroup show", "cgroup show web"],
            verbs: [
                Verb("set", [controller, value],
                     summary: "set a limit (or write a raw interface file)") { args throws(CommandError) in
                    let setting = try CgroupSetting.parse(args, controller: controller, value: value)
                    return { session in
                        guard let driver = session.runtime.cgroups else {
                            throw CommandError("cgroup set: \(CgroupSystem.limitsUnavailable.phrase)")
                        }
                        switch setting {
                        case .raw(let file, _):
                            do {
                                try driver.validateRawFile(file)
                            } catch {
                                throw args.error("cgroup set: \(reason(error))", at: controller)
                            }
                        case .limit(let word, let limitValue):
                            try check(word, limitValue, driver: driver, limits: session.current.spec.cgroup) { phrase, operand in
                                args.error(phrase, at: operand == .controller ? controller : value)
                            }
                        }
                        try session.updateLimits { limits in setting.apply(to: &limits) }
                    }
                },
                Verb("unset", [setLimit], summary: "remove a limit") { args throws(CommandError) in
                    let controller = args[setLimit]
                    guard CgroupLimitTable.limit(named: controller) != nil || controller.contains(".") else {
                        throw args.error(CgroupSetting.unknownController(controller, command: "cgroup unset"), at: setLimit)
                    }
                    return { session in
                        let limits = session.current.spec.cgroup
                        if let dependent = CgroupLimitTable.all.first(where: { $0.requires == controller && $0.value(limits) != nil }) {
                            throw args.error(
                                "cgroup unset \(controller): `\(dependent.word)` counts beyond it; unset \(dependent.word) first", at: setLimit)
                        }
                        try session.updateLimits { limits in CgroupSetting.unset(controller, in: &limits) }
                    }
                },
                Verb("show", [name],
                     summary: "NAME's limits and usage (default: the current container), and the cgroup version in use") { args in
                    let name = args[name]
                    return { session in show(try session.target(name, for: "cgroup show"), session: session) }
                },
            ],
            values: ("CONTROLLER", CgroupLimitTable.all.map { ($0.word, $0.summary) }
                + [("FILE.NAME", "any interface file of the cgroup version in use: memory.high 32M, cpu.weight 50")]))
    }

    /// What can be told when `cgroup set` is typed, not only at the start:
    /// the limit's controller is here, the limit it counts from is set, a
    /// CPU limit is within the machine's CPUs.
    private static func check(
        _ word: String, _ value: CgroupLimitValue, driver: any CgroupDriver, limits: CgroupLimits,
        locate: (Phrase, SetOperand) -> CommandError
    ) throws(CommandError) {
        guard let limit = CgroupLimitTable.limit(named: word) else { return }
        do {
            try driver.validateLimit(limit)
        } catch {
            throw locate("cgroup set: \(reason(error))", .controller)
        }
        if let required = limit.requires.flatMap(CgroupLimitTable.limit(named:)), required.value(limits) == nil {
            throw locate(
                """
                cgroup set \(word): it counts beyond the \(required.word) limit, and none is set; \
                set \(required.word) first (`cgroup set \(required.word) …`), then \(word)
                """, .controller)
        }
        if case .cpu(let cpu?) = value, case let cpus = HostCPUs.online, cpu.cpus > Double(cpus) {
            throw locate(
                """
                cgroup set cpu: \(cpu) is more than this machine's \(cpus == 1 ? "1 CPU" : "\(cpus) CPUs" as Phrase) \
                (\(cpus * 100)%), so it would limit nothing; set at most \(cpus * 100)% (or \(cpus)), or `max` for no limit
                """, .value)
        }
    }

    /// Which word of `cgroup set CONTROLLER VALUE` an error points at.
    private enum SetOperand { case controller, value }

    /// Why the runtime refused: a cgroup problem's reason (without its
    /// `cgroup: `), any other error's words.
    private static func reason(_ error: any Error) -> Phrase {
        if case .cgroup(let problem)? = error as? RuntimeError { return problem.reason }
        return Diagnostics.phrase(for: error)
    }

    private static func show(_ container: Container, session: Session) {
        let limits = container.live?.limits ?? container.spec.cgroup
        let usage = container.live?.usage()
        let language = session.output.language
        var rows: [[String]] = []
        func row(_ word: String, _ parts: [Phrase?]) {
            rows.append([word, parts.compactMap { $0?.text(in: language) }.joined(separator: ", ")])
        }
        let noLimit: Phrase = "no limit"
        row("memory", [
            limits.memory.map { "\($0) limit" } ?? noLimit,
            usage?.memoryCurrent.map { "\(ByteLimit.format($0)) current" },
            usage?.memoryPeak.map { "\(ByteLimit.format($0)) peak" },
            usage?.oomKills.map { $0 == 1 ? "1 OOM kill" : "\($0) OOM kills" },
        ])
        if let swap = limits.memorySwap { row("memory.swap", ["\(swap) beyond memory"]) }
        row("pids", [usage?.pidsCurrent.map { "\($0) current" }, limits.pids.map { "\($0) at most" } ?? noLimit])
        var cpu: [Phrase?] = [limits.cpu.map { "\($0) of one CPU" } ?? noLimit]
        if let used = usage?.cpuUsageNanoseconds {
            cpu.insert("\(Self.seconds(used)) s used", at: 0)
            let periods = usage?.throttledPeriods ?? 0
            cpu.append(
                periods == 0 ? "not throttled"
                    : periods == 1 ? "throttled once for \(Self.seconds(usage?.throttledNanoseconds ?? 0)) s"
                    : "throttled \(periods) times for \(Self.seconds(usage?.throttledNanoseconds ?? 0)) s")
        }
        row("cpu", cpu)
        if let cpuset = limits.cpuset { row("cpuset", ["CPUs \(cpuset)"]) }
        for limit in CgroupLimitTable.all where !worded.contains(limit.word) {
            if let value = limit.value(limits) { rows.append([limit.word, "\(value)"]) }
        }
        for raw in limits.raw { rows.append([raw.file, raw.value]) }
        row(("version" as Phrase).text(in: language), [version(session, path: container.live?.cgroupPath)])
        if let placement = session.runtime.cgroups?.placementReport { row(("groups" as Phrase).text(in: language), [placement.phrase]) }
        Table.print(rows, to: session.output)
    }

    /// `v1 (memory, pids, …)` and the container's group's path, or why
    /// there is no cgroup driver here.
    private static func version(_ session: Session, path: String?) -> Phrase {
        guard let driver = session.runtime.cgroups else { return "none: \(CgroupSystem.limitsUnavailable.phrase)" }
        let names = driver.controllerNames
        let version: Phrase = names.isEmpty
            ? "\(driver.version.rawValue) (no controllers)"
            : "\(driver.version.rawValue) (\(names.joined(separator: ", ")))"
        guard let path else { return version }
        return "\(version)  path \(path)"
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
