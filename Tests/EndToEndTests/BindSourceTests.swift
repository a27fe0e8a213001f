import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The planted-symlink attack on `mount bind`: root in a container writes
/// a host directory bound into it, replaces a directory there with a
/// symlink to the host's `/etc`, and waits for a later bind of that
/// directory to bring the host's `/etc` in. Before the fix, the bind
/// followed the symlink at launch (the second `cat` printed the host's
/// hostname). Needs root.
final class BindSourceTests: EndToEndTestCase {
    private func plantedSymlinkScript(root: String, shared: String) -> String {
        """
        ns new pid,uts,mnt
        rootfs use \(root)
        mount bind \(shared) /shared
        mount bind \(shared)/config /cfg
        exec /bin/cat /cfg/hostname
        exec /bin/sh -c 'rm -rf /shared/config && ln -s /etc /shared/config'
        exec /bin/cat /cfg/hostname

        """
    }

    func testASymlinkPlantedAfterMountBindIsRefusedAtLaunch() throws {
        let root = try requireRootfs()
        let shared = scratch + "/shared"
        XCTAssertEqual(mkdir(shared, 0o755), 0)
        XCTAssertEqual(mkdir(shared + "/config", 0o755), 0)
        try write("inner\n", to: "shared/config/hostname")
        let script = try write(plantedSymlinkScript(root: root, shared: shared), to: "planted.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "inner\n", "the host's hostname must not show: \(result)")
        XCTAssertEqual(
            result.stderr,
            "\(script):7:1: error: mount bind: `\(shared)/config` (for `/cfg`): `\(shared)/config` is a symbolic link (to `/etc`), which a bind's source may not go through at launch (a container could have planted it since `mount bind`); bind the path it points to\n")
    }

    /// The race: the source flips between a directory and a symlink to a
    /// "host secret" while containers launch. ctrsh's own check and the
    /// mount are apart in time; the child's `RESOLVE_NO_SYMLINKS` open and
    /// bind of that descriptor close the gap. A launch may fail (refused,
    /// or the name missing mid-flip) but never shows the secret. With the
    /// parent's check alone, some launches bound the secret.
    func testASourceFlippingToASymlinkDuringLaunchesNeverBindsItsTarget() throws {
        let root = try requireRootfs()
        let shared = scratch + "/shared", secret = scratch + "/secret"
        for directory in [shared, shared + "/config", secret] { XCTAssertEqual(mkdir(directory, 0o755), 0) }
        try write("inner\n", to: "shared/config/hostname")
        try write("SECRET\n", to: "secret/hostname")
        XCTAssertEqual(symlink(secret, shared + "/config.link"), 0)
        let flipper = try write(
            """
            import os, sys
            d = sys.argv[1]
            os.rename(d + "/config", d + "/config.dir")
            print(os.getpid(), flush=True)
            while True:
                os.rename(d + "/config.dir", d + "/config"); os.rename(d + "/config", d + "/config.dir")
                os.rename(d + "/config.link", d + "/config"); os.rename(d + "/config", d + "/config.link")

            """, to: "flip.py")
        let launches = String(repeating: "exec /bin/cat /cfg/hostname\n", count: 150)
        let script = try write(
            """
            ns new pid,uts,mnt
            rootfs use \(root)
            mount bind \(shared)/config /cfg
            host /bin/sh -c 'python3 "$0" "$1" > "$1/../flipper.pid" & sleep 0.5' \(flipper) \(shared)
            \(launches)
            """, to: "race.ctrsh")
        defer {
            if let pid = FileText.readIfPresent(scratch + "/flipper.pid").flatMap({ pid_t($0.split(separator: "\n").first ?? "") }) {
                kill(pid, SIGKILL)
            }
        }
        let result = try ctrsh("--keep-going", script)
        XCTAssertNotNil(FileText.readIfPresent(scratch + "/flipper.pid"), "the flipper did not start: \(result)")
        XCTAssertFalse(result.stdout.contains("SECRET"), "a launch bound the symlink's target: \(result.stdout)")
        XCTAssertTrue(result.stdout.contains("inner"), "no launch succeeded, so nothing was tested: \(result)")
    }

    func testMountBindRefusesASymlinkAndResolvesItsDirectoriesOnce() throws {
        let root = try requireRootfs()
        let real = scratch + "/real"
        XCTAssertEqual(mkdir(real, 0o755), 0)
        XCTAssertEqual(mkdir(real + "/data", 0o755), 0)
        XCTAssertEqual(symlink("/etc", scratch + "/planted"), 0)
        XCTAssertEqual(symlink(real, scratch + "/via"), 0)
        let script = try write(
            """
            ns new pid,uts,mnt
            rootfs use \(root)
            mount bind \(scratch)/planted /cfg
            expect error contains "`\(scratch)/planted` is a symbolic link (to `/etc`); ctrsh binds no symlink"
            mount bind \(scratch)/via/data /data
            mount ls
            expect output contains "\(real)/data"

            """, to: "resolve.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
    }
}
