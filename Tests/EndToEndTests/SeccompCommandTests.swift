import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `seccomp show|off|default` through the built `ctrsh`, on the real
/// kernel: the profile it lists, a refused call in a one-shot container and
/// in an `exec` into a running one, ctrsh-init's own filter, and the
/// setting that cannot change while the container runs. Needs root.
final class SeccompCommandTests: EndToEndTestCase {
    static let script = #"""
        ns new pid,uts,mnt,ipc
        rootfs use $1
        show
        expect output matches '^ +seccomp +default \([0-9]+ system calls refused with EPERM'
        seccomp show
        expect output contains "seccomp: default: a deny-list after Docker's default profile"
        expect output matches '^ +keyctl +- +the kernel keyrings are shared with the host$'
        expect output matches '^ +mount +sys_admin +mounts filesystems$'
        expect output matches '^[0-9]+ calls refused$'
        exec /bin/escape-probe keyctl
        expect output contains "keyctl: EPERM"
        start
        exec /bin/escape-probe keyctl
        expect output contains "keyctl: EPERM"
        exec /bin/grep Seccomp: /proc/1/status
        expect output matches '^Seccomp:.2$'
        seccomp show
        expect output matches '^PID 1 \(host PID [0-9]+\): Seccomp: 2 \(filter\), Seccomp_filters: 1$'
        seccomp off
        expect error contains "seccomp off: `default` is running, and this cannot change while it runs"
        stop
        cap add sys_admin
        seccomp show
        expect output matches 'calls refused; allowed by the kept capabilities: bpf, perf_event_open, .*mount'
        seccomp off
        seccomp show
        expect output contains "seccomp: off: no filter"
        exec /bin/escape-probe keyctl
        expect output contains "keyctl: ok"
        exec /bin/grep Seccomp: /proc/self/status
        expect output matches '^Seccomp:.0$'
        seccomp default
        exec /bin/escape-probe keyctl
        expect output contains "keyctl: EPERM"
        """#

    func testTheProfileIsShownAndAppliedAndCannotChangeWhileRunning() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        let result = try ctrsh(try write(Self.script, to: "seccomp.ctrsh"), root)
        assertExit(result, 0)
    }

    func testCheckRejectsAnUnknownMode() throws {
        let script = try write("seccomp on\n", to: "bad.ctrsh")
        let result = try ctrsh("--check", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stderr, "\(script):1:9: error: seccomp: unknown subcommand `on` (default, off, show)\n")
    }
}
