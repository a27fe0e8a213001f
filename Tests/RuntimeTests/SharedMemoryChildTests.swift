import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The child that shares ctrsh's memory until its execve (CLONE_VM |
/// CLONE_VFORK, see ctr_launch): an embedding host's other threads keep
/// running beside it, and neither may disturb the other. Needs root.
final class SharedMemoryChildTests: RootfsTestCase {
    /// Threads that allocate, write and free memory and take locks all the
    /// time (as a host's would) while containers start: every container
    /// prints what it must, and every thread's own data stays intact.
    func testLaunchesStayCorrectWhileOtherThreadsWriteMemory() throws {
        let stop = SharedFlag()
        let corrupted = SharedFlag()
        var threads: [pthread_t] = []
        for seed in 1...3 {
            let box = Unmanaged.passRetained(ChurnContext(seed: seed, stop: stop, corrupted: corrupted))
            var thread = pthread_t()
            XCTAssertEqual(pthread_create(&thread, nil, { raw in
                let context = Unmanaged<ChurnContext>.fromOpaque(raw!).takeRetainedValue()
                context.churn()
                return nil
            }, box.toOpaque()), 0)
            threads.append(thread)
        }
        defer {
            stop.set()
            for thread in threads { pthread_join(thread, nil) }
        }
        for round in 0..<40 {
            let (output, status) = try probe.run(
                spec([.pid, .uts, .ipc, .net]), ["/bin/sh", "-c", "echo round \(round) pid $$"], name: "shared-\(round)")
            XCTAssertEqual(output, "round \(round) pid 1\n")
            XCTAssertEqual(status, .exited(0))
        }
        stop.set()
        for thread in threads { pthread_join(thread, nil) }
        threads = []
        XCTAssertFalse(corrupted.isSet, "a thread's own memory changed under it while containers started")
    }
}

/// A flag several threads read and one sets.
private final class SharedFlag: @unchecked Sendable {
    private var value = false
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }
    func set() {
        pthread_mutex_lock(&lock)
        value = true
        pthread_mutex_unlock(&lock)
    }
    var isSet: Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return value
    }
}

/// What one churning thread does: fills fresh arrays with a pattern, checks
/// it back, and frees them, until told to stop.
private final class ChurnContext: @unchecked Sendable {
    let seed: Int
    let stop: SharedFlag
    let corrupted: SharedFlag

    init(seed: Int, stop: SharedFlag, corrupted: SharedFlag) {
        self.seed = seed
        self.stop = stop
        self.corrupted = corrupted
    }

    func churn() {
        var round = 0
        while !stop.isSet {
            let count = 1024 + (round * seed) % 4096
            let values = (0..<count).map { $0 &* seed &+ round }
            var errors: [Int32] = []
            for _ in 0..<8 {
                errno = 0
                _ = close(-1)
                errors.append(errno)
            }
            if values.enumerated().contains(where: { $0.element != $0.offset &* self.seed &+ round })
                || errors.contains(where: { $0 != EBADF }) {
                corrupted.set()
            }
            round += 1
        }
    }
}
