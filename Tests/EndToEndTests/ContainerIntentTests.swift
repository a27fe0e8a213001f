import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 18 through scripts: commands take a container's name in docker's
/// order, docker's `exec` flags work, and what used to happen silently is
/// said. Needs root.
final class ContainerIntentTests: EndToEndTestCase {
    /// What ctrsh printed of this test's own: without the note about an
    /// earlier session that ended unclean, which any other session killed
    /// meanwhile on this machine (another test's) may cause.
    private func ownLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(/^ctrsh: \d+ earlier sessions? \(PIDs? [\d, ]+\) ended without cleaning up/) }
            .joined(separator: "\n")
    }

    /// `web` runs while `default` stays current: every command that acts on
    /// a container reaches `web` by name.
    func testCommandsTakeAContainerName() throws {
        let root = try requireRootfs()
        extraEnvironment["CTRSH_TEST_PASSED"] = "passed-on"
        let result = try ctrsh("-c", """
            container new web; ns new pid,mnt,uts; rootfs use \(root); start; container use default
            exec web hostname
            exec -e GREETING=hi -e OTHER=2 web /bin/sh -c 'echo $GREETING$OTHER'
            exec -e CTRSH_TEST_PASSED web /bin/sh -c 'echo $CTRSH_TEST_PASSED'
            exec -e CTRSH_TEST_UNSET_X web /bin/true
            expect error contains 'is not set in ctrsh'
            exec --user nobody web id
            exec -it -u nobody:root web id
            exec -d web /bin/sh -c 'echo from-web; sleep 300'
            sleep 200ms
            ps web
            expect output contains 'sleep 300'
            logs web
            expect output contains from-web
            cgroup show web
            expect output matches '^  pids +[0-9]+ current'
            pause web
            container ls
            expect output matches 'web +paused'
            resume web
            show
            expect output matches '^  container +default$'
            """)
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.hasPrefix("web\nhi2\npassed-on\nuid=65534(nobody) gid=65534(nogroup)\nuid=65534(nobody) gid=0(root)\nexec: started PID "),
                      result.stdout)
        XCTAssertTrue(result.stdout.contains("(`logs web` shows its output)"), result.stdout)
        XCTAssertEqual(ownLines(result.stderr), "exec -e: `CTRSH_TEST_UNSET_X` is not set in ctrsh's environment: give its value, `-e CTRSH_TEST_UNSET_X=VALUE`\n")
    }

    /// A first word that names no container is the program; `--` makes
    /// it the program even when a container has that name.
    func testTheFirstWordIsAContainerOnlyWhenOneHasThatName() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            ns new pid,mnt; rootfs use \(root)
            container new echo; container use default
            exec echo one
            expect error contains 'not found'
            exec -- echo two
            """)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "two\n", "`exec echo one` picks the container `echo`, whose spec has no root: \(result)")
    }

    /// `logs -f NAME` follows the log until the container's PID 1 exits.
    func testLogsFollowUntilTheContainerExits() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            container new job; ns new pid,mnt; rootfs use \(root)
            exec -d /bin/sh -c 'echo first; sleep 1; echo second; exit 4'
            container use default
            logs -f job
            """)
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.hasSuffix(" (`logs` shows its output)\nfirst\nsecond\n"), result.stdout)
        XCTAssertEqual(ownLines(result.stderr), "logs: `job` PID 1 exited with status 4\n")
    }

    /// `--user NAME` reads the container's /etc/passwd beneath its root:
    /// a passwd that is a symlink to a host file (absolute, or climbing
    /// out with `..`) is resolved inside the root, and the host's users
    /// stay unknown.
    func testUserNamesAreReadBeneathTheRoot() throws {
        let root = try requireRootfs()
        let secret = try write("hostonly:x:4242:4242::/:/bin/sh\n", to: "passwd")
        XCTAssertEqual(unlink(root + "/etc/passwd"), 0)
        XCTAssertEqual(symlink(secret, root + "/etc/passwd"), 0)
        var result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root); exec --user hostonly id")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains("error: exec --user: no user `hostonly` in \(root)/etc/passwd"), result.stderr)
        XCTAssertEqual(unlink(root + "/etc/passwd"), 0)
        XCTAssertEqual(symlink("../../../../../../../../" + secret, root + "/etc/passwd"), 0)
        result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root); start; exec --user hostonly id")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains("no user `hostonly`"), result.stderr)
    }

    /// A running container makes its /etc/passwd a FIFO (an open would
    /// wait for ever) and its /etc/group a link to /dev/zero (a read
    /// would never end): `--user` names are not found, at once.
    func testUserNamesInARunningContainersFIFOOrDeviceAreNotWaitedFor() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            ns new pid,mnt; rootfs use \(root); start
            exec /bin/sh -c 'rm /etc/passwd /etc/group; mkfifo /etc/passwd; ln -s /dev/zero /etc/group'
            exec --user nobody id
            expect error contains 'no user `nobody`'
            exec --user 1000:nogroup id
            expect error contains 'no group `nogroup`'
            """)
        assertExit(result, 0)
    }

    /// A hostile root gives a user the ID 4294967295, `(uid_t)-1`, which
    /// `setresuid` takes as "unchanged": `exec --user app` would run as
    /// root. IDs beyond 2147483647 (runc's limit) are refused, typed or
    /// read from the container's files.
    func testAUserWhoseIDIsMinusOneIsRefusedNotRunAsRoot() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            ns new pid,mnt; rootfs use \(root); start
            exec /bin/sh -c 'echo app:x:4294967295:4294967295::/:/bin/sh >> /etc/passwd; echo grp:x:4294967295: >> /etc/group'
            exec --user app id -u
            expect error contains '`app` means the ID 4294967295, beyond'
            exec --user 4294967295 id -u
            expect error contains 'beyond'
            exec --user nobody:grp id -g
            expect error contains '`grp` means the ID 4294967295'
            exec --user nobody id -u
            """)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "65534\n", "no process may run as root here: \(result)")
    }

    /// `container rm` of a running container, of the last one, `quit`
    /// with containers running, `ns join net` of one on the host's
    /// network: each says what it does.
    func testWhatHappensIsSaid() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            container new web; ns new pid,mnt; rootfs use \(root); start
            container new db; ns new pid,mnt; rootfs use \(root); start
            container new app; ns join net web
            container rm db
            container rm app; container rm default
            container use web; container rm web
            container new web; ns new pid,mnt; rootfs use \(root); start
            quit
            """)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map { String($0).replacing(#/host PID \d+/#, with: "host PID N") }
        XCTAssertEqual(lines, [
            "container rm: `db` is running: stopping its PID 1 (host PID N) first",
            "container rm: `web` is running: stopping its PID 1 (host PID N) first",
            "container rm: `web` was the last container; a new, empty `default` takes its place",
            "quit: stopping `web` (running): PID 1 (host PID N)",
        ], result.stdout)
        XCTAssertEqual(ownLines(result.stderr),
                       "warning: ns join: `web` has no net namespace of its own: it shares the host's, and so will `app` (give `web` one with `ns new net` before it starts)\n")
    }

    /// `wait` on a container that exited already gives its status at once,
    /// as `docker wait` does, by name too.
    func testWaitOnAnExitedContainerGivesItsStatus() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            container new job; ns new pid,mnt; rootfs use \(root); exec -d /bin/sh -c 'exit 3'
            sleep 300ms
            container use default
            wait job
            expect status 3
            container use job; exec /bin/true; container use default
            wait job
            """)
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.hasSuffix("wait: `job` exited with status 0\n"), result.stdout)
    }

    /// `rootfs use DIR --readonly` and `mount tmpfs /scratch`: the host
    /// directory gets no `scratch` (the old code left one behind); with
    /// `--overlay` the mount point is made in the container's own layer.
    func testReadonlyRootGetsNoMountPointOnTheHost() throws {
        let root = try requireRootfs()
        var result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root) --readonly; mount tmpfs /scratch; exec /bin/true")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains(
            "error: mount tmpfs: `/scratch` does not exist in the read-only root `\(root)`, and ctrsh leaves that host directory as it is"),
                      result.stderr)
        XCTAssertEqual(access(root + "/scratch", F_OK), -1, "a mount point was made in the host directory")
        result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root) --readonly --overlay; mount tmpfs /scratch; exec /bin/touch /scratch/x")
        assertExit(result, 0)
        XCTAssertEqual(access(root + "/scratch", F_OK), -1, "a mount point was made in the host directory")
        // One that exists is used as it is.
        XCTAssertEqual(mkdir(root + "/scratch", 0o755), 0)
        result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root) --readonly; mount tmpfs /scratch; exec /bin/touch /scratch/x")
        assertExit(result, 0)
        XCTAssertEqual(FileTree.names(in: root + "/scratch"), [])
    }

    /// `source FILE ARG…` gives the file its `$1`….
    func testSourceTakesArguments() throws {
        let file = try write("echo \"$0 got $1 and $2\"\n", to: "greet.ctrsh")
        let result = try ctrsh("-c", "source \(file) one 'two words'")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "\(file) got one and two words\n")
    }
}
