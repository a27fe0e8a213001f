import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Many run/exec/start/stop cycles in one session leave ctrsh as they found
/// it: the same open descriptors, no zombie, no cgroup, no state entry.
/// `CTRSH_SOAK_CYCLES` sets the count (default 100; the soak is 1000).
final class SoakTests: EndToEndTestCase {
    func testCyclesLeaveNothingBehind() throws {
        let root = try requireRootfs()
        let cycles = getenv("CTRSH_SOAK_CYCLES").flatMap { Int(String(cString: $0)) } ?? 100
        let count = "host sh -c 'echo fds=$(ls /proc/$PPID/fd | wc -l) zombies=$(ps -o stat= --ppid $PPID | grep -c Z)'"
        var script = "ns new pid,uts,ipc,mnt\nrootfs use \(root)\ncgroup set pids 50\n\(count)\n"
        for _ in 0..<cycles {
            script += "run /bin/true\nstart\nexec /bin/true\nexec -d /bin/sleep 5\nstop --timeout 2s\n"
        }
        script += "\(count)\nhost sh -c 'ls /run/ctrsh/$PPID 2>/dev/null | grep -c state || true'\n"
        let result = try ctrsh(try write(script, to: "soak.ctrsh"))
        assertExit(result, 0)
        let counts = result.stdout.split(separator: "\n").filter { $0.hasPrefix("fds=") }
        XCTAssertEqual(counts.count, 2, result.description)
        XCTAssertEqual(counts.first, counts.last, "descriptors or zombies changed over \(cycles) cycles")
        XCTAssertTrue(counts.last?.hasSuffix("zombies=0") == true, "\(counts)")
        XCTAssertEqual(result.stdout.split(separator: "\n").last, "0", "state entries left: \(result)")
    }
}
