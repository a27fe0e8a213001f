import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `rootfs use --overlay`, `rootfs diff` and `mount` through the built
/// ctrsh: the session, the errors a user meets, and the layers
/// removed with their container and with the session. Needs root.
final class RootfsTests: EndToEndTestCase {
    func testOverlaySessionDiffsAndRemovesItsLayers() throws {
        let root = try requireRootfs()
        let before = try TreeSnapshot.of(root)
        let result = try ctrsh("-", input: """
            ns new pid,mnt
            rootfs use \(root) --overlay
            exec /bin/sh -c 'echo hi > /etc/motd; rm /etc/hostname'
            rootfs diff
            container new other
            ns new mnt
            rootfs use \(root) --overlay
            exec /bin/touch /made-by-other
            host /bin/sh -c 'ls /run/ctrsh/$PPID.lock /var/lib/ctrsh/overlay/$PPID'
            container rm other
            host /bin/sh -c 'ls /var/lib/ctrsh/overlay/$PPID'
            """)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, """
              C /etc
              D /etc/hostname
              A /etc/motd
            /run/ctrsh/\(result.pid).lock

            /var/lib/ctrsh/overlay/\(result.pid):
            default.overlay
            other.overlay
            default.overlay

            """)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(try TreeSnapshot.of(root), before, "the base changed")
        XCTAssertFalse(Directory.exists("/run/ctrsh/\(result.pid)"), "the session's state stayed after it ended")
        XCTAssertFalse(Directory.exists("/run/ctrsh/\(result.pid).lock"), "the session's lock stayed after it ended")
        XCTAssertFalse(Directory.exists("/var/lib/ctrsh/overlay/\(result.pid)"), "the session's layers stayed after it ended")
        // overlayfs mounts (the fstype field), not any path with `overlay` in it (podman's storage).
        XCTAssertEqual(Leftovers.mounts(mentioning: " - overlay "), [])
    }

    func testMountCommandsComposeAndAreRefusedWhereTheyCannotWork() throws {
        let root = try requireRootfs()
        try FileTree.makeDirectory(scratch + "/data")
        try write("from the host\n", to: "data/f")
        let script = try write("""
            mount tmpfs /scratch
            expect error contains 'needs a root filesystem to go into: `rootfs use DIR` first'
            ns new pid,mnt
            rootfs use \(root)
            mount bind ./data /data ro
            mount tmpfs /scratch size=16M
            mount tmpfs /scratch
            expect error contains '`/scratch` has a mount already'
            mount tmpfs /../etc
            expect error contains 'contains `..`'
            start
            mount tmpfs /late
            expect error contains 'is running, and this cannot change while it runs'
            exec /bin/sh -c 'cat /data/f; grep -c " /scratch .*size=16384k" /proc/self/mountinfo; touch /data/g'
            expect status 1
            stop
            mount rm /scratch
            mount ls
            """, to: "mounts.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(lines.prefix(2), ["from the host", "1"], result.stdout)
        XCTAssertEqual(lines.suffix(2), ["DST TYPE SOURCE OPTIONS", "/data bind \(scratch)/data ro"], result.stdout)
        XCTAssertTrue(result.stderr.contains("touch: /data/g: Read-only file system"), result.stderr)
        XCTAssertFalse(Directory.exists(scratch + "/data/g"))
    }

    func testSymlinkToTheHostRootIsRefusedAsADestination() throws {
        let root = try requireRootfs()
        symlink("/", root + "/escape")
        defer { unlink(root + "/escape") }
        let result = try ctrsh("-c", "rootfs use \(root); mount tmpfs /escape; exec /bin/true")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains(
            "error: mount: `/escape` leads out of the container's root (an absolute symlink or `..` on the way): refused"),
            result.stderr)
    }

    func testTarballRootIsUnpackedOnceAndNeverWritten() throws {
        let root = try requireRootfs()
        _ = try HostProgram.output(["tar", "--xz", "-C", root, "-cf", scratch + "/root.tar.xz", "."])
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        let result = try runner.run(["-c", """
            ns new pid,mnt; rootfs use root.tar.xz; exec /bin/sh -c 'echo pid=$$ > /etc/motd; cat /etc/motd'; rootfs diff; \
            container new again; ns new mnt; rootfs use root.tar.xz --readonly; exec /bin/cat /etc/hostname
            """])
        assertExit(result, 0)
        let digest = try XCTUnwrap(Directory.names(scratch + "/cache/rootfs").first { !$0.hasPrefix(".") })
        let shared = "rootfs: the unpacked root is shared by every use of `root.tar.xz`: the container writes to an overlay layer of its own"
        XCTAssertEqual(result.stdout, """
            rootfs: unpacked `root.tar.xz` into \(scratch)/cache/rootfs/\(digest)
            \(shared)
            pid=1
              C /etc
              A /etc/motd
            \(shared)
            ctrsh

            """, "the second use unpacks nothing")
        XCTAssertEqual(Directory.names(scratch + "/cache/rootfs"), [".digests", digest])
        XCTAssertFalse(Directory.exists(scratch + "/cache/rootfs/\(digest)/etc/motd"), "the cached root was written")
    }

    func testMaliciousTarballIsRefusedNamingTheEntry() throws {
        try write("pwned\n", to: "passwd")
        _ = try HostProgram.output(
            ["tar", "-C", scratch, "-cPf", scratch + "/evil.tar", "--transform", "s,^passwd,../../etc/passwd,", "passwd"])
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        let result = try runner.run(["-c", "rootfs use evil.tar"])
        assertExit(result, 1)
        XCTAssertEqual(result.stderr, """
            -c:1:1: error: rootfs: `\(scratch)/evil.tar`: entry `../../etc/passwd`: Path contains '..' \
            (refused: an entry may not reach outside the root)

            """)
        XCTAssertEqual(Directory.names(scratch + "/cache/rootfs"), [])
    }
}
