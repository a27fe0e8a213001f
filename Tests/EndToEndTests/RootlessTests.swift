import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// ctrsh run by an ordinary user the test creates: root inside a user
/// namespace ctrsh adds on its own, files that belong to that user on the
/// host, wider maps through newuidmap and /etc/subuid, ranges the user does
/// not own refused before anything exists, state under the user's
/// XDG_RUNTIME_DIR, cgroups only in a subtree delegated to the user.
final class RootlessTests: EndToEndTestCase {
    private var user: UnprivilegedUser?
    /// The user's XDG_RUNTIME_DIR: a directory of its own in the scratch directory.
    private var runtimeDirectory: String { scratch + "/runtime" }
    /// A directory the user may write, bound into containers.
    private var shared: String { scratch + "/shared" }

    override func tearDown() {
        if let user {
            XCTAssertEqual(user.processes(), [], "processes of \(user.name) left")
            user.remove()
        }
        super.tearDown()
    }

    /// Creates the user, a busybox root it can read, and its directories.
    private func prepare() throws -> (UnprivilegedUser, root: String) {
        try Privileges.require(access("/usr/bin/setpriv", X_OK) == 0, "no setpriv (Debian package util-linux)")
        let root = try requireRootfs()
        let user = try UnprivilegedUser()
        self.user = user
        // The scratch directories are root's (0700): let the user in.
        for directory in [scratch, rootfsScratch ?? scratch] { chmod(directory, 0o755) }
        for directory in [runtimeDirectory, shared] {
            try FileTree.makeDirectory(directory, mode: 0o700)
            chown(directory, user.uid, user.gid)
        }
        return (user, root)
    }

    /// Runs the built ctrsh as `user` through `setpriv`, with `arguments`.
    private func ctrsh(as user: UnprivilegedUser, _ arguments: [String], input: String = "", leavesState: Bool = false) throws -> CtrshResult {
        try run(user.setprivPrefix + [CtrshBinary.path] + arguments, input: input, leavesState: leavesState)
    }

