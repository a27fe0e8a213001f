import Glibc
import TestSupport
import XCTest

/// `ctrsh --check FILE`: every problem of a script, with its position,
/// and nothing run.
final class CheckTests: EndToEndTestCase {
    func testCheckReportsEveryErrorAndRunsNothing() throws {
        let made = scratch + "/must-not-exist"
        let script = try write(
            """
            rootfs make busybox \(made)
            cgroup set memory 64Q
            nss new pid
            ns new pid,foo
            echo $UNKNOWN
            let NAME=ok
            echo "$NAME" "unterminated

            """, to: "broken.ctrsh")
        let result = try ctrsh("--check", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "", "nothing may run, not even echo")
        XCTAssertEqual(result.errorLines, [
            "\(script):2:19: error: cgroup set memory: `64Q` is not a size (examples: 64M, 1.5G, 512K, max)",
            "\(script):3:1: error: unknown command `nss` — did you mean `ns`?",
            "\(script):4:8: error: ns new: `foo` is not a namespace type (pid, uts, ipc, net, mnt, user, cgroup, time, mount, all)",
            "\(script):5:6: error: unknown variable `$UNKNOWN`",
            "\(script):7:14: error: unterminated double quote",
        ])
        XCTAssertFalse(Directory.exists(made), "--check ran `rootfs make`")
    }

    func testCheckOfACorrectScriptRunsNothingAndSucceeds() throws {
        let made = scratch + "/must-not-exist"
        let touched = scratch + "/touched"
        let script = try write(
            "rootfs make busybox \(made)\nns new uts\nhostname \"$1\"\ncgroup set memory 64M\nexec /bin/touch \(touched)\n"
                + "host /bin/touch \(touched)\nrun /bin/touch \(touched)\n",
            to: "good.ctrsh")
        let result = try ctrsh("--check", script, "box")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "")
        XCTAssertFalse(Directory.exists(made), "--check ran `rootfs make`")
        XCTAssertFalse(Directory.exists(touched), "--check ran a program")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [])

        // The same script does run those commands, so the check above can fail.
        try Privileges.requireRoot("the script's container and cgroup")
        let ran = try ctrsh(script, "box")
        assertExit(ran, 0)
        XCTAssertTrue(Directory.exists(made) && Directory.exists(touched), "\(ran)")
    }

    func testCheckOfAMissingFile() throws {
        let result = try ctrsh("--check", "nowhere.ctrsh")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains("--check"), "\(result)")
    }
}
