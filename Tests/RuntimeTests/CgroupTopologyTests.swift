import CtrRuntime
import XCTest

/// Discovery from `/proc/self/mountinfo` and `/proc/self/cgroup` texts, and
/// the driver choice that follows from it. Pure: no kernel needed.
final class CgroupTopologyTests: XCTestCase {
    func testThisMachineIsV1WithSeparateCpuAndCpuacct() throws {
        let topology = CgroupTopology.parse(
            mountinfo: CgroupFixtures.hybridMountinfo, procSelfCgroup: CgroupFixtures.hybridCgroup)
        let memory = try XCTUnwrap(topology.v1Hierarchy(for: "memory"))
        XCTAssertEqual(memory.mountPoint, "/sys/fs/cgroup/memory")
        XCTAssertEqual(memory.ownPath, "/process_api/7ceac8db38185894098b5a1b155e5676")
        XCTAssertEqual(memory.ownDirectory, "/sys/fs/cgroup/memory/process_api/7ceac8db38185894098b5a1b155e5676")
        XCTAssertEqual(topology.v1Hierarchy(for: "cpu")?.mountPoint, "/sys/fs/cgroup/cpu")
        XCTAssertEqual(topology.v1Hierarchy(for: "cpuacct")?.mountPoint, "/sys/fs/cgroup/cpuacct")
        XCTAssertEqual(topology.v1Hierarchy(for: "pids")?.ownDirectory, "/sys/fs/cgroup/pids")
        XCTAssertEqual(topology.v1Hierarchy(for: "name=systemd")?.mountPoint, "/sys/fs/cgroup/systemd")
        XCTAssertEqual(
            topology.v1Controllers,
            ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids"])
        XCTAssertEqual(
            topology.unified, CgroupHierarchy(controllers: [], mountPoint: "/sys/fs/cgroup/unified", ownPath: "/"))
        XCTAssertEqual(topology.preferredVersion, .v1)
        let driver = try XCTUnwrap(CgroupSystem.driver(for: topology, session: "s1"))
        XCTAssertEqual(driver.version, .v1)
        XCTAssertTrue(driver is CgroupV1Driver)
    }

    func testUnifiedOnlyMachineGetsV2DriverInItsSessionScope() throws {
        let topology = CgroupTopology.parse(
            mountinfo: CgroupFixtures.unifiedMountinfo, procSelfCgroup: CgroupFixtures.unifiedCgroup)
        XCTAssertEqual(topology.v1, [])
        let unified = try XCTUnwrap(topology.unified)
        XCTAssertEqual(unified.mountPoint, "/sys/fs/cgroup")
        XCTAssertEqual(unified.ownDirectory, "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope")
        XCTAssertEqual(topology.preferredVersion, .v2)
        let driver = try XCTUnwrap(CgroupSystem.driver(for: topology, session: "s1") as? CgroupV2Driver)
        XCTAssertEqual(driver.hierarchy, unified)
        XCTAssertEqual(driver.session, "s1")
    }

    func testCombinedCpuCpuacctMountIsOneHierarchy() throws {
        let topology = CgroupTopology.parse(
            mountinfo: CgroupFixtures.combinedMountinfo, procSelfCgroup: CgroupFixtures.combinedCgroup)
        let cpu = try XCTUnwrap(topology.v1Hierarchy(for: "cpu"))
        XCTAssertEqual(cpu, topology.v1Hierarchy(for: "cpuacct"))
        XCTAssertEqual(cpu.controllers, ["cpu", "cpuacct"])
        XCTAssertEqual(cpu.ownDirectory, "/sys/fs/cgroup/cpu,cpuacct/user.slice")
        XCTAssertEqual(topology.v1Hierarchy(for: "freezer")?.ownDirectory, "/sys/fs/cgroup/my freezer/user.slice")
        XCTAssertEqual(
            topology.v1Hierarchy(for: "memory")?.ownDirectory,
            "/sys/fs/cgroup/memory/user.slice/user-1000.slice/session-1.scope")
        XCTAssertEqual(topology.unified?.mountPoint, "/sys/fs/cgroup/unified")
        XCTAssertEqual(topology.v1Controllers, ["cpu", "cpuacct", "freezer", "memory", "pids"])
        XCTAssertEqual(topology.preferredVersion, .v1)
    }

    func testMountOfASubtreeMakesOwnPathRelativeAndSkipsOtherSubtrees() throws {
        let topology = CgroupTopology.parse(
            mountinfo: CgroupFixtures.nestedMountinfo, procSelfCgroup: CgroupFixtures.nestedCgroup)
        let memory = try XCTUnwrap(topology.v1Hierarchy(for: "memory"))
        XCTAssertEqual(memory.ownPath, "/sub")
        XCTAssertEqual(memory.ownDirectory, "/sys/fs/cgroup/memory/sub")
        XCTAssertNil(topology.v1Hierarchy(for: "pids"), "the pids mount shows /docker/other, not the caller's group")
    }

    func testMemoryNotOnV1FallsBackToCgroup2() {
        let mountinfo = """
            31 25 0:28 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            26 25 0:23 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """
        let cgroup = "2:pids:/\n1:memory:/\n0::/x\n"
        let topology = CgroupTopology.parse(mountinfo: mountinfo, procSelfCgroup: cgroup)
        XCTAssertNil(topology.v1Hierarchy(for: "memory"))
        XCTAssertEqual(topology.preferredVersion, .v2)
        XCTAssertEqual(topology.unified?.ownDirectory, "/sys/fs/cgroup/unified/x")
    }

    func testOnlyTheTypeAfterTheSeparatorMakesACgroupMount() throws {
        let mountinfo = """
            40 25 0:40 / /tmp/a\\040-\\040cgroup rw,relatime shared:9 - tmpfs tmpfs rw
            41 25 0:41 / /mnt/cgroup rw,relatime - tmpfs cgroup rw,pids
            31 25 0:28 / /sys/fs/cgroup/pids rw,relatime shared:12 master:1 - cgroup cgroup rw,pids
            """
        let topology = CgroupTopology.parse(mountinfo: mountinfo, procSelfCgroup: "2:pids:/x\n")
        XCTAssertEqual(topology.v1.map(\.mountPoint), ["/sys/fs/cgroup/pids"])
        XCTAssertEqual(topology.v1Hierarchy(for: "pids")?.ownDirectory, "/sys/fs/cgroup/pids/x")
    }

    func testNoCgroupMountsMeansNoDriver() {
        let topology = CgroupTopology.parse(
            mountinfo: "22 1 8:2 / / rw - ext4 /dev/sda2 rw\n", procSelfCgroup: "0::/\n")
        XCTAssertEqual(topology, CgroupTopology(v1: [], unified: nil))
        XCTAssertNil(topology.preferredVersion)
        XCTAssertNil(CgroupSystem.driver(for: topology, session: "s"))
    }

    func testDetectReadsThisProcess() throws {
        let topology = try XCTUnwrap(CgroupSystem.topology(), "/proc/self is readable")
        let driver = CgroupSystem.detect(session: "s")
        XCTAssertEqual(driver?.version, topology.preferredVersion)
    }
}