    /// Runs `argv` (which ends by running ctrsh as the user) with the
    /// user's environment, and checks that the ctrsh left nothing behind.
    private func run(_ argv: [String], input: String = "", leavesState: Bool = false) throws -> CtrshResult {
        var runner = runner()
        if let user {
            runner.environment["HOME"] = user.home
            runner.environment["XDG_DATA_HOME"] = user.home + "/data"
        }
        runner.environment["XDG_RUNTIME_DIR"] = runtimeDirectory
        let result = try runner.run(program: argv[0], argv, inputBytes: Array(input.utf8))
        XCTAssertNotNil(result.status, "ctrsh timed out: \(result)")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [], "cgroups of the ctrsh that ran as \(result.pid)")
        Leftovers.removeCgroups(ofSession: result.pid)
        if !leavesState {
            XCTAssertEqual(Directory.names(runtimeDirectory + "/ctrsh"), [], "state left under XDG_RUNTIME_DIR: \(result)")
            if let user {
                XCTAssertFalse(Directory.exists(user.home + "/data/ctrsh/overlay/\(result.pid)"), "layers left under XDG_DATA_HOME: \(result)")
            }
        }
        XCTAssertEqual(Leftovers.state(ofSession: "\(result.pid)"), [], "state of an ordinary user under /run/ctrsh")
        return result
    }

    private func owner(_ path: String) -> (uid: UInt32, gid: UInt32)? {
        var info = stat()
        return lstat(path, &info) == 0 ? (info.st_uid, info.st_gid) : nil
    }

    // MARK: - Root inside, the user outside

    /// The example, through `su`: root inside, nobody special outside.
    func testSuUserIsRootInsideItsUserNamespace() throws {
        let (user, root) = try prepare()
        let command = "\(CtrshBinary.path) -c \"ns new user,pid,uts,mnt; user root; rootfs use \(root); exec id\""
        let result = try run(["/bin/su", user.name, "-s", "/bin/sh", "-c", command])
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "uid=0(root) gid=0(root) groups=0(root)\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testFilesTheContainerMakesBelongToTheUserOnTheHost() throws {
        let (user, root) = try prepare()
        let result = try ctrsh(as: user, ["-"], input: """
            ns new pid,uts,mnt
            rootfs use \(root)
            mount bind \(shared) /home
            hostname inside
            exec /bin/sh -c 'id; hostname; touch /home/made; mkdir /home/dir; cat /proc/self/uid_map /proc/self/gid_map'
            show
            """)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        // Without a gid range, setgroups stays denied: the user's own group
        // remains, as root's group inside.
        XCTAssertEqual(
            lines.first,
            "ns: added the user namespace: ctrsh runs as uid \(user.uid), not root, and the kernel lets it create new namespaces (pid,uts,mnt) only inside one (you are root there: `help user`)")
        XCTAssertEqual(Array(lines.dropFirst().prefix(4)), [
            "uid=0(root) gid=0(root) groups=0(root)", "inside", "0 \(user.uid) 1", "0 \(user.gid) 1",
        ], result.description)
        XCTAssertTrue(lines.contains("namespaces pid,uts,mnt,user"), result.description)
        XCTAssertTrue(result.stdout.contains("a user namespace because ctrsh runs without root"), result.description)
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("devices not restricted: without root ctrsh can set no device policy") }, result.description)
        XCTAssertEqual(result.stderr, "")
        for path in [shared + "/made", shared + "/dir"] {
            let found = owner(path)
            XCTAssertEqual(found?.uid, user.uid, path)
            XCTAssertEqual(found?.gid, user.gid, path)
        }
    }

    func testTheUserNamespaceStaysWhileOtherNamespacesNeedIt() throws {
        let (user, _) = try prepare()
        let result = try ctrsh(as: user, ["--keep-going", "-"], input: """
            ns new pid,mnt
            ns rm user
            ns rm pid,mnt,user
            ns show
            explain on
            exec /bin/sh -c 'id -u; cat /proc/self/uid_map'
            """)
        assertExit(result, 1)
        XCTAssertEqual(
            result.errorLines,
            ["<stdin>:2:1: error: ns rm: without root, the kernel lets ctrsh create new namespaces (pid,mnt) only inside a user namespace: take them out too (`ns rm pid,mnt`), or run ctrsh as root"])
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertTrue(lines.contains { $0.hasPrefix("user ") && $0.hasSuffix(" shared with host") }, result.description)
        // No namespace left: a plain process of the user's, on the host.
        XCTAssertTrue(lines.contains { $0.hasPrefix("clone3(0) = ") }, result.description)
        XCTAssertTrue(lines.contains("\(user.uid)"), result.description)
        XCTAssertTrue(lines.contains("0 0 4294967295"), "the host's uid_map: \(result)")
    }

    // MARK: - Wider maps

    func testSubordinateRangeMapsThroughNewuidmap() throws {
        try Privileges.require(access("/usr/bin/newuidmap", X_OK) == 0, "no newuidmap (Debian package uidmap: scripts/install-deps)")
        let (user, root) = try prepare()
        chmod(shared, 0o777)
        let start = user.subordinateStart
        let result = try ctrsh(as: user, ["-"], input: """
            user map 0 \(start) 65536
            ns new pid,mnt
            rootfs use \(root)
            mount bind \(shared) /home
            explain on
            exec /bin/sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id; touch /home/by-root; chown 1000:1000 /home/by-root'
            """)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        XCTAssertTrue(lines.contains { $0.hasPrefix("run newuidmap ") && $0.hasSuffix(" 0 \(start) 65536") }, result.description)
        XCTAssertTrue(lines.contains { $0.hasPrefix("run newgidmap ") && $0.hasSuffix(" 0 \(start) 65536") }, result.description)
        XCTAssertEqual(lines.filter { $0 == "0 \(start) 65536" }.count, 2, "uid_map and gid_map: \(result)")
        // newgidmap allows setgroups for a subordinate range: the groups are gone.
        XCTAssertTrue(lines.contains("uid=0(root) gid=0(root)"), result.description)
        // Root inside is the range's first ID outside; uid 1000 inside is start + 1000.
        let found = owner(shared + "/by-root")
        XCTAssertEqual(found?.uid, start + 1000, result.description)
        XCTAssertEqual(found?.gid, start + 1000, result.description)
    }

    func testRangesTheUserDoesNotOwnAreRefusedBeforeAnythingIsCreated() throws {
        let (user, root) = try prepare()
        let foreign = user.subordinateStart + UnprivilegedUser.subordinateCount
        let result = try ctrsh(as: user, ["--keep-going", "-"], input: """
            ns new pid,mnt
            rootfs use \(root)
            user map 0 \(foreign) 65536
            user map --uid 0 0 1
            user map 0 \(user.subordinateStart) 65537
            user map 0 \(user.uid) 2
            user show
            """)
        assertExit(result, 1)
        let errors = result.errorLines.filter { $0.contains("error: ") }
        XCTAssertEqual(errors.count, 4, result.description)
        let owned = "\(user.subordinateStart)–\(user.subordinateStart + UnprivilegedUser.subordinateCount - 1)"
        XCTAssertTrue(errors.allSatisfy { $0.contains("are not yours to map: /etc/sub") && $0.contains("gives `\(user.name)` \(owned)") }, result.description)
        XCTAssertTrue(errors[0].contains("host uids \(foreign)–\(foreign + 65535) are not yours"), errors[0])
        XCTAssertTrue(errors[1].contains("host uids 0 are not yours"), errors[1])
        // Nothing changed: the default maps stay.
        XCTAssertEqual(result.stdout.split(separator: "\n").filter { $0.hasSuffix("the default: you are root inside") }.count, 2, result.description)
        XCTAssertEqual(Directory.names(runtimeDirectory), [])
    }

    // MARK: - State and cgroups

    func testStateLivesUnderTheUsersRuntimeDirectoryAndGoesAway() throws {
        let (user, root) = try prepare()
        let result = try ctrsh(as: user, ["-"], input: """
            ns new pid,mnt
            rootfs use \(root) --overlay
            start
            exec /bin/touch /made
            host /bin/sh -c 'ls $XDG_RUNTIME_DIR/ctrsh/$PPID; stat -c %a $XDG_RUNTIME_DIR/ctrsh; ls $XDG_DATA_HOME/ctrsh/overlay/$PPID; stat -c %a $XDG_DATA_HOME/ctrsh/overlay'
            ps
            cgroup show
            stop
            """)
        assertExit(result, 0)
        let listing = result.stdout.split(separator: "\n").dropFirst().prefix(5)
        XCTAssertEqual(Array(listing), ["default.log", "default.state", "700", "default.overlay", "700"], result.description)
        XCTAssertTrue(result.stdout.contains("ctrsh-init"), result.description)
        XCTAssertTrue(result.stdout.contains("version  none: limits need root or a delegated cgroup v2 subtree"), result.description)
    }

    func testStaleSessionsAreNoticedAndCollectedUnderTheRuntimeDirectory() throws {
        let (user, root) = try prepare()
        // A session killed with its container running leaves its state behind.
        let killed = try ctrsh(as: user, ["-"], input: """
            ns new pid,mnt
            rootfs use \(root)
            start
            host /bin/sh -c 'kill -KILL $PPID'
            """, leavesState: true)
        XCTAssertEqual(killed.status, .signaled(SIGKILL), killed.description)
        for _ in 0..<100 where !user.processes().isEmpty { usleep(20_000) }  // ctrsh-init follows on PDEATHSIG
        let left = runtimeDirectory + "/ctrsh/\(killed.pid)"
        XCTAssertTrue(Directory.exists(left + "/default.state"), killed.description)
        let noticed = try ctrsh(as: user, ["-c", "echo hi"], leavesState: true)
        XCTAssertEqual(noticed.stderr, "ctrsh: 1 earlier session (PID \(killed.pid)) ended without cleaning up; `ctrsh gc` removes what it left\n")
        let collected = try ctrsh(as: user, ["gc"])
        XCTAssertEqual(collected.stdout, "gc: removed state \(left)\ngc: removed state \(left).lock\n", collected.description)
    }

    func testCgroupLimitsNeedRootOrADelegatedSubtree() throws {
        let (user, root) = try prepare()
        let result = try ctrsh(as: user, ["-c", "ns new pid,mnt; rootfs use \(root); cgroup set memory 64M"])
        assertExit(result, 1)
        XCTAssertTrue(
            result.stderr.contains(
                "error: cgroup set: limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `"),
            result.description)
        XCTAssertTrue(result.stderr.contains("is not writable by uid \(user.uid)"), result.description)
    }

    func testADelegatedCgroupV2SubtreeIsUsed() throws {
        let (user, root) = try prepare()
        let unified = try XCTUnwrap(CgroupSystem.topology()?.unified, "no cgroup2 tree is mounted")
        // A group of the test's own, given to the user as systemd's Delegate=yes does.
        let delegated = (unified.ownDirectory.hasSuffix("/") ? unified.ownDirectory : unified.ownDirectory + "/") + "ctrsh-test-delegated-\(getpid())"
        try FileTree.makeDirectory(delegated)
        defer {
            // Its processes are gone when the run returns; the kernel may take a moment.
            let deadline = Clock.monotonicSeconds + 5
            while rmdir(delegated) != 0 && errno == EBUSY && Clock.monotonicSeconds < deadline { usleep(20_000) }
        }
        for file in ["", "/cgroup.procs", "/cgroup.subtree_control", "/cgroup.threads"] {
            chown(delegated + file, user.uid, user.gid)
        }
        let command = "echo $$ > \(delegated)/cgroup.procs && exec \"$@\""
        let result = try run(
            ["/bin/sh", "-c", command, "sh"] + user.setprivPrefix
                + [CtrshBinary.path, "-c", "ns new pid,mnt; rootfs use \(root); exec cat /proc/self/cgroup; cgroup show"])
        assertExit(result, 0)
        let relative = delegated.dropFirst(unified.mountPoint.count)
        XCTAssertTrue(result.stdout.contains("0::\(relative)/ctrsh/\(result.pid)/default\n"), result.description)
        XCTAssertTrue(result.stdout.contains("version  v2 ("), result.description)
        XCTAssertEqual(Directory.names(delegated).filter { Directory.isDirectory(delegated + "/" + $0) }, [], "groups left in \(delegated)")
    }

    // MARK: - When the kernel says no

    func testAZeroUserNamespaceLimitIsNamedWithWhatToChange() throws {
        let (user, _) = try prepare()
        // user.max_user_namespaces is per user namespace: set it to 0 only
        // in one of the test's own, then run ctrsh inside it.
        let command = "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\""
        let prefix = user.setprivPrefix + [
            "/usr/bin/unshare", "--user", "--map-user=\(user.uid)", "--map-group=\(user.gid)", "--keep-caps",
            "/bin/sh", "-c", command, "sh",
        ]
        let result = try run(prefix + [CtrshBinary.path, "-c", "ns new pid; exec /bin/true"])
        assertExit(result, 1)
        XCTAssertTrue(
            result.stderr.contains(
                "error: clone3(CLONE_NEWPID|CLONE_NEWUSER): No space left on device (user.max_user_namespaces is 0, which turns user namespaces off: as root, `sysctl -w user.max_user_namespaces=15000`)"),
            result.description)
    }
}
