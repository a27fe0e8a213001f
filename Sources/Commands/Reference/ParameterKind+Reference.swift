/// How the command reference describes the value each kind of argument
/// takes. A new kind fails to compile here until it has its words.
extension ParameterKind {
    /// One line for the reference, or nil for free text, which the verb's
    /// own summary describes.
    var referenceDescription: String? {
        switch self {
        case .choice(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .namespaceList:
            "a comma list of namespace types (" + fixedWords.map { "`\($0)`" }.joined(separator: ", ") + "), or `all`"
        case .namespace: "a namespace type: " + fixedWords.map { "`\($0)`" }.joined(separator: ", ")
        case .capabilityList: "a comma list of capability names (`net_admin`, `sys_time`) or `all`"
        case .controller:
            "a controller (" + fixedWords.map { "`\($0)`" }.joined(separator: ", ")
                + ") or any interface file of the active cgroup version (`memory.high`)"
        case .limitSet: "a limit the container has set (TAB offers them)"
        case .size: "a size in binary units: `64M`, `1.5G`, `512K`, `1048576`, or `max`"
        case .duration: "a duration: `500ms`, `2s`, `1m`"
        case .signal: "a signal name or number: `TERM`, `SIGKILL`, `9`"
        case .path: "a path on the host"
        case .directory: "a directory on the host"
        case .containerName: "a container's name (TAB offers this session's)"
        case .container(let filter): "a container's name: \(filter.referenceDescription) (TAB offers them)"
        case .command: "the name (or alias) of a command"
        case .program: "a program and its arguments: the rest of the line"
        case .assignment: "`NAME=VALUE`"
        case .integer: "a whole number"
        case .text: nil
        }
    }
}

extension ContainerFilter {
    /// Which containers the argument may name, for the reference.
    var referenceDescription: String {
        switch self {
        case .running: "a running one"
        case .live: "a running or paused one"
        case .paused: "a paused one"
        case .otherLive: "another running one"
        case .started: "one that has started"
        }
    }
}
