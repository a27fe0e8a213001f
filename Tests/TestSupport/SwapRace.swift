import CtrRuntime
import Foundation
import Glibc
import XCTest

/// A race against a walk of a tree a container could change: the escape
/// probe (installed in `rootfs`) exchanging regular files with FIFOs in
/// `directory/race`, and the outcome of each attempt made meanwhile.
public final class SwapRace: @unchecked Sendable {
    /// The probe doing the swapping; `terminate()` it when done.
    public let swapper: ChildProcess
    private let lock = NSLock()
    private var messages: [String: String] = [:]

    /// Starts swapping `pairs` pairs of files in `directory/race` and waits
    /// until they are all there. Needs gcc (the probe).
    public init(rootfs: TestRootfs, directory: String, pairs: Int = 200) throws {
        try EscapeProbe.install(inRoot: rootfs.path)
        XCTAssertEqual(mkdir(directory, 0o755), 0)
        swapper = try ChildProcess(rootfs.path + EscapeProbe.pathInRoot, ["escape-probe", "swap", directory + "/race", "\(pairs)"])
        for _ in 0..<600 where Directory.names(directory + "/race").count < 2 * pairs { usleep(50_000) }
        XCTAssertEqual(Directory.names(directory + "/race").count, 2 * pairs, "the swapper did not set up its files")
    }

    /// Records that the attempt writing `destination` was refused.
    public func refused(_ destination: String, _ message: String) {
        lock.withLock { messages[destination] = message }
    }

    /// The refused attempts, by destination, with their messages.
    public var refusals: [String: String] { lock.withLock { messages } }
}
