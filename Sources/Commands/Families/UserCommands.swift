import CtrRuntime
import Glibc

/// `user root`, `user self`, `user map`, `user show`: who the container's
/// processes are inside their user namespace, and who that is on the host.
enum UserCommands {
    static var family: CommandFamily {
        let numbers = MapNumbers(
            containerID: Operand("CTR_ID", .integer), hostID: Operand("HOST_ID", .integer), count: Operand("COUNT", .integer))
        let uidOnly = Switch("--uid", summary: "only the uid map")
        let gidOnly = Switch("--gid", summary: "only the gid map")
        return CommandFamily(
            "user", summary: "the user namespace's ID maps: who is who inside and on the host",
            examples: ["user root", "user self", "user map 0 100000 65536", "user map --uid 0 1000 1", "user show"],
            verbs: [
                Verb("root", summary: "map the calling user and group to root inside, one ID each (the default)") { _ in
                    { session in try set(uid: [], gid: [], command: "user root", session: session) }
                },
                Verb("self", summary: "map the calling user and group to the same IDs inside, one ID each") { _ in
                    { session in
                        let uid = IDMapping(containerID: geteuid(), hostID: geteuid(), count: 1)
                        let gid = IDMapping(containerID: getegid(), hostID: getegid(), count: 1)
                        try set(uid: [uid], gid: [gid], command: "user self", session: session)
                    }
                },
                Verb("map", [numbers.containerID, numbers.hostID, numbers.count], flags: [uidOnly, gidOnly],
                     summary: "add a range to the uid and gid maps: COUNT host IDs from HOST_ID become CTR_ID… inside (the first replaces the default)") { args throws(CommandError) in
                    let mapping = try numbers.mapping(args)
                    let kinds: [IDMapKind] = args[uidOnly] == args[gidOnly] ? [.uid, .gid] : args[uidOnly] ? [.uid] : [.gid]
                    return { session in try add(mapping, to: kinds, session: session) }
                },
                Verb("show", summary: "the ID maps: the spec's, or the kernel's for PID 1 when the container runs") { _ in
                    { session in show(session) }
                },
            ])
    }

    /// The three numbers of `user map`.
    private struct MapNumbers {
        var containerID: Operand<Int>
        var hostID: Operand<Int>
        var count: Operand<Int>

        /// The mapping they give, each number an ID the kernel accepts.
        func mapping(_ args: Arguments) throws(CommandError) -> IDMapping {
            func number(_ operand: Operand<Int>, lowest: UInt64, highest: UInt64) throws(CommandError) -> UInt32 {
                let value = args[operand]
                guard value >= 0, (lowest...highest).contains(UInt64(value)) else {
                    let name = operand.parameter.name
                    throw args.error("user map: \(name) `\(value)` must be a whole number from \(lowest) to \(highest)", at: operand)
                }
                return UInt32(value)
            }
            return IDMapping(
                containerID: try number(containerID, lowest: 0, highest: IDMapCheck.lastID),
                hostID: try number(hostID, lowest: 0, highest: IDMapCheck.lastID),
                count: try number(count, lowest: 1, highest: IDMapCheck.lastID + 1))
        }
    }

    /// Appends `mapping` to the chosen maps (replacing a default one),
    /// checked as a whole before the spec changes.
    private static func add(_ mapping: IDMapping, to kinds: [IDMapKind], session: Session) throws {
        let spec = session.current.spec
        var uid = spec.uidMappings
        var gid = spec.gidMappings
        if kinds.contains(.uid) { uid.append(mapping) }
        if kinds.contains(.gid) { gid.append(mapping) }
        try set(uid: uid, gid: gid, command: "user map", session: session)
    }

    /// Puts the maps in the spec, with the user namespace they are for.
    private static func set(uid: [IDMapping], gid: [IDMapping], command: String, session: Session) throws {
        for (kind, mappings) in [(IDMapKind.uid, uid), (.gid, gid)] where !mappings.isEmpty {
            try IDMapCheck.checkForm(mappings, kind: kind)
            try IDMapCheck.checkOwnership(mappings, kind: kind)
        }
        try session.compose(command) { spec in
            spec.uidMappings = uid
            spec.gidMappings = gid
            if !spec.namespaces.contains(.user) {
                spec.namespaces.insert(.user)
                session.output.line("user: added the user namespace, which the maps are for")
            }
        }
    }

    private static func show(_ session: Session) {
        let container = session.current
        let spec = container.live?.spec ?? container.spec
        guard spec.namespaces.contains(.user) else {
            session.output.line("no user namespace: the container's processes are uid \(geteuid()) on the host, as ctrsh is (`user root` adds one)")
            return
        }
        let language = session.output.language
        var rows = [["MAP", "INSIDE", "HOST", "COUNT", "WRITTEN BY"].map { (header: Phrase) in header.text(in: language) }]
        if let live = container.live {
            for kind in IDMapKind.allCases {
                let text = FileText.readIfPresent("/proc/\(live.first.pid)/\(kind.procFile)") ?? ""
                for line in text.split(separator: "\n") {
                    let writer: Phrase = "the kernel, PID \(live.first.pid)"
                    rows.append([kind.rawValue] + line.split(separator: " ").map(String.init) + [writer.text(in: language)])
                }
            }
        } else {
            for kind in IDMapKind.allCases {
                let mappings = kind.effectiveMappings(in: spec)
                let writer = writer(of: mappings, kind: kind, isDefault: kind.mappings(in: spec).isEmpty).text(in: language)
                for mapping in mappings {
                    rows.append([kind.rawValue, "\(mapping.containerID)", "\(mapping.hostID)", "\(mapping.count)", writer])
                }
            }
        }
        Table.print(rows, to: session.output)
    }

    /// Who will write a map: ctrsh itself, or the setuid helper.
    private static func writer(of mappings: [IDMapping], kind: IDMapKind, isDefault: Bool) -> Phrase {
        let who = kind.isWritableByCaller(mappings) ? "ctrsh (\(kind.procFile))" : "\(kind.helper) (\(kind.subordinateFile))"
        return isDefault ? "\(who), the default: you are root inside" : Phrase(verbatim: who)
    }
}
