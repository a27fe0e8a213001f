import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// What a container may do by default: Docker's 14 capabilities and no
/// more, no_new_privs, and the kernel paths runc protects masked or
/// read-only.
final class SecurityDefaultsTests: RootfsTestCase {
    private var spec: ContainerSpec { spec([.pid, .uts]) }

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
            mkdir -p /mnt && mount -t tmpfs x /mnt 2>/dev/null || echo refused-mount
            """
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", script])
        XCTAssertEqual(status, .exited(0), output)
        for refusal in ["refused-sys", "refused-sysrq", "refused-mount"] {
            XCTAssertTrue(output.contains(refusal), "\(refusal): \(output)")
        }
        XCTAssertTrue(output.contains("Read-only file system"), output)
        XCTAssertTrue(output.contains("keys=0"), "/proc/keys is masked: \(output)")
    }

    private func format16(_ mask: UInt64) -> String {
        let hex = String(mask, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
