import CLinux
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

    private func runAttack() throws -> String {
        let container = makeContainer("dev", [.pid, .uts, .ipc])
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

    /// The group's `devices.list` is Docker's list, and a process that
    /// `exec`s into the running container is in that group too.
    func testV1GroupListsTheRulesAndExecJoinsIt() throws {
        try Privileges.require(topology.v1Hierarchy(for: "devices") != nil, "the v1 devices controller is not mounted here")
        let (container, live) = try started("web", [.pid, .uts, .ipc])
        let directory = try v1Directory("devices", "web")
        let listed = try read(directory + "/devices.list").split(separator: "\n").map(String.init)
        XCTAssertEqual(listed, DevicePolicy.dockerDefault.rules.map(\.description))
        XCTAssertTrue(try read(directory + "/cgroup.procs").split(separator: "\n").contains("\(live.first.pid)"))
        let (output, status) = try exec(container, attack() + "\ngrep devices: /proc/self/cgroup")
        XCTAssertEqual(status, .exited(0), output)
        assertKeptOut(output)
        XCTAssertTrue(output.contains("/ctrsh/\(session)/web"), "exec joins the devices group: \(output)")
    }

    /// The v2 driver on this machine's cgroup2 tree: the kernel runs a
    /// group's device programs whatever v1 says (ctrsh's own v1 devices
    /// group here is the root, which allows everything).
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
        let attached = steps.compactMap { change -> String? in
            if case .attachDeviceProgram(_, let path) = change { return path }
            return nil
        }
        XCTAssertEqual(attached, [unified.ownDirectory + "/ctrsh/\(session)/dev"], "\(steps)")
    }

    /// A program the kernel's verifier refuses is reported with what the
    /// verifier said (here: `exit` without setting r0).
    func testARefusedProgramIsReportedWithTheVerifiersWords() throws {
        let exit = ctr_ebpf_instruction(code: 0x95, registers: 0, offset: 0, immediate: 0)
        XCTAssertThrowsError(try DeviceProgram.attach([exit], to: "/nonexistent")) { error in
            guard case .launch(.devicePolicyRefused(let errno, let verifier)) = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(errno, EACCES)
            XCTAssertTrue(verifier.contains { $0.contains("R0 !read_ok") }, "\(verifier)")
        }
    }
}
