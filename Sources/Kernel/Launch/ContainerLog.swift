import CLinux
import Glibc
import Synchronization

/// What a running container's detached processes print (`exec -d`, and
/// ctrsh-init after `start`), kept for `logs` in `<container>.log` beside
/// its state, capped: when the file would grow past `limit` it is renamed
/// to `<container>.log.1` (replacing the one before) and a new file is
/// begun, so a container keeps at most twice `limit` bytes, the newest.
///
/// The processes do not write the file themselves: a file offers no way
/// to cap what a process appends to it (RLIMIT_FSIZE kills the writer with
/// SIGXFSZ; a size-limited tmpfs per container keeps the oldest output and
/// fails the writer with ENOSPC). They write into a pipe, and a thread of
/// ctrsh copies it into the file and rotates it, the way Docker's daemon
/// (json-file `max-size`, `max-file`) and podman's conmon
/// (`log_size_max`) relay a container's output. A container never
/// outlives the ctrsh session that started it, so ctrsh itself is the
/// relay and no extra process is needed. The relay thread blocks every
/// signal, so ctrsh's own handlers keep running on the main thread.
public final class ContainerLog: Sendable {
    /// The current file; the one before is `path + ".1"`.
    public let path: String
    /// The most bytes one file holds before it is rotated.
    public let limit: Int
    /// The pipe's write end, which each detached process gets as its
    /// standard output and error (close-on-exec in ctrsh itself).
    let writeEnd: Int32
    private let readEnd: Int32
    /// Written to when the log is closed, to stop the relay.
    private let wake: (read: Int32, write: Int32)
    /// The file being written and its size; held while a chunk is written
    /// or the file rotated, and while `logs` opens the files.
    private let file: Mutex<(fd: Int32, size: Int)>
    private let thread: Mutex<pthread_t?> = Mutex(nil)

    /// The default `limit`: `$CTRSH_LOG_MAX` (bytes, or with K, M or G:
    /// binary units) when set, else 4 MiB, so one container keeps at most
    /// 8 MiB in the state directory, which is a small tmpfs (`/run`) on
    /// most hosts.
    public static var defaultLimit: Int {
        getenv("CTRSH_LOG_MAX").flatMap { parseSize(String(cString: $0)) } ?? 4 << 20
    }

    /// The smallest limit: one chunk the relay reads.
    static let chunk = 1 << 16

