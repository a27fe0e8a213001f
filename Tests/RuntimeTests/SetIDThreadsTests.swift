@testable import CtrRuntime
import Glibc
import Synchronization
import TestSupport
import XCTest

/// `--user` from a process with other threads (an embedding host, XCTest):
/// the child of the raw clone3 must change its IDs with the raw system
/// calls. glibc's setresuid would broadcast the change to the parent's
/// threads under a lock of its thread list, and the child, a copy taken
/// while another thread held that lock, would wait for it forever.
final class SetIDThreadsTests: XCTestCase {
    func testUserSwitchWhileAnotherThreadStartsThreads() throws {
        try Privileges.requireRoot("switching a child to another uid")
        let churn = ThreadChurn()
        churn.start()
        defer { churn.stop() }
        let watchdog = HungChildWatchdog(seconds: 60)
        watchdog.start()
        defer { watchdog.stop() }

        for round in 0..<100 {
            let uid = UInt32(2000 + round), gid = UInt32(3000 + round)
            let request = LaunchRequest(spec: ContainerSpec(), argv: ["/bin/sleep", "30"], user: (uid: uid, gid: gid))
            let pid = try Launcher.launch(request)
            let status = (try? FileText.read("/proc/\(pid)/status")) ?? ""
            kill(pid, SIGKILL)
            Launcher.reap(pid)
            if watchdog.fired { break }
            let ids = status.split(separator: "\n").filter { $0.hasPrefix("Uid:") || $0.hasPrefix("Gid:") || $0.hasPrefix("Groups:") }
            XCTAssertEqual(ids.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") },
                           ["Uid: \(uid) \(uid) \(uid) \(uid)", "Gid: \(gid) \(gid) \(gid) \(gid)", "Groups:"], "round \(round)")
        }
        XCTAssertFalse(watchdog.fired, "a child hung before execve while switching IDs (killed: \(watchdog.killed))")
        XCTAssertGreaterThan(churn.started, 0, "the other thread was starting threads meanwhile")
    }
}

/// A thread that starts and joins threads until stopped: glibc's thread
/// list and its lock change all the time.
private final class ThreadChurn: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let count = Atomic<Int>(0)
    private let thread = Mutex<pthread_t?>(nil)

    var started: Int { count.load(ordering: .relaxed) }

    func start() {
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&handle, nil, { context in
            let churn = Unmanaged<ThreadChurn>.fromOpaque(context!).takeRetainedValue()
            while !churn.stopping.load(ordering: .relaxed) {
                var inner = pthread_t()
                if pthread_create(&inner, nil, { _ in nil }, nil) == 0 { pthread_join(inner, nil) }
                churn.count.add(1, ordering: .relaxed)
            }
            return nil
        }, context) == 0 else {
            Unmanaged<ThreadChurn>.fromOpaque(context).release()
            return
        }
        thread.withLock { $0 = handle }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        if let handle = thread.withLock({ $0 }) { pthread_join(handle, nil) }
    }
}

/// After `seconds`, kills every child of this process that has not
/// reached execve (its program is still this test binary): a launch stuck
/// in the child then returns, and the test fails instead of hanging.
private final class HungChildWatchdog: Sendable {
    private let seconds: Int
    private let done = Atomic<Bool>(false)
    private let fire = Atomic<Bool>(false)
    private let victims = Mutex<[pid_t]>([])
    private let thread = Mutex<pthread_t?>(nil)

    init(seconds: Int) { self.seconds = seconds }

    var fired: Bool { fire.load(ordering: .relaxed) }
    var killed: [pid_t] { victims.withLock { $0 } }

    func start() {
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&handle, nil, { context in
            let watchdog = Unmanaged<HungChildWatchdog>.fromOpaque(context!).takeRetainedValue()
            watchdog.watch()
            return nil
        }, context) == 0 else {
            Unmanaged<HungChildWatchdog>.fromOpaque(context).release()
            return
        }
        thread.withLock { $0 = handle }
    }

    func stop() {
        done.store(true, ordering: .relaxed)
        if let handle = thread.withLock({ $0 }) { pthread_join(handle, nil) }
    }

    private func watch() {
        for _ in 0..<(seconds * 10) {
            if done.load(ordering: .relaxed) { return }
            usleep(100_000)
        }
        fire.store(true, ordering: .relaxed)
        // Until the loop ends: each hung launch is killed as it appears.
        let me = getpid()
        let exe = ownProgram()
        while !done.load(ordering: .relaxed) {
            for pid in childrenStillRunningThisProgram(me, exe) {
                kill(pid, SIGKILL)
                victims.withLock { $0.append(pid) }
            }
            usleep(200_000)
        }
    }

    private func ownProgram() -> String { readLink("/proc/self/exe") }

    private func readLink(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    private func childrenStillRunningThisProgram(_ parent: pid_t, _ exe: String) -> [pid_t] {
        FileTree.names(in: "/proc").compactMap { Int32($0) }.filter { pid in
            guard let status = try? FileText.read("/proc/\(pid)/status"),
                  status.split(separator: "\n").contains(where: { $0.hasPrefix("PPid:") && $0.hasSuffix("\t\(parent)") })
            else { return false }
            return readLink("/proc/\(pid)/exe") == exe
        }
    }
}
