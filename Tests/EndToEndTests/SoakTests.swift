import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Many run/exec/start/stop cycles in one session leave ctrsh as they found
/// it: the same open descriptors, no zombie, and at the end no container
/// cgroup, no mount and no state entry. `CTRSH_SOAK_CYCLES` sets the count
/// (default 100; `scripts/soak` runs the issue's 1000).
final class SoakTests: EndToEndTestCase {
    func testCyclesLeaveNothingBehind() throws {
        let root = try requireRootfs()
        let cycles = getenv("CTRSH_SOAK_CYCLES").flatMap { Int(String(cString: $0)) } ?? 100
        let census = "host sh -c 'echo fds=$(ls /proc/$PPID/fd | wc -l) zombies=$(ps -o stat= --ppid $PPID | grep -c Z)'"
        let cycle = "run /bin/true\nstart\nexec /bin/true\nexec -d /bin/sleep 5\nstop --timeout 2s\n"
        // The first cycle opens what the session keeps for good (the lock on
        // its state directory): count from there.
        var script = "ns new pid,uts,ipc,mnt\nrootfs use \(root)\ncgroup set pids 50\n\(cycle)\(census)\n"
        for _ in 1..<cycles { script += cycle }
        // What is left in ctrsh's cgroup subtree, its mount table and its
        // state directory. The session's shared devices group (v1,
        // `.devices`) stays until the session ends: it must hold no process.
        script += "\(census)\nhost sh -c 'echo cgroups=$(find /sys/fs/cgroup -path \"*/ctrsh/$PPID/*\" -type d -not -name .devices | wc -l)"
            + " held=$(find /sys/fs/cgroup -path \"*/ctrsh/$PPID/.devices/cgroup.procs\" -exec cat {} + | wc -l)"
            + " mounts=$(grep -c \"\(root)\" /proc/$PPID/mountinfo) states=$(ls /run/ctrsh/$PPID 2>/dev/null | grep -c state)'\n"
        ctrshTimeout = max(60, Double(cycles) / 5)  // about 30 ms a cycle here; room for a busy machine
        let started = Clock.monotonicSeconds
        let result = try ctrsh(try write(script, to: "soak.ctrsh"))
        let seconds = Clock.monotonicSeconds - started
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let counts = lines.filter { $0.hasPrefix("fds=") }
        XCTAssertEqual(counts.count, 2, result.description)
        XCTAssertEqual(counts.first, counts.last, "descriptors or zombies changed over \(cycles) cycles")
        XCTAssertTrue(counts.last?.hasSuffix("zombies=0") == true, "\(counts)")
        XCTAssertEqual(lines.last, "cgroups=0 held=0 mounts=0 states=0", "left at the end: \(result)")
        print("soak: \(cycles) cycles (\(cycles * 5) containers and execs) in \(Int(seconds)) s; "
            + "\(counts.first ?? "?") before, \(counts.last ?? "?") after; \(lines.last ?? "?") at the end")
    }
}
