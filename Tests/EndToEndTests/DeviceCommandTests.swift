import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `device show|allow|deny|default` through the built `ctrsh`, on the real
/// kernel: Docker's list shown, a rule that takes /dev/urandom away and one
/// that lets `/dev/kmsg` (`c 1:11`) be opened for writing (nothing is
/// written), the list that cannot change while the container runs, and bad
/// rules refused. Needs root.
final class DeviceCommandTests: EndToEndTestCase {
    static let script = #"""
        ns new pid,uts,mnt,ipc
        rootfs use $1
        show
        expect output matches "^ +devices +Docker's allow-list: mknod of any node; open only null, "
        device show
        expect output matches '^ +allow +c 136:\* rwm +/dev/pts/\*$'
        expect output matches '^ +allow +c 10:200 rwm +/dev/net/tun$'
        exec /bin/sh -c 'head -c 4 /dev/urandom | wc -c; mknod /tmp/kmsg c 1 11; (: >> /tmp/kmsg) 2>&1; rm -f /tmp/kmsg'
        expect output contains "4"
        expect output contains "Operation not permitted"
        device deny c 1:9 rwm
        device allow c 1:11 w
        show
        expect output contains "Docker's allow-list, then deny c 1:9 rwm, allow c 1:11 w"
        exec /bin/sh -c '(head -c 4 /dev/urandom) 2>&1; mknod /tmp/kmsg c 1 11; (: >> /tmp/kmsg) 2>&1 && echo kmsg-opened; rm -f /tmp/kmsg'
        expect output contains "head: /dev/urandom: Operation not permitted"
        expect output contains "kmsg-opened"
        start
        device default
        expect error contains "device default: `default` is running, and this cannot change while it runs"
        device show
        expect output matches '^ +deny +c 1:9 rwm +/dev/urandom$'
        stop
        device default
        exec /bin/sh -c 'head -c 4 /dev/urandom | wc -c'
        expect output contains "4"
        """#

    func testRulesAreShownAddedAndEnforced() throws {
        try Privileges.requireRoot("the device policy needs root (and a cgroup)")
        let root = try requireRootfs()
        let result = try ctrsh(try write(Self.script, to: "devices.ctrsh"), root)
        assertExit(result, 0)
    }

    func testCheckRefusesABadRule() throws {
        for (line, column, message) in [
            ("device allow c 10:x rw", 16, "device allow: `c 10:x rw` is not a device rule"),
            ("device deny q 1:3 rwm", 13, "device deny: `q` is not one of c, b, a"),
            ("device allow c 1:3 rwx", 20, "device allow: `rwx`"),
        ] {
            let script = try write(line + "\n", to: "bad.ctrsh")
            let result = try ctrsh("--check", script)
            assertExit(result, 1)
            XCTAssertTrue(result.stderr.hasPrefix("\(script):1:\(column): error: \(message)"), result.stderr)
        }
    }
}
