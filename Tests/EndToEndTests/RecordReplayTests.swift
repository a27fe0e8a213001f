import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 15: `record` started partway through a session writes the
/// containers as they are first, so the recording replays the same
/// containers; `record --expect` turns a session into a regression test.
final class RecordReplayTests: EndToEndTestCase {
    func testRecordStartedPartwayReplaysTheSameContainer() throws {
        let root = try requireRootfs()
        let setup = try ctrsh(
            "-c", "ns new pid,uts,mnt; hostname h1; rootfs use \(root); let WHO='a b'; record x.ctrsh; exec /bin/hostname; echo \"$WHO\"; record stop")
        assertExit(setup, 0)
        XCTAssertEqual(setup.stdout.split(separator: "\n").filter { $0 == "h1" }.count, 1, "\(setup)")
        var info = stat()
        XCTAssertEqual(stat(scratch + "/x.ctrsh", &info), 0)
        XCTAssertEqual(info.st_mode & 0o111, 0o111, "a recording starts with #! and is executable")

        let replay = try ctrsh(scratch + "/x.ctrsh")
        assertExit(replay, 0)
        XCTAssertEqual(replay.stdout, "h1\na b\n", "the replay ran in another container: \(replay)")
    }

    /// Every setting the language can express comes back: `show` of each
    /// container is the same in the session and after replaying.
    func testRecordedSpecRoundTripsThroughShow() throws {
        let root = try requireRootfs()
        let setup = """
            ns new pid,uts,net; hostname 'h 1'; rootfs use \(root) --overlay --readonly
            cgroup set memory 64M; cgroup set pids 20; cgroup set cpu 50%; cgroup set cpuset 0
            cgroup set memory.swap 32M; cgroup set io.weight 200; cgroup set memory.swappiness 10
            env A='x y' B=it\\'s; env rm TERM; mount tmpfs /scratch size=8M; mount bind \(root)/etc /host-etc ro
            workdir /tmp; cap drop net_raw,mknod; seccomp off; nnp off; net up; device allow c 10:232 rw
            container new web; ns new mnt,user; user map 0 100000 1000 --uid; user map 0 100000 2000 --gid
            container use default
            """
        let original = try ctrsh("-c", setup.replacing("\n", with: "; ") + "; show; container use web; show; container use default; record spec.ctrsh; record stop")
        assertExit(original, 0)
        let replay = try ctrsh("-c", "source spec.ctrsh; show; container use web; show")
        assertExit(replay, 0)
        let shows = { (result: CtrshResult) in result.stdout.split(separator: "\n").filter { !$0.hasPrefix("record:") && !$0.hasSuffix("namespace, which the maps are for") && !$0.hasPrefix("rootfs: added") } }
        let recorded = try FileText.read(scratch + "/spec.ctrsh")
        XCTAssertEqual(shows(replay), shows(original), "recorded:\n\(recorded)")
        XCTAssertTrue(original.stdout.contains("h 1"), original.stdout)
    }

    func testRecordExpectMakesARegressionTest() throws {
        let root = try requireRootfs()
        let session = try ctrsh(
            "-c", "ns new pid,uts,mnt; hostname box; rootfs use \(root); record t.ctrsh --expect; exec /bin/hostname; "
                + "exec /bin/sh -c 'echo \"it'\\''s first\"; echo middle; echo last; exit 3'; expect status 3; record stop")
        assertExit(session, 0)
        let recorded = try FileText.read(scratch + "/t.ctrsh")
        XCTAssertTrue(recorded.contains("exec /bin/hostname\nexpect status 0\nexpect output contains box\n"), recorded)
        XCTAssertTrue(recorded.contains("expect status 3\nexpect output contains 'it'\\''s first'\nexpect output contains last\n"), recorded)
        XCTAssertFalse(recorded.contains("contains middle"), recorded)
        XCTAssertEqual(recorded.components(separatedBy: "expect status 3\n").count, 2, "the typed `expect` written twice: \(recorded)")
        let replay = try ctrsh(scratch + "/t.ctrsh")
        assertExit(replay, 0)

        // The expectations bite: the same script with another hostname fails.
        let changed = try write(recorded.replacing("hostname box", with: "hostname other"), to: "changed.ctrsh")
        let failing = try ctrsh(changed)
        assertExit(failing, 1)
        XCTAssertTrue(failing.stderr.contains("error: expect output: `box` not found"), "\(failing)")
    }
}
