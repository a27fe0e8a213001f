import CLinux
@testable import CtrKernel
@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The attack: root in a default container (it keeps `mknod`) makes nodes
/// of host devices and opens them: a loop device's backing file (`b 7 0`),
/// the host's kernel log (`c 1 11`), `/dev/kvm` (`c 10 232`), an ordinary
/// host's first disk (`b 8 0`; this machine has none: without the policy
/// its open says ENXIO, with it EPERM), or a node its root filesystem
/// brought along. The device policy
/// lets it make the nodes but not open them, and leaves the container's
/// own /dev working; on the v1 devices controller, on a v2 device program
/// (this machine's cgroup2 tree, beside v1), and for `exec` into a running
/// container.
final class DevicePolicyKernelTests: LiveContainerTestCase {
    /// Makes the nodes, tries to open each, and prints `NAME=refused` when
    /// the kernel said EPERM, else `NAME=opened` (or its other error).
    private func attack() -> String {
        """
        cd /tmp && rm -f loop kmsg kvm sda
        mknod loop b 7 0 && mknod kmsg c 1 11 && mknod kvm c 10 232 && mknod sda b 8 0 && echo mknod=ok
        try() { if err=$( (eval "$2") 2>&1 ); then echo "$1=opened"; else case "$err" in *"not permitted"*) echo "$1=refused" ;; *) echo "$1=other: $err" ;; esac; fi; }
        try loop ': < loop'
        try kmsg-write ': >> kmsg'
        try kvm ': < kvm'
        try sda ': < sda'
        try rootfs-kmsg ': >> /kmsg-from-rootfs'
        try null 'echo x > /dev/null'
        try zero 'head -c 4 /dev/zero > /dev/null'
        try urandom 'head -c 4 /dev/urandom > /dev/null'
        try full ': > /dev/full'
        try ptmx ': < /dev/ptmx'
        rm -f loop kmsg kvm sda
        """
    }

    /// Checks the output of `attack()`.
    private func assertKeptOut(_ output: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(output.contains("mknod=ok"), "mknod of any node stays allowed (Docker's `c *:* m`): \(output)", file: file, line: line)
        for name in ["loop", "kmsg-write", "kvm", "sda", "rootfs-kmsg"] {
            XCTAssertTrue(output.contains("\(name)=refused"), "\(name): \(output)", file: file, line: line)
        }
        for name in ["null", "zero", "urandom", "full", "ptmx"] {
            XCTAssertTrue(output.contains("\(name)=opened"), "\(name): \(output)", file: file, line: line)
        }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try Privileges.requireRoot("makes device nodes and cgroups")
        // A node the root filesystem brings along, as a tarball's would.
        XCTAssertEqual(mknod(rootfs.path + "/kmsg-from-rootfs", S_IFCHR | 0o600, dev_t((1 << 8) | 11)), 0, "mknod `kmsg-from-rootfs` in the test root")
    }

    private func runAttack(in name: String = "dev") throws -> String {
        let container = makeContainer(name, [.pid, .uts, .ipc])
        let tee = try OutputTee()
        let run = try runtime.runForeground(container, argv: ["/bin/sh", "-c", attack()], tee: tee)
        XCTAssertEqual(run.status, .exited(0), tee.text)
        return tee.text
    }

