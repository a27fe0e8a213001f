import CtrKernel

extension LiveContainer {
    /// The program its first process runs, as `/proc/PID/cmdline` shows
    /// it (what `exec -d CMD` started); nil after `start` (ctrsh-init is
    /// no program of the user's), or once the process is gone. A process
    /// can rewrite its own command line: this is what it says now.
    public var firstCommand: [String]? {
        guard !runsInit, first.isAlive,
              let bytes = try? FileTree.readPrefix("/proc/\(first.pid)/cmdline", count: 1 << 16), !bytes.isEmpty else { return nil }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
}
