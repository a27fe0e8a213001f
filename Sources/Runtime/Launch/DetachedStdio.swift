import Glibc

/// Standard input and output of a detached process: /dev/null in, and a
/// log file (appended to) out, both kept by the child alone.
struct DetachedStdio {
    let input: Int32
    let output: Int32

    /// Opens both, or returns nil when there is no log file (not detached).
    init?(logFile: String?) throws(RuntimeError) {
        guard let logFile else { return nil }
        input = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .lastError("open `/dev/null`") }
        output = Glibc.open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard output >= 0 else {
            let code = errno
            Glibc.close(input)
            throw .system(operation: "open `\(logFile)`", errno: code)
        }
    }

    /// Closes ctrsh's copies once the child has its own.
    func close() {
        Glibc.close(input)
        Glibc.close(output)
    }
}
