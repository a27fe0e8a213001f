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
        guard let name = words.first else {
            return .of(partial, among: commandWords(matching: partial))
        }
        guard let family = session.registry.family(named: name) else { return .of(partial, among: []) }
        var rest = Array(words.dropFirst())
        var verb = family.verbs.first { $0.word == nil }
        if family.hasSubcommands {
            if let word = rest.first, let named = family.verbs.first(where: { $0.word == word }) {
                verb = named
                rest.removeFirst()
            } else if rest.isEmpty {
                let fallback = verb.map { candidates(for: $0, arguments: [], partial: partial) } ?? []
                return .of(partial, among: family.subcommandWords + fallback)
            }
        }
        guard let verb else { return .of(partial, among: []) }
        if partial.hasPrefix("-") && !verb.flags.isEmpty {
            return .of(partial, among: verb.flags.flatMap { [$0.name] + [$0.short].compactMap { $0 } })
        }
        return completion(for: verb, arguments: rest, partial: partial)
    }

    /// Command names that fit `partial`; an alias only where its command's
    /// own name does not (`cg` → `cgroup`, not a choice between the two).
    private func commandWords(matching partial: String) -> [String] {
        session.registry.families.flatMap { family in
            family.name.hasPrefix(partial) ? [family.name] : family.aliases
        }
    }

    private func completion(for verb: Verb, arguments: [String], partial: String) -> Completion {
        guard let kind = parameterKind(of: verb, afterArguments: arguments) else { return .of(partial, among: []) }
        if kind == .namespaceList {
            // Complete the item after the last comma, offering types not yet listed.
            let items = partial.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let current = items.last ?? ""
            let listed = Set(items.dropLast())
            let offered = NamespaceKind.allCases.map(\.rawValue).filter { !listed.contains($0) } + (items.count == 1 ? ["all"] : [])
            return .of(current, among: offered)
        }
        let isPath = [.path, .directory, .program].contains(kind)
        return .of(partial, among: candidates(for: kind, partial: partial), terminator: isPath && partial.hasSuffix("/") ? "" : " ")
    }

    private func candidates(for verb: Verb, arguments: [String], partial: String) -> [String] {
        parameterKind(of: verb, afterArguments: arguments).map { candidates(for: $0, partial: partial) } ?? []
    }

    /// The kind of the parameter the next word fills, skipping flags (and
    /// the values of flags that take one).
    private func parameterKind(of verb: Verb, afterArguments arguments: [String]) -> ParameterKind? {
        var positional = 0
        var index = 0
        while index < arguments.count {
            if let flag = verb.flags.first(where: { $0.name == arguments[index] || $0.short == arguments[index] }) {
                index += flag.value == nil ? 1 : 2
                if index > arguments.count, let kind = flag.value { return kind }
                continue
            }
            if positional < verb.parameters.count && verb.parameters[positional].repeating { return verb.parameters[positional].kind }
            positional += 1
            index += 1
        }
        if let last = arguments.last, let flag = verb.flags.first(where: { $0.name == last || $0.short == last }), let kind = flag.value {
            return kind
        }
        return positional < verb.parameters.count ? verb.parameters[positional].kind : nil
    }

    private func candidates(for kind: ParameterKind, partial: String) -> [String] {
        switch kind {
        case .containerName: return session.containers.map(\.name)
        case .command: return commandWords(matching: partial)
        case .controller: return kind.fixedWords + (session.runtime.cgroups?.knownInterfaceFiles ?? [])
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
            guard partial.hasPrefix("/") else { return [] }
            return PathCompletion.candidates(for: partial, directoriesOnly: false, root: session.current.spec.rootfs?.path)
        default: return kind.fixedWords
        }
    }
}
