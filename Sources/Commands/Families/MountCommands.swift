import CtrRuntime

/// `mount bind`, `mount tmpfs`, `mount ls`, `mount rm`: extra mounts inside
/// the container's root, made before `pivot_root`.
enum MountCommands {
    static var family: CommandFamily {
        let source = Operand("SRC", .path)
        let destination = Operand("DST", mountPath)
        let access = Operand(optional: "ro", .choice(["ro", "rw"]))
        let size = Operand(optional: "size=SIZE", .text)
        return CommandFamily(
            "mount", summary: "extra mounts inside the container's root: a host path bound in, or a tmpfs",
            examples: ["mount bind ./data /data ro", "mount tmpfs /scratch size=16M", "mount ls", "mount rm /data"],
            verbs: [
                Verb("bind", [source, destination, access],
                     summary: "bind a host file or directory onto DST inside the root; `ro` makes it read-only") { args in
                    let destination = args[destination]
                    let source = args[source]
                    let readonly = args[access] == "ro"
                    return { session in
                        let absolute: String
                        do {
                            absolute = try BindSource.resolve(source)
                        } catch {
                            throw CommandError("mount bind: \(Diagnostics.phrase(for: error))")
                        }
                        try add(MountSpec(source: .bind(absolute), destination: destination, readonly: readonly), as: "mount bind", session: session)
                    }
                },
                Verb("tmpfs", [destination, size],
                     summary: "a fresh tmpfs on DST inside the root, at most SIZE big (default: half the RAM)") { args throws(CommandError) in
                    let destination = args[destination]
                    let size = try tmpfsSize(args, size)
                    return { session in
                        try add(MountSpec(source: .tmpfs(size: size), destination: destination), as: "mount tmpfs", session: session)
                    }
                },
                Verb("ls", summary: "the container's extra mounts, in the order they are made") { _ in
                    { session in list(session) }
                },
                Verb("rm", [destination], summary: "take the mount on DST out of the spec") { args in
                    let destination = args[destination]
                    return { session in try remove(destination, session: session) }
                },
            ])
    }

    /// DST: a path inside the root, made absolute and in one spelling.
    private static var mountPath: ValueKind<String> {
        ValueKind(.text) { word, site throws(CommandError) in
            do throws(RuntimeError) {
                return try MountPath.normalize(word)
            } catch {
                throw site.error(error.phrase)
            }
        }
    }

    /// `size=16M`, or nil when left out (or `size=max`).
    private static func tmpfsSize(_ args: Arguments, _ size: Operand<String?>) throws(CommandError) -> UInt64? {
        guard let word = args[size] else { return nil }
        guard word.hasPrefix("size=") else {
            throw args.error("mount tmpfs: `\(word)` is not an option; the only one is size=SIZE (e.g. size=16M)", at: size)
        }
        let limit = try ValueConversion.size(String(word.dropFirst(5)), for: "mount tmpfs", at: args.position(of: size))
        guard case .bytes(let bytes) = limit else { return nil }
        guard bytes > 0 else {
            throw args.error("mount tmpfs: size=0 would mean no limit to the kernel; give a size such as size=16M, or leave it out", at: size)
        }
        return bytes
    }

    private static func add(_ mount: MountSpec, as command: String, session: Session) throws(CommandError) {
        try session.compose(command) { spec throws(CommandError) in
            guard spec.rootfs != nil else {
                throw CommandError("\(command): a mount needs a root filesystem to go into: `rootfs use DIR` first")
            }
            guard !spec.mounts.contains(where: { $0.destination == mount.destination }) else {
                throw CommandError("\(command): `\(mount.destination)` has a mount already (`mount rm \(mount.destination)` first)")
            }
            spec.mounts.append(mount)
        }
    }

    private static func remove(_ destination: String, session: Session) throws(CommandError) {
        try session.compose("mount rm") { spec throws(CommandError) in
            guard spec.mounts.contains(where: { $0.destination == destination }) else {
                let known = spec.mounts.map(\.destination)
                throw CommandError(
                    known.isEmpty
                        ? "mount rm: no mount on `\(destination)` (there are none)"
                        : "mount rm: no mount on `\(destination)` (mounts: \(known.joined(separator: ", ")))")
            }
            spec.mounts.removeAll { $0.destination == destination }
        }
    }

    private static func list(_ session: Session) {
        let mounts = (session.current.live?.spec ?? session.current.spec).mounts
        guard !mounts.isEmpty else {
            session.output.line("mount: no extra mounts (/proc, /dev and /sys are always there)")
            return
        }
        let header = ["DST", "TYPE", "SOURCE", "OPTIONS"].map { (word: Phrase) in word.text(in: session.output.language) }
        Table.print([header] + mounts.map(row), to: session.output)
    }

    /// One line of `mount ls`.
    static func row(_ mount: MountSpec) -> [String] {
        switch mount.source {
        case .bind(let source): [mount.destination, "bind", source, mount.readonly ? "ro" : "rw"]
        case .tmpfs(let size): [mount.destination, "tmpfs", "-", size.map { "size=\(ByteLimit.format($0))" } ?? "-"]
        }
    }
}
