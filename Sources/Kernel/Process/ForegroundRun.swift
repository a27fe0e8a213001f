/// How a program run in the foreground ended: a container's first process
/// (`ContainerRuntime.run`) or a program on the host (`HostProgram`).
public struct ForegroundRun: Equatable, Sendable {
    /// Its first process's exit status.
    public var status: ExitStatus
    /// SIGTERM or SIGHUP that ctrsh received while waiting: the caller
    /// should clean up and leave.
    public var terminationSignal: Int32?
    /// What could not be cleaned up afterwards (its veth, its cgroup).
    public var cleanupProblems: [RuntimeError] = []

    package init(status: ExitStatus, terminationSignal: Int32?, cleanupProblems: [RuntimeError] = []) {
        self.status = status
        self.terminationSignal = terminationSignal
        self.cleanupProblems = cleanupProblems
    }
}
