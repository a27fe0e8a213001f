import CtrKernel
import Glibc

/// The exclusive `flock` a live session holds on `<root>/<session>.lock`
/// for its whole life: `gc` takes a session for dead only when it can take
/// that lock itself. A PID cannot tell: a session in another pid namespace has
/// a PID this one does not see, or sees as another process. The lock is
/// the kernel's, ends with the last descriptor of it, and the descriptor is
/// close-on-exec and closed in every launched child, so no container holds
/// it on.
final class SessionLock {
    private let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// What `gc` finds in a session directory.
    enum Probe {
        /// A live session holds the lock.
        case held
        /// Nobody holds it: the session is dead, and the caller holds the
        /// lock now, until it lets go of this value.
        case free(SessionLock)
        /// No lock file: a session of a ctrsh older than the lock, or one
        /// being created this very moment.
        case missing
    }

    /// The name the lock is made under before it is linked in at `path`.
    static func temporaryPath(for path: String) -> String { path + ".new" }

    /// Takes the lock at `path`, creating the file when it is missing; nil
    /// when another process holds it. The file appears already locked (made
    /// under a temporary name, locked, then linked in), so `gc` never finds
    /// it free between its creation and the lock. It stays empty: an inode
    /// without data blocks is cheap to free, where `/run` is on a disk.
    static func acquire(at path: String) throws(RuntimeError) -> SessionLock? {
        for _ in 0..<20 {
            switch probe(path: path) {
            case .held: return nil
            case .free(let lock): return lock
            case .missing: break
            }
            let temporary = temporaryPath(for: path)
            let fd = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .lastError(SystemCall("create", temporary)) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                unlink(temporary)
                throw .kernel(SystemCall("flock", temporary), errno: code)
            }
            let linked = link(temporary, path) == 0
            let code = errno
            unlink(temporary)
            if linked { return SessionLock(fd: fd) }
            close(fd)
            guard code == EEXIST else { throw .kernel(SystemCall("link", path), errno: code) }
            // Another process made it first: look at its lock instead.
        }
        throw .kernel(SystemCall("flock", path), errno: EAGAIN)
    }

    /// Whether a live session holds the lock at `path`.
    static func probe(path: String) -> Probe {
        let fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .missing : .held }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .free(SessionLock(fd: fd)) }
        close(fd)
        return .held
    }
}
