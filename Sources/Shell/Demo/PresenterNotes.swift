import CtrRuntime
import Glibc

/// Where a demo's `##` notes go: to standard error when it is not where the
/// audience looks (`ctrsh --demo talk.ctrsh 2>/dev/pts/3`, or `2>notes`),
/// otherwise nowhere. At one terminal, and under `--cast` (whose inner
/// ctrsh has one terminal for both), the audience never sees them.
enum PresenterNotes {
    static func show(_ note: String) {
        guard !sameFile(STDOUT_FILENO, STDERR_FILENO) else { return }
        writeAll(("## " + note + "\n").utf8, to: STDERR_FILENO)
    }

    /// True when both descriptors are the same file, or either is unusable.
    private static func sameFile(_ first: Int32, _ second: Int32) -> Bool {
        var a = stat()
        var b = stat()
        guard fstat(first, &a) == 0, fstat(second, &b) == 0 else { return true }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
