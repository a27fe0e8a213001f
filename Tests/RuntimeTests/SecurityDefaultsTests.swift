import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// What a container may do by default: Docker's 14 capabilities and no
/// more, no_new_privs, the kernel paths runc protects masked or read-only,
/// and the escapes that these (with pivot_root and seccomp) stop.
final class SecurityDefaultsTests: RootfsTestCase {
    /// The default container: a busybox root, new pid, uts, mnt and ipc namespaces.
    private var spec: ContainerSpec { spec([.pid, .uts, .ipc]) }

    private func status(_ spec: ContainerSpec, _ field: String) throws -> String {
        let (output, status) = try probe.run(spec, ["/bin/grep", "\(field):", "/proc/self/status"])
        XCTAssertEqual(status, .exited(0), output)
        return String(output.split(separator: "\t").last?.trimmed ?? "")
    }

    func testDockerDefaultCapabilitiesAndNoNewPrivs() throws {
        XCTAssertEqual(try status(spec, "CapEff"), "00000000a80425fb")
        XCTAssertEqual(try status(spec, "CapBnd"), "00000000a80425fb")
        XCTAssertEqual(try status(spec, "CapAmb"), "0000000000000000")
        XCTAssertEqual(try status(spec, "NoNewPrivs"), "1")
        XCTAssertEqual(Capability.mask(Capability.dockerDefault), 0xa80425fb)
    }

    func testDroppingAndAddingCapabilitiesAndTurningNoNewPrivsOff() throws {
        var none = spec
        none.capabilities = []
        none.noNewPrivileges = false
        XCTAssertEqual(try status(none, "CapEff"), "0000000000000000")
        XCTAssertEqual(try status(none, "NoNewPrivs"), "0")
        var admin = spec
        admin.capabilities.append("sys_admin")
        XCTAssertEqual(try status(admin, "CapEff"), String(format16(Capability.mask(admin.capabilities))))
    }

    func testProtectedKernelPathsAndNoMountWithoutSysAdmin() throws {
        let script = """
            echo x > /proc/sys/kernel/hostname 2>&1 || echo refused-sys
            echo h > /proc/sysrq-trigger 2>&1 || echo refused-sysrq
            echo "keys=$(wc -c < /proc/keys)"
            mkdir -p /mnt && mount -t tmpfs x /mnt 2>&1 || echo refused-mount
            """
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", script])
        XCTAssertEqual(status, .exited(0), output)
        for refusal in ["refused-sys", "refused-sysrq", "refused-mount"] {
            XCTAssertTrue(output.contains(refusal), "\(refusal): \(output)")
        }
        XCTAssertTrue(output.contains("Read-only file system"), output)
        XCTAssertTrue(output.contains("keys=0"), "/proc/keys is masked: \(output)")
        XCTAssertTrue(output.contains("mount: permission denied"), "mount fails with EPERM: \(output)")
    }

    /// How many of the first 16 bytes of `path` a container can read.
    private func bytesReadable(_ path: String) throws -> String {
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", "head -c 16 \(path) | wc -c"])
        XCTAssertEqual(status, .exited(0), output)
        return String(output.trimmed)
    }

    /// /proc/kcore, the host's memory as an ELF core, reads empty inside.
    func testKcoreReadsEmpty() throws {
        try Privileges.require(access("/proc/kcore", F_OK) == 0, "this kernel has no /proc/kcore (CONFIG_PROC_KCORE is off): nothing to read")
        XCTAssertEqual(try HostProgram.output(["head", "-c", "16", "/proc/kcore"]).utf8.count, 16, "the host's has content")
        XCTAssertEqual(try bytesReadable("/proc/kcore"), "0")
    }

    /// /proc/timer_list, the host's timers, reads empty inside too.
    func testTimerListReadsEmpty() throws {
        XCTAssertEqual(try HostProgram.output(["head", "-c", "16", "/proc/timer_list"]).utf8.count, 16, "the host's has content")
        XCTAssertEqual(try bytesReadable("/proc/timer_list"), "0")
    }

    /// The classic escape from a bare chroot (chroot into a subdirectory,
    /// climb out with `..`, chroot there) reaches the host from a plain
    /// `chroot` jail, and finds nothing of the host from a container: its
    /// root came from pivot_root and the old root was unmounted.
    func testTheChrootEscapeReachesTheHostFromAChrootButNotFromAContainer() throws {
        try EscapeProbe.install(inRoot: rootfs.path)
        let marker = rootfs.scratch + "/host-only-marker"
        let fd = open(marker, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0, "create \(marker): \(errnoText(errno))")
        close(fd)
        let jailed = try HostProgram.output(["chroot", rootfs.path, EscapeProbe.pathInRoot, "chroot-escape", marker])
        XCTAssertEqual(jailed, "chroot-escape: escaped\n", "the probe escapes a bare chroot, so it would notice an escape")

        let (output, status) = try probe.run(spec, [EscapeProbe.pathInRoot, "chroot-escape", marker])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "chroot-escape: contained\n", "both chroot calls succeed (sys_chroot is kept), and the host stays out of sight")
    }

    private func format16(_ mask: UInt64) -> String {
        let hex = String(mask, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
