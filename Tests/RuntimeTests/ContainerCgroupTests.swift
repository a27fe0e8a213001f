import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Containers under real cgroup limits: the OOM killer reported as such,
/// a pids limit that stops a fork loop, and limits that land in the files
/// the kernel reads, with the process in its group before it execs.
final class ContainerCgroupTests: CgroupKernelTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!
    private var probe: ContainerProbe { ContainerProbe(runtime: runtime) }

    override func setUpWithError() throws {
        try super.setUpWithError()
        rootfs = try TestRootfs()
        let driver = try XCTUnwrap(CgroupSystem.detect(session: session), "a cgroup hierarchy is mounted")
        runtime = ContainerRuntime(sessionID: session, cgroups: driver)
    }

    override func tearDownWithError() throws {
        runtime?.close()
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
        try super.tearDownWithError()
    }

    private func spec(_ limits: (inout CgroupLimits) -> Void) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .mnt]
        spec.rootfs = RootfsSpec(path: rootfs.path)
        limits(&spec.cgroup)
        return spec
    }

    func testMemoryHogIsReportedAsAnOOMKill() throws {
        let hog = spec { $0.memory = .bytes(32 << 20) }
        let (_, status) = try probe.run(hog, ["/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"], name: "oom")
        XCTAssertEqual(status, .oomKilled(limit: .bytes(32 << 20)))
        XCTAssertEqual(status.code, 137)
    }

    func testPidsLimitStopsAForkLoopAndSparesTheHost() throws {
        let limited = spec { $0.pids = 8 }
        let (output, status) = try probe.run(limited, ["/bin/sh", "-c", "for i in $(seq 16); do sleep 1 & done"], name: "pids")
        XCTAssertTrue(output.contains("can't fork"), output)
        XCTAssertEqual(status, .exited(2))
        XCTAssertEqual(try HostProgram.run(["/bin/true"]), .exited(0), "the host can still fork")
    }

    func testLimitsLandInTheFilesAndTheProcessJoinsBeforeExec() throws {
        try Privileges.require(topology.preferredVersion == .v1, "this machine runs cgroup v2: its limits are tested against a temporary v2 tree")
        var spec = ContainerSpec()  // the host's root, so the container can read the host's cgroup files
        spec.cgroup.cpu = CPULimit(cpus: 0.5)
        spec.cgroup.cpuset = "0"
        spec.cgroup.pids = 20
        spec.cgroup.raw = [RawCgroupSetting(file: "memory.soft_limit_in_bytes", value: "33554432")]
        let script = """
            path() { grep -E ":([a-z_]+,)*$1(,[a-z_]+)*:" /proc/self/cgroup | cut -d: -f3; }
            cat /sys/fs/cgroup/cpu$(path cpu)/cpu.cfs_quota_us /sys/fs/cgroup/cpu$(path cpu)/cpu.cfs_period_us
            cat /sys/fs/cgroup/cpuset$(path cpuset)/cpuset.cpus /sys/fs/cgroup/pids$(path pids)/pids.max
            cat /sys/fs/cgroup/memory$(path memory)/memory.soft_limit_in_bytes
            path memory
            """
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", script], name: "files")
        XCTAssertEqual(status, .exited(0), output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(5)), ["50000", "100000", "0", "20", "33554432"], output)
        XCTAssertTrue(lines.last?.hasSuffix("/ctrsh/\(session)/files") == true, "in its group from the start: \(output)")
    }

    func testAFailedStartLeavesNoCgroup() throws {
        let broken = spec { $0.memory = .bytes(64 << 20) }
        XCTAssertThrowsError(try probe.run(broken, ["/no/such/program"], name: "broken"))
        // tearDown asserts that nothing is left under ctrsh's parent.
    }
}
