import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Base of the tests that make real cgroups. Each test gets its own session
/// name; tearDown fails the test if anything is left under `<own>/ctrsh` in
/// any hierarchy, then removes whatever this test's session left (killing
/// its processes first) so one failure does not leak into the machine.
class CgroupKernelTestCase: XCTestCase {
    /// This test's session name, unique across test processes.
    var session = ""
    /// The machine's hierarchies as this test process sees them.
    var topology = CgroupTopology(v1: [], unified: nil)

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = "test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        topology = try XCTUnwrap(CgroupSystem.topology(), "read /proc/self/mountinfo and /proc/self/cgroup")
    }

    override func tearDownWithError() throws {
        // Only this test's session: other ctrsh sessions may run meanwhile.
        let leftovers = parentDirectories.map { $0 + "/" + session }.filter(Directory.exists)
        XCTAssertEqual(leftovers, [], "this test's cgroup directories were left behind")
        for parent in parentDirectories { forceRemove(parent + "/" + session, parent: parent) }
        try super.tearDownWithError()
    }

    /// `<own>/ctrsh` in every hierarchy this process belongs to.
    var parentDirectories: [String] {
        var all = topology.v1.map(\.ownDirectory)
        if let unified = topology.unified { all.append(unified.ownDirectory) }
        return Array(Set(all)).sorted().map { $0 + "/ctrsh" }
    }

    /// The directory a group named `name` of this session has in the v1
    /// hierarchy of `controller`.
    func v1Directory(_ controller: String, _ name: String) throws -> String {
        let hierarchy = try XCTUnwrap(topology.v1Hierarchy(for: controller), "\(controller) is mounted")
        return hierarchy.ownDirectory + "/ctrsh/\(session)/\(name)"
    }

    /// A kernel file's content without the trailing newline.
    func read(_ path: String) throws -> String {
        try FileText.read(path).trimmingTrailingNewlines
    }

    /// The lines of `/proc/PID/cgroup`.
    func procCgroup(_ pid: pid_t) throws -> [String] {
        try FileText.read("/proc/\(pid)/cgroup").split(separator: "\n").map(String.init)
    }

    /// Polls until `condition` holds, for up to `seconds`.
    func eventually(_ seconds: Double = 2, _ condition: () -> Bool) -> Bool {
        var waited = 0.0
        while !condition() {
            if waited >= seconds { return false }
            usleep(10_000)
            waited += 0.01
        }
        return true
    }

    /// Thaws, kills and removes everything below `directory`, then the
    /// directory and (when empty) `parent`: the cleanup of a failed test.
    private func forceRemove(_ directory: String, parent: String) {
        if Directory.exists(directory) {
            for group in Directory.subdirectoriesDeepestFirst(directory) + [directory] {
                _ = try? FileText.write("THAWED", to: group + "/freezer.state")
                _ = try? FileText.write("0", to: group + "/cgroup.freeze")
                for pid in (try? FileText.read(group + "/cgroup.procs"))?.split(separator: "\n") ?? [] {
                    if let pid = pid_t(pid) { kill(pid, SIGKILL) }
                }
                _ = eventually(2) { rmdir(group) == 0 || errno == ENOENT }
            }
        }
        rmdir(parent)
    }
}

extension String {
    /// The string without trailing newlines.
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