    func testV1DevicesControllerKeepsHostDevicesOut() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here; the v2 test covers the device program")
        _ = try requireCgroups()
        assertKeptOut(try runAttack())
    }

    /// A tarball root brings its device nodes along (root unpacks them as
    /// they are): the `c 1 11` node in it cannot be opened either.
    func testATarballRootsDeviceNodeIsKeptOut() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here; the v2 test covers the device program")
        let archive = rootfs.scratch + "/root.tar"
        _ = try HostProgram.output(["tar", "-C", rootfs.path, "-cf", archive, "."])
        let unpacked = rootfs.scratch + "/unpacked"
        XCTAssertEqual(mkdir(unpacked, 0o755), 0)
        _ = try TarballExtractor(archive: archive, destination: unpacked, asRoot: true).extract()
        var info = stat()
        XCTAssertEqual(lstat(unpacked + "/kmsg-from-rootfs", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "the tarball's node was made")
        let container = makeContainer("tar", [.pid, .uts, .ipc]) { $0.rootfs = RootfsSpec(path: unpacked, archive: archive) }
        let tee = try OutputTee()
        let run = try runtime.runForeground(container, argv: ["/bin/sh", "-c", attack()], tee: tee)
        XCTAssertEqual(run.status, .exited(0), tee.text)
        assertKeptOut(tee.text)
    }

    /// The session's shared devices group lists Docker's rules, and a
    /// process that `exec`s into the running container is in it too.
    func testV1GroupListsTheRulesAndExecJoinsIt() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here")
        let (container, live) = try started("web", [.pid, .uts, .ipc])
        let directory = try v1Directory("devices", ".devices")
        let listed = try read(directory + "/devices.list").split(separator: "\n").map(String.init)
        XCTAssertEqual(listed, DevicePolicy.dockerDefault.rules.map(\.description))
        XCTAssertTrue(try pids(in: directory).contains(live.first.pid))
        let (output, status) = try exec(container, attack() + "\ngrep devices: /proc/self/cgroup")
        XCTAssertEqual(status, .exited(0), output)
        assertKeptOut(output)
        XCTAssertTrue(output.contains("/ctrsh/\(session)/.devices"), "exec joins the devices group: \(output)")
    }

    /// Two containers under the default policy are held by one devices
    /// group of the session, made once; removing one leaves the other
    /// held, and the group with it, until the session ends.
    func testV1ContainersOfASessionShareOneDevicesGroupThatOutlivesEach() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here")
        let (first, firstLive) = try started("first", [.pid, .uts, .ipc])
        let (second, secondLive) = try started("second", [.pid, .uts, .ipc])
        let shared = try v1Directory("devices", ".devices")
        XCTAssertEqual(Set(try pids(in: shared)).intersection([firstLive.first.pid, secondLive.first.pid]).count, 2, "both in \(shared)")
        for name in ["first", "second"] {
            XCTAssertFalse(Directory.exists(try v1Directory("devices", name)), "no devices group of its own for `\(name)`")
        }
        for container in [first, second] {
            let (output, status) = try exec(container, attack())
            XCTAssertEqual(status, .exited(0), output)
            assertKeptOut(output)
        }
        XCTAssertEqual(runtime.remove(first), [])
        XCTAssertEqual(try read(shared + "/devices.list").split(separator: "\n").map(String.init), DevicePolicy.dockerDefault.rules.map(\.description))
        XCTAssertTrue(try pids(in: shared).contains(secondLive.first.pid), "`second` is still held")
        let (output, status) = try exec(second, attack())
        XCTAssertEqual(status, .exited(0), output)
        assertKeptOut(output)
        XCTAssertEqual(runtime.remove(second), [])
        runtime.close()
        XCTAssertFalse(Directory.exists(shared), "the shared group goes with the session")
    }

    /// A container that keeps CAP_SYS_ADMIN could rewrite a devices group's
    /// policy, and one with rules of its own is under another policy: each
    /// gets a devices group of its own, never the shared one.
    func testV1AContainerThatMayWriteAPolicyOrHasItsOwnRulesGetsItsOwnGroup() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here")
        let (_, admin) = try started("admin", [.pid, .uts, .ipc]) { $0.capabilities.append("sys_admin") }
        let (_, loop) = try started("loop", [.pid, .uts, .ipc]) {
            $0.devices.rules.append(DeviceRule(.block, major: 7, minor: 0, .all))
        }
        for (name, live) in [("admin", admin), ("loop", loop)] {
            let own = try v1Directory("devices", name)
            XCTAssertTrue(try pids(in: own).contains(live.first.pid), "`\(name)` is in \(own)")
        }
        XCTAssertTrue(try read(v1Directory("devices", "loop") + "/devices.list").contains("b 7:0 rwm"))
        XCTAssertFalse(Directory.exists(try v1Directory("devices", ".devices")), "nobody made the shared group")
    }

    /// The attack on the shared group: root in one sharing container, with
    /// the group's own files bind-mounted in (a user's mistake), widens the
    /// policy (`a` to `devices.allow`) or lets in the loop device, to open it
    /// from another container under that policy. The devices controller
    /// wants CAP_SYS_ADMIN for those writes, which a sharing container does
    /// not keep: both are refused, and the other container stays held.
    func testV1ASharingContainerCannotRewriteTheSharedPolicy() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here")
        let (victim, _) = try started("victim", [.pid, .uts, .ipc])
        let shared = try v1Directory("devices", ".devices")
        let (attacker, _) = try started("attacker", [.pid, .uts, .ipc]) {
            $0.mounts.append(MountSpec(source: .bind(shared), destination: "/cg"))
        }
        let (output, status) = try exec(attacker, """
            grep devices: /proc/self/cgroup
            for rule in a 'b 7:0 rwm' 'c 1:11 rwm'; do
              if echo "$rule" > /cg/devices.allow 2>/dev/null; then echo "allow $rule=written"; else echo "allow $rule=refused"; fi
            done
            if echo 'c 1:3 rwm' > /cg/devices.deny 2>/dev/null; then echo deny=written; else echo deny=refused; fi
            """)
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertTrue(output.contains("/ctrsh/\(session)/.devices"), "the attacker shares the group: \(output)")
        for rule in ["a", "b 7:0 rwm", "c 1:11 rwm"] {
            XCTAssertTrue(output.contains("allow \(rule)=refused"), output)
        }
        XCTAssertTrue(output.contains("deny=refused"), output)
        XCTAssertEqual(try read(shared + "/devices.list").split(separator: "\n").map(String.init), DevicePolicy.dockerDefault.rules.map(\.description))
        let (victimOutput, victimStatus) = try exec(victim, attack())
        XCTAssertEqual(victimStatus, .exited(0), victimOutput)
        assertKeptOut(victimOutput)
    }

    /// The PIDs in a group's `cgroup.procs`.
    private func pids(in directory: String) throws -> [pid_t] {
        try read(directory + "/cgroup.procs").split(separator: "\n").compactMap { pid_t($0) }
    }

    /// The v2 driver on this machine's cgroup2 tree: the kernel runs a
    /// group's device programs whatever v1 says (ctrsh's own v1 devices
    /// group here is the root, which allows everything). The session loads
    /// the policy's program once and attaches it to each container's group.
    func testV2DeviceProgramKeepsHostDevicesOut() throws {
        let unified = try XCTUnwrap(topology.unified, "cgroup2 is mounted (at /sys/fs/cgroup/unified here)")
        var steps: [CgroupChange] = []
        let log = KernelStepLog()
        let driver = CgroupV2Driver(mountPoint: unified.mountPoint, ownPath: unified.ownPath, session: session) { change in
            log.report(.cgroup(change))
        }
        log.observer = { step in if case .cgroup(let change) = step { steps.append(change) } }
        runtime = ContainerRuntime(sessionID: session, cgroups: driver, state: runtime.state, steps: log)
        assertKeptOut(try runAttack())
        assertKeptOut(try runAttack(in: "again"))
        let attached = steps.compactMap { change -> String? in
            if case .attachDeviceProgram(let path) = change { return path }
            return nil
        }
        XCTAssertEqual(attached, ["dev", "again"].map { unified.ownDirectory + "/ctrsh/\(session)/\($0)" }, "\(steps)")
        let loads = steps.filter { if case .loadDeviceProgram = $0 { return true } else { return false } }
        XCTAssertEqual(loads.count, 1, "one program for the session's policy: \(steps)")
    }

    /// A program the kernel's verifier refuses is reported with what the
    /// verifier said (here: `exit` without setting r0).
    func testARefusedProgramIsReportedWithTheVerifiersWords() throws {
        let exit = ctr_ebpf_instruction(code: 0x95, registers: 0, offset: 0, immediate: 0)
        XCTAssertThrowsError(try DeviceProgram.load([exit])) { error in
            guard case .cgroup(.devicePolicyLoad(EACCES, let verifier?))? = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertTrue(verifier.contains("R0 !read_ok"), verifier)
        }
    }
}
