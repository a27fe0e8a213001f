import CtrCommands
import CtrRuntime

/// TAB completion from the command registry's declarations: command names,
/// subcommands, flags, and each argument by its kind (namespace types
/// inside comma lists, controllers, container names, signals, paths).
public struct CompletionEngine {
    let session: Session

    /// An engine over `session`'s registry and containers.
    public init(session: Session) { self.session = session }

    /// What TAB does given the text before the cursor.
    public func complete(_ textBeforeCursor: String) -> Completion {
        guard let context = Lexer.completionContext(textBeforeCursor) else { return .of("", among: []) }
        return complete(context).quoted(for: context.openQuote)
    }

    /// The completion of the partial word's value, before quoting.
    private func complete(_ context: CompletionContext) -> Completion {
        let words = context.words
        let partial = context.partialValue
        if let variable = VariableCompletion.fragment(of: partial) {
            return .of(partial, among: variableNames().map { variable.before + $0 })
        }
        guard let name = words.first else {
            return .of(partial, among: commandWords(matching: partial))
        }
        guard let family = session.registry.family(named: name) else { return .of(partial, among: []) }
        let selected = family.verb(for: words)
        if family.hasSubcommands && words.count == 1 {
            // The subcommand word, or the first argument of the form without one.
            let fallback = selected.map { completion(for: $0.verb, words: words, from: 1, partial: partial).candidates } ?? []
            return .of(partial, among: family.subcommandWords + fallback)
        }
        guard let (verb, start) = selected else { return .of(partial, among: []) }
        return completion(for: verb, words: words, from: start, partial: partial)
    }

    /// Command names that fit `partial`; an alias only where its command's
    /// own name does not (`cg` → `cgroup`, not a choice between the two).
    private func commandWords(matching partial: String) -> [String] {
        session.registry.families.flatMap { family in
            family.name.hasPrefix(partial) ? [family.name] : family.aliases
        }
    }

    /// Session variables, then the environment's, for `$NAME` (`$?` too).
    private func variableNames() -> [String] {
        Array(session.variables.keys) + VariableCompletion.environmentNames() + ["?"]
    }

    private func completion(for verb: Verb, words: [String], from start: Int, partial: String) -> Completion {
        let slot = CompletionSlot(verb: verb, words: words, from: start, session: session)
        if partial.hasPrefix("-") && slot.takesFlags {
            return .of(partial, among: verb.flags.flatMap { [$0.name] + [$0.short].compactMap { $0 } })
        }
        guard let kind = slot.kind else { return .of(partial, among: []) }
        if let list = commaList(kind) {
            // Complete the item after the last comma, offering items not yet listed.
            let items = partial.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let current = items.last ?? ""
            let listed = Set(items.dropLast())
            let offered = list.filter { !listed.contains($0) } + (items.count == 1 ? ["all"] : [])
            return .of(current, among: offered)
        }
        var offered = candidates(for: kind, partial: partial, startsProgram: slot.startsProgram, in: slot.container)
        if let next = slot.skippableNext {
            offered += candidates(for: next, partial: partial, startsProgram: true, in: slot.container)
        }
        let isPath = [.path, .directory, .program].contains(kind) || slot.skippableNext == .program
        return .of(partial, among: offered, terminator: isPath && partial.hasSuffix("/") ? "" : " ")
    }

    /// The items of a kind that is a comma list.
    private func commaList(_ kind: ParameterKind) -> [String]? {
        switch kind {
        case .namespaceList: NamespaceKind.allCases.map(\.rawValue)
        case .capabilityList: Capability.names
        default: nil
        }
    }

    private func candidates(for kind: ParameterKind, partial: String, startsProgram: Bool, in container: Container) -> [String] {
        switch kind {
        case .containerName: return session.containers.map(\.name)
        case .container(let filter): return session.containers(matching: filter).map(\.name)
        case .command: return commandWords(matching: partial)
        case .controller: return kind.fixedWords + (session.runtime.cgroups?.knownInterfaceFiles ?? [])
        case .limitSet: return LimitSummary.settings(container.live?.limits ?? container.spec.cgroup).map(\.controller)
        case .path where OCIImageReference.isReference(partial):
            // An image layout is a directory: `oci:./bu` → `oci:./busybox-layout/`.
            let scheme = OCIImageReference.scheme
            return PathCompletion.candidates(for: String(partial.dropFirst(scheme.count)), directoriesOnly: true).map { scheme + $0 }
        case .path where partial.hasPrefix(ImageSource.ociArchiveScheme) || partial.hasPrefix(ImageSource.dockerArchiveScheme):
            // An image archive is a file: `docker-archive:./bu` → `docker-archive:./busybox.tar`.
            let scheme = partial.hasPrefix(ImageSource.ociArchiveScheme) ? ImageSource.ociArchiveScheme : ImageSource.dockerArchiveScheme
            return PathCompletion.candidates(for: String(partial.dropFirst(scheme.count)), directoriesOnly: false).map { scheme + $0 }
        case .path: return PathCompletion.candidates(for: partial, directoriesOnly: false)
        case .directory: return PathCompletion.candidates(for: partial, directoriesOnly: true)
        case .program:
            let spec = container.live?.spec ?? container.spec
            let root = container.live.map { "/proc/\($0.first.pid)/root" } ?? spec.rootfs?.path ?? "/"
            if startsProgram && !partial.contains("/") {
                // As a shell: a first word without a slash is looked for in $PATH, the container's.
                let searchPath = spec.environment("PATH") ?? ""
                return ProgramSearch.programs(startingWith: partial, searchPath: searchPath, root: root)
            }
            guard let slash = partial.lastIndex(of: "/"), partial.hasPrefix("/") else { return [] }
            let directory = String(partial[...slash])
            return ProgramSearch.paths(in: directory, startingWith: String(partial[partial.index(after: slash)...]), root: root)
                .map { directory + $0 }
        default: return kind.fixedWords
        }
    }
}
