import Glibc

/// Standard input and output of a detached process: /dev/null in, and the
/// container's log relay out, both kept by the child alone.
struct DetachedStdio {
    let input: Int32
    let output: Int32

    /// Opens both, or returns nil when there is no log (not detached).
    init?(log: ContainerLog?) throws(RuntimeError) {
        guard let log else { return nil }
        input = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .lastError(SystemCall("open", "/dev/null")) }
        output = fcntl(log.writeEnd, F_DUPFD_CLOEXEC, 3)
        guard output >= 0 else {
            let code = errno
            Glibc.close(input)
            throw .kernel(SystemCall("fcntl(F_DUPFD_CLOEXEC)"), errno: code)
        }
    }

    /// Closes ctrsh's copies once the child has its own.
    func close() {
        Glibc.close(input)
        Glibc.close(output)
    }
}
