import CtrKernel
import Glibc

/// A regular file of a tree a container can change, opened for reading:
/// without following a symlink, taking a terminal or blocking (a FIFO
/// swapped in since would block the open for ever), and checked to be the
/// regular file examined before (a device node swapped in would be opened
/// as host root). The descriptor it returns blocks again.
enum ExaminedFile {
    /// Opens `name` of the directory open as `directory`, which `info`
    /// described. `work` says what ctrsh was doing, for the error; `path`
    /// shows the file in messages.
    static func open(
        _ name: [CChar], in directory: Int32, as info: stat, work: TreeWork, path: () -> String
    ) throws(RuntimeError) -> (fd: Int32, stat: stat) {
        let fd = openat(directory, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", path())) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else {
            let error = RuntimeError.lastError(SystemCall("stat", path()))
            close(fd)
            throw error
        }
        guard opened.st_mode & S_IFMT == S_IFREG, opened.st_dev == info.st_dev, opened.st_ino == info.st_ino else {
            close(fd)
            throw .host(.replacedWhileExamined(path: path(), work: work))
        }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            let error = RuntimeError.lastError(SystemCall("fcntl(F_SETFL)", path()))
            close(fd)
            throw error
        }
        return (fd, opened)
    }
}
