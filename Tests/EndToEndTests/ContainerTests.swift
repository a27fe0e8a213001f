import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Real containers started by the built `ctrsh -c …`: the issue-2 headline,
/// the memory and pids limits, and what is left afterwards. Needs root.
final class ContainerTests: EndToEndTestCase {
    func testHeadlineRunsAsPIDOneWithItsOwnHostnameAndLeavesNoCgroup() throws {
        let root = try requireRootfs()
        let hostname = try HostProgram.output(["hostname"])
        let result = try ctrsh(
            "-c", "ns new pid,uts,ipc,net,mnt; hostname demo; cgroup set memory 64M; cgroup set pids 20; "
                + "rootfs use \(root); exec /bin/sh -c \"echo pid=\\$\\$ host=\\$(hostname)\"")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "pid=1 host=demo\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(try HostProgram.output(["hostname"]), hostname, "the host's hostname changed")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [])
        XCTAssertEqual(Leftovers.abandonedCtrshParents(), [], "no ctrsh directory may stay under \(Leftovers.cgroupRoot)")
    }

    /// `exec --user` with an ID the user namespace does not map: the
    /// error names the user (not the root) and says what to do.
    func testUnmappedUserIsNamedWithWhatToDo() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", "ns new user,pid,mnt; rootfs use \(root); exec --user 5 id")
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(
            result.stderr,
            "-c:1:\(root.utf8.count + 35):"
                + " error: exec: switch to user `5:5`: Invalid argument (that ID is not mapped in the container's user namespace: `user map` it, or pick a mapped one)\n")
    }

    func testLimitedContainerRunsInTheSessionsCgroup() throws {
        let root = try requireRootfs()
        let result = try ctrsh(
            "-c", "ns new pid,mnt; cgroup set memory 64M; cgroup set pids 20; rootfs use \(root); exec /bin/cat /proc/self/cgroup")
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n")
        for controller in ["memory", "pids"] {
            let line = lines.first { $0.split(separator: ":").dropFirst().first == Substring(controller) }
            XCTAssertTrue(line?.hasSuffix("/ctrsh/\(result.pid)/default") ?? false, "\(controller): \(result.stdout)")
        }
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [])
    }

    func testOOMKillIsReportedWithStatus137() throws {
        let root = try requireRootfs()
        let setup = "ns new pid,mnt; cgroup set memory 32M; rootfs use \(root)"
        let dd = "exec /bin/dd if=/dev/zero of=/dev/null bs=64M count=1"

        let stopped = try ctrsh("-c", "\(setup); \(dd); echo not-reached")
        assertExit(stopped, 1)
        XCTAssertTrue(
            stopped.stderr.contains("-c:1:\(setup.count + 3): error: exec: killed by the OOM killer (memory limit 32M)"), "\(stopped)")
        XCTAssertFalse(stopped.stdout.contains("not-reached"))

        let checked = try ctrsh("-c", "\(setup); \(dd); expect status 137; echo status=$?")
        assertExit(checked, 0)
        XCTAssertEqual(checked.stdout, "status=137\n")
        XCTAssertTrue(checked.stderr.contains("exec: killed by the OOM killer (memory limit 32M)"), "\(checked)")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: checked.pid), [])
    }

    /// An `exec` into a started container counts as the OOM killer's only
    /// when the group's count rose during it: a later SIGKILL is a signal.
    func testOOMKillOfAnExecInAStartedContainerIsToldFromAnotherSIGKILL() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            ns new pid,mnt; cgroup set memory 32M; rootfs use \(root); start
            exec /bin/dd if=/dev/zero of=/dev/null bs=64M count=1; expect status 137
            exec /bin/sh -c 'kill -9 $$'; expect status 137
            stop
            """)
        assertExit(result, 0)
        XCTAssertEqual(
            result.errorLines, ["exec: killed by the OOM killer (memory limit 32M)", "exec: killed by SIGKILL (status 137)"], "\(result)")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [])
    }

    func testPidsLimitStopsAForkLoopAndNotTheHost() throws {
        let root = try requireRootfs()
        let loop = "i=0; while [ $i -lt 16 ]; do sleep 317 & i=$((i+1)); done; echo all-forked"
        let result = try ctrsh(
            "-c", "ns new pid,mnt; cgroup set pids 8; rootfs use \(root); exec /bin/sh -c '\(loop)'; expect status 2; "
                + "host /bin/sh -c '\(loop.replacing("317", with: "0.1")); wait'")
        assertExit(result, 0)
        XCTAssertTrue(result.stderr.contains("can't fork"), "\(result)")
        XCTAssertEqual(result.stdout, "all-forked\n", "the host's loop (only) forks all 16")
        XCTAssertLessThan(result.seconds, 30, "the container's sleepers outlived its PID 1")
        XCTAssertEqual(Leftovers.processes(mentioning: "sleep 317"), [], "sleepers left running")
    }
}
