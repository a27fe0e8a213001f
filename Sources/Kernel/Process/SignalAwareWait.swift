import CLinux
import Glibc

/// A wait on a descriptor (a pipe, a pidfd) during which the signals that
/// end what ctrsh waits for (SIGINT, SIGTERM, SIGHUP) are seen at once.
///
/// ctrsh's signals stay blocked except inside the poll, so one that arrives
/// between a check and the poll still wakes it. Other signals that arrive
/// meanwhile (a window resize) are kept and recorded again when the wait
/// ends, for whoever reads them next, rather than waking every poll.
struct SignalAwareWait: ~Copyable {
    private var others = Set<Int32>()

    private init() {}

    /// Runs `body` with ctrsh's signals blocked outside the wait's polls.
    static func run<T>(_ body: (inout SignalAwareWait) -> T) -> T {
        ctr_signals_block(1)
        var wait = SignalAwareWait()
        let result = body(&wait)
        for signal in wait.others { raise(signal) }  // pending while blocked, recorded once unblocked
        ctr_signals_block(0)
        return result
    }

    /// SIGTERM, SIGHUP or SIGINT if one arrived since the last call.
    mutating func takeEnding() -> Int32? {
        let signals = SignalInbox.take()
        let ending = [SIGTERM, SIGHUP, SIGINT].first(where: signals.contains)
        others.formUnion(signals.subtracting(ending.map { [$0] } ?? []))
        return ending
    }

    /// Sleeps until `fd` is readable, a signal arrives, or `milliseconds`
    /// pass (-1: no limit); true when `fd` is readable.
    func poll(_ fd: Int32, milliseconds: Int32) -> Bool {
        var poll = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        return ctr_poll_unblocked(&poll, 1, milliseconds) > 0
    }
}
