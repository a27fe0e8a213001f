import Glibc

/// Waiting for something another process does, by looking again and again.
public enum Poll {
    /// Checks `condition` every `interval` microseconds for up to
    /// `seconds`; true as soon as it holds, false when time ran out.
    public static func until(seconds: Double, interval: UInt32 = 20_000, _ condition: () -> Bool) -> Bool {
        let deadline = Clock.monotonicSeconds + seconds
        while !condition() {
            if Clock.monotonicSeconds > deadline { return false }
            usleep(interval)
        }
        return true
    }
}