    /// Starts the log at `path` (created empty, mode 0640) with its relay.
    public init(path: String, limit: Int = ContainerLog.defaultLimit) throws(RuntimeError) {
        self.path = path
        self.limit = max(limit, Self.chunk)
        var pipe: [Int32] = [-1, -1]
        var wakePipe: [Int32] = [-1, -1]
        guard ctr_pipe_cloexec(&pipe) == 0 else { throw .lastError(SystemCall("pipe2")) }
        guard ctr_pipe_cloexec(&wakePipe) == 0 else {
            let code = errno
            pipe.forEach { Glibc.close($0) }
            throw .kernel(SystemCall("pipe2"), errno: code)
        }
        readEnd = pipe[0]
        writeEnd = pipe[1]
        wake = (wakePipe[0], wakePipe[1])
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o640)
        file = Mutex((fd, 0))
        guard fd >= 0 else {
            let code = errno
            (pipe + wakePipe).forEach { Glibc.close($0) }
            throw .kernel(SystemCall("open", path), errno: code)
        }
        do throws(RuntimeError) {
            try startRelay()
        } catch {
            (pipe + wakePipe + [fd]).forEach { Glibc.close($0) }
            throw error
        }
    }

    /// Stops the relay once it has copied what the pipe holds now, and
    /// closes everything. Call after the container's processes are gone; a
    /// process that escaped them (no cgroup) and still holds the pipe
    /// cannot keep ctrsh waiting.
    public func close() {
        guard let running = thread.withLock({ current -> pthread_t? in
            defer { current = nil }
            return current
        }) else { return }
        Glibc.close(writeEnd)
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
        pthread_join(running, nil)
        for fd in [readEnd, wake.read, wake.write] { Glibc.close(fd) }
        file.withLock { current in
            Glibc.close(current.fd)
            current.fd = -1
        }
    }

    /// Copies the log, oldest first, to `output`, a chunk at a time, so
    /// that memory stays small however large the files are; `sink` sees
    /// each chunk after it was written (for `expect`).
    public func copy(to output: Int32, sink: (UnsafeRawBufferPointer) -> Void = { _ in }) {
        // Opened together, under the lock: a rotation cannot fall between.
        let names = [path + ".1", path]
        let sources = file.withLock { _ in names.map { name in Glibc.open(name, O_RDONLY | O_CLOEXEC) } }
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        for fd in sources where fd >= 0 {
            drain(fd, to: output, buffer: &buffer, sink: sink)
            Glibc.close(fd)
        }
    }

    /// `logs -f`: copies the log as `copy` does, then what is appended to
    /// it, following rotations, until `keepGoing` (asked every 100 ms)
    /// says to stop; what was written by then is copied before it returns.
    public func follow(to output: Int32, sink: (UnsafeRawBufferPointer) -> Void = { _ in }, keepGoing: () -> Bool) {
        let (older, current) = file.withLock { _ in
            (Glibc.open(path + ".1", O_RDONLY | O_CLOEXEC), Glibc.open(path, O_RDONLY | O_CLOEXEC))
        }
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        if older >= 0 {
            drain(older, to: output, buffer: &buffer, sink: sink)
            Glibc.close(older)
        }
        var fd = current
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        while true {
            drain(fd, to: output, buffer: &buffer, sink: sink)
            guard keepGoing() else { break }
            // Rotated meanwhile: what the old file got last was read above;
            // go on from the start of the new one.
            var now = stat(), open = stat()
            if stat(path, &now) == 0, fstat(fd, &open) == 0, now.st_ino != open.st_ino {
                drain(fd, to: output, buffer: &buffer, sink: sink)
                let next = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                if next >= 0 {
                    Glibc.close(fd)
                    fd = next
                }
            }
            usleep(100_000)
        }
        drain(fd, to: output, buffer: &buffer, sink: sink)
    }

    /// Copies what `fd` holds from its position to its end.
    private func drain(_ fd: Int32, to output: Int32, buffer: inout [UInt8], sink: (UnsafeRawBufferPointer) -> Void) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            writeAll(buffer[0..<count], to: output)
            buffer.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    // MARK: - The relay

    private func startRelay() throws(RuntimeError) {
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)  // the thread inherits the mask
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var created = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&created, nil, { context in
            guard let context else { return nil }
            Unmanaged<ContainerLog>.fromOpaque(context).takeRetainedValue().relay()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ContainerLog>.fromOpaque(context).release()
            throw .kernel(SystemCall("pthread_create"), errno: status)
        }
        thread.withLock { $0 = created }
    }

    /// Copies the pipe into the file until every writer is gone, or until
    /// `close` asks, after what is in the pipe already (a pipe holds 64 KiB
    /// unless a writer enlarged it: at most 16 chunks more).
    private func relay() {
        var buffer = [UInt8](repeating: 0, count: Self.chunk)
        var stopping = false
        var lastChunks = 16
        while true {
            var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, stopping ? 0 : -1)
            if ready < 0 && errno == EINTR { continue }
            if fds[1].revents != 0 { stopping = true }
            guard fds[0].revents != 0 else {
                if stopping { return }
                continue
            }
            if stopping {
                lastChunks -= 1
                if lastChunks < 0 { return }
            }
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }  // every writer is gone
            append(buffer[0..<count])
        }
    }

    /// Writes one chunk, rotating first when the file would pass `limit`.
    /// A full disk drops the chunk: the container is never held up.
    private func append(_ bytes: ArraySlice<UInt8>) {
        file.withLock { current in
            if current.size + bytes.count > limit, current.size > 0 {
                rename(path, path + ".1")
                let next = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o640)
                Glibc.close(current.fd)
                current = (next, 0)
            }
            guard current.fd >= 0 else { return }
            writeAll(bytes, to: current.fd)
            current.size += bytes.count
        }
    }

    /// `4194304`, `512K`, `4M`, `1G` in bytes; nil when not a size.
    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        guard let last = text.last else { return nil }
        let unit = units[Character(last.uppercased())]
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number > 0 else { return nil }
        return number.multipliedReportingOverflow(by: unit ?? 1).overflow ? nil : number * (unit ?? 1)
    }
}
