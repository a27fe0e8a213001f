import CLinux
import Glibc

/// The static `ctrsh-init` program that `start` runs as a container's
/// PID 1. It is built beside ctrsh and read from the host, so it need not
/// exist in the container's root.
///
/// It runs from a sealed copy in memory, never from the host's file: the
/// container sees its PID 1's program as /proc/1/exe, and root in it could
/// otherwise make PID 1 execve something else (ptrace) and then open the
/// file it left for writing, so that the next `start` ran the container's
/// program on the host (runc's CVE-2019-5736). The copy is made once per
/// ctrsh process and shared by its containers; it cannot be written.
enum InitProgram {
    static let name = "ctrsh-init"

    /// The sealed copy, made on first use.
    private static let sealed: Result<Int32, RuntimeError> = Result { () throws(RuntimeError) -> Int32 in
        let file = try openFile()
        defer { close(file) }
        let copy = ctr_sealed_copy(file, name)
        guard copy >= 0 else { throw .lastError(SystemCall("memfd_create", name)) }
        return copy
    }

    /// A descriptor of the sealed copy, to execveat; the caller closes it.
    static func open() throws(RuntimeError) -> Int32 {
        let copy = try sealed.get()
        let fd = fcntl(copy, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else { throw .lastError(SystemCall("fcntl(F_DUPFD_CLOEXEC)", name)) }
        return fd
    }

    /// Opens `ctrsh-init` from the directory of the running executable.
    private static func openFile() throws(RuntimeError) -> Int32 {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw .lastError(SystemCall("readlink", "/proc/self/exe")) }
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let path = directory + "/" + name
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .launch(.initProgramMissing(path: path, errno: errno))
        }
        return fd
    }
}
