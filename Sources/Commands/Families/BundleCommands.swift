import CtrRuntime
import Glibc

/// `export oci` and `import oci`: the current spec as an OCI runtime
/// bundle that runc and crun run as ctrsh's own `exec` would, and a
/// bundle's config.json as the current spec.
enum BundleCommands {
    /// The program a bundle runs when `export oci` is given none and the
    /// root is not an image's with a command of its own.
    static let defaultProgram = ["/bin/sh"]

    static var export: CommandFamily {
        let directory = Operand("DIR", .directory)
        let cmd = Operand(repeating: "CMD", .program, optional: true)
        let noCopy = Switch("--no-copy", summary: "root.path names the rootfs itself instead of a copy in DIR")
        let tty = Switch("--tty", short: "-t", summary: "process.terminal: the runtime gives CMD a terminal")
        return CommandFamily(
            "export", summary: "write the current spec as an OCI runtime bundle for runc or crun, its root as an image, or the session as Kubernetes pods",
            examples: ["export oci ./bundle", "export oci ./bundle /bin/sh -c 'hostname; echo $$'", "export oci --no-copy ./bundle",
                       "export oci -t ./bundle", "export image oci:./exported:1", "export image docker-archive:./web.tar:localhost/web:1 /bin/httpd -f",
                       "export image docker://127.0.0.1:5000/web:1", "export kube ./pod.yaml"],
            verbs: [
                Verb("oci", [directory, cmd], flags: [noCopy, tty],
                     summary: "write DIR/config.json and a copy of the root in DIR/rootfs; CMD (default: the image's command, else /bin/sh) is what the runtime runs") { args in
                    let directory = args[directory]
                    let argv = args[cmd]
                    let terminal = args[tty]
                    let copyRoot = !args[noCopy]
                    return { session in
                        try export(to: directory, argv: argv, terminal: terminal, copyRoot: copyRoot, session: session)
                    }
                },
                exportImageVerb,
                exportKubeVerb,
            ])
    }

    static var importCommand: CommandFamily {
        let directory = Operand("DIR", .directory)
        return CommandFamily(
            "import", summary: "load an OCI runtime bundle's config.json into the current spec",
            examples: ["import oci ./bundle"],
            verbs: [
                Verb("oci", [directory],
                     summary: "replace the current spec with what DIR/config.json describes, naming each field ctrsh cannot represent") { args in
                    let directory = args[directory]
                    return { session in try importBundle(from: directory, session: session) }
                },
            ])
    }

    // MARK: - export

    /// As `exec` runs it: CMD, else the image's command (as its user), else `/bin/sh`.
    private static func export(to word: String, argv given: [String], terminal: Bool, copyRoot: Bool, session: Session) throws {
        let container = session.current
        try session.resolveJoins(for: "export oci")
        let spec = container.spec
        let imageCommand = spec.image.map(\.command) ?? []
        let argv = given.isEmpty ? (imageCommand.isEmpty ? defaultProgram : imageCommand) : given
        do {
            try SpecValidation.check(spec, argv: argv)
            let directory = try absolutePath(ofNew: word)
            var options = RuntimeBundleExport.Options(argv: argv)
            options.user = spec.image?.identity
            options.terminal = terminal
            options.cgroupsPath = RuntimeBundleExport.cgroupsPathPrefix + container.name
            options.cgroupVersion = session.runtime.cgroups?.version
            let write = { () throws(RuntimeError) in
                try RuntimeBundleWriter.write(spec, to: directory, copyRoot: copyRoot, options: options)
            }
            // Frozen while its root is copied: a running container could
            // otherwise change (swap, grow) files under the copy.
            let (notes, frozen) = copyRoot ? try session.runtime.whileFrozen(container, doing: .copy, write) : (try write(), nil)
            if let frozen { session.output.line("export oci: \(frozen.phrase)") }
            for note in notes { session.output.line("export oci: \(note.phrase)") }
            session.output.line("export oci: wrote `\(directory)/\(RuntimeBundleWriter.configName)`: `runc run -b \(word) ID` or `crun run -b \(word) ID` runs it")
        } catch {
            throw CommandError("export oci: \(Diagnostics.phrase(for: error))")
        }
    }

    /// `realpath` of a path that may not exist yet: its parent's, plus its name.
    private static func absolutePath(ofNew path: String) throws(RuntimeError) -> String {
        if access(path, F_OK) == 0 { return try resolve(path) }
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        guard !name.isEmpty, name != ".", name != ".." else { return try resolve(path) }
        let resolvedParent = try resolve(parent)
        return (resolvedParent == "/" ? "" : resolvedParent) + "/" + name
    }

    /// `realpath`, failing as ``resolve `PATH`: No such file or directory``.
    private static func resolve(_ path: String) throws(RuntimeError) -> String {
        guard let resolved = realpath(path, nil) else { throw .lastError(SystemCall("resolve", path)) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - import

    private static func importBundle(from word: String, session: Session) throws {
        let result: RuntimeBundleImport.Result
        let file: String
        do {
            let directory = try resolve(word)
            file = directory + "/" + RuntimeBundleWriter.configName
            let context = RuntimeBundleImport.Context(
                bundleDirectory: directory, cgroupVersion: session.runtime.cgroups?.version, callerUID: getuid(), callerGID: getgid())
            var loaded = try RuntimeBundleImport.load(bundle: context)
            if let root = loaded.spec.rootfs?.path {
                do {
                    try SpecValidation.checkRootfs(root)
                    loaded.spec.rootfs?.path = try resolve(root)
                } catch {
                    let reason = if case .spec(let problem) = error { problem.rootfsPhrase } else { error.phrase }
                    throw CommandError("`\(file)`: root.path: \(reason)")
                }
            }
            result = loaded
        } catch {
            throw CommandError("import oci: \(Diagnostics.phrase(for: error))")
        }
        try session.compose("import oci") { spec in spec = result.spec }
        session.output.line("import oci: read `\(file)`: \(summary(of: result.spec))")
        // Sorted as the English reads, whatever the language: one order in every transcript.
        for note in result.notes.map(\.phrase).sorted(by: { $0.description < $1.description }) {
            session.output.line("import oci: \(note)")
        }
    }

    /// `namespaces mnt,pid,uts, hostname web, root /srv/b/rootfs (read-only)`.
    private static func summary(of spec: ContainerSpec) -> Phrase {
        var parts: [Phrase] = [
            spec.namespaces.isEmpty ? "namespaces none new" : "namespaces \(spec.namespaces.sorted().map(\.rawValue).joined(separator: ","))",
        ]
        if !spec.joins.isEmpty { parts.append("joins \(spec.joins.map { "\($0.kind) \($0.path)" }.joined(separator: ", "))") }
        if let hostname = spec.hostname { parts.append("hostname \(hostname)") }
        if let rootfs = spec.rootfs { parts.append(rootfs.readonly ? "root \(rootfs.path) (read-only)" : "root \(rootfs.path)") }
        if !spec.mounts.isEmpty { parts.append(spec.mounts.count == 1 ? "1 mount" : "\(spec.mounts.count) mounts") }
        if let limits = LimitSummary.text(spec.cgroup) { parts.append("cgroup \(limits)") }
        if spec.seccomp == .off { parts.append("seccomp off (the config has no filter)") }
        return parts.dropFirst().reduce(parts[0]) { "\($0), \($1)" }
    }
}
