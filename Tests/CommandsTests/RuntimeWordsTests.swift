@testable import CtrCommands
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The runtime's facts worded by Commands: the English is the text the
/// runtime used to say itself (word for word), the remedies name the
/// commands that work, and Portuguese has words for them.
final class RuntimeWordsTests: XCTestCase {
    private func english(_ error: RuntimeError) -> String { Diagnostics.message(for: error, in: .english) }
    private func portuguese(_ error: RuntimeError) -> String { Diagnostics.message(for: error, in: .portuguese) }

    static let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-c1.scope"

    func testPlacementRefusalsNameTheCommandThatWorksHere() {
        let cases: [(CgroupUnavailability, String)] = [
            (.notWritable(own: Self.session, uid: 1000, remedy: .userScope),
             "limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `\(Self.session)` is not writable by uid 1000 (start ctrsh alone in a delegated scope: `systemd-run --user --scope -p Delegate=yes ctrsh`)"),
            (.notWritable(own: Self.session, uid: 1000, remedy: .startUserManager(uid: 1000)),
             "limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `\(Self.session)` is not writable by uid 1000 (your systemd user manager is not running: log in through a login session (or have root run `loginctl enable-linger 1000`), then `systemd-run --user --scope -p Delegate=yes ctrsh`)"),
            (.notWritable(own: Self.session, uid: 1000, remedy: .askRoot(directory: "/sys/fs/cgroup/ctrsh-1000", uid: 1000)),
             "limits need root or a delegated cgroup v2 subtree; ctrsh's cgroup `\(Self.session)` is not writable by uid 1000 (ask root to make a cgroup for you and delegate it: `mkdir /sys/fs/cgroup/ctrsh-1000`, then `chown 1000` that directory and its `cgroup.procs`, `cgroup.subtree_control` and `cgroup.threads`; start ctrsh alone in it)"),
            (.sharedDelegation(own: Self.session, uid: 1000, pids: [300, 301], remedy: .userScope),
             "limits need root or a delegated cgroup v2 subtree of ctrsh's own; ctrsh's cgroup `\(Self.session)` is delegated to uid 1000 but holds other processes too (PIDs 300, 301), and the kernel enables controllers only in a cgroup without processes (start ctrsh alone in a delegated scope: `systemd-run --user --scope -p Delegate=yes ctrsh`)"),
            (.sharedNamespaceRoot(own: "/sys/fs/cgroup", pids: [1, 7]),
             "ctrsh's cgroup `/sys/fs/cgroup` is the root of a cgroup namespace and holds other processes (PIDs 1, 7); the kernel enables controllers only in a cgroup without processes: start ctrsh as the only process of a cgroup of its own"),
        ]
        for (why, text) in cases {
            XCTAssertEqual(english(.cgroup(.unavailable(why))), "cgroup: " + text)
            let said = portuguese(.cgroup(.unavailable(why)))
            XCTAssertNotEqual(said, "cgroup: " + text, "no Portuguese for \(why)")
            if case .notWritable(_, _, .askRoot) = why {
                XCTAssertTrue(said.contains("`mkdir /sys/fs/cgroup/ctrsh-1000`"), said)
            } else if case .sharedNamespaceRoot = why {
            } else {
                XCTAssertTrue(said.contains("`systemd-run --user --scope -p Delegate=yes ctrsh`"), "the command stays as it is: \(said)")
            }
        }
    }

    func testCgroupRefusalsSayWhatTheyAlwaysSaid() {
        let own = "/sys/fs/cgroup/user.slice/test.scope"
        let cases: [(CgroupProblem, String)] = [
            (.otherVersionFile("memory.limit_in_bytes", other: .v1, version: .v2, controller: "memory",
                               files: ["memory.high", "memory.max"], directory: own),
             "cgroup: `memory.limit_in_bytes` is a cgroup v1 file, and this machine uses v2 for memory; v2 memory files: memory.high, memory.max"),
            (.noSuchFile("io.x", version: .v2, controller: "io", files: [], directory: own),
             "cgroup: the v2 io controller has no file `io.x`; its files: none found in `\(own)`"),
            (.notAnInterfaceFile("memory", example: "memory.high"),
             "cgroup: `memory` is not a cgroup interface file name; they look like `controller.name`, e.g. `memory.high`"),
            (.controllerUnavailable("hugetlb", own: own, available: []),
             "cgroup: the hugetlb controller is not available to ctrsh's cgroup `\(own)` (available: none)"),
            (.v1FileOnV2("blkio.weight", equivalent: "io", files: ["io.max", "io.weight"]),
             "cgroup: `blkio.weight` is a cgroup v1 file, and this machine uses v2; v2 io files: io.max, io.weight"),
            (.limitNeedsController(limit: "io.weight", controller: "io", own: own, available: ["cpu", "memory"]),
             "cgroup: `io.weight` needs the io controller, which is not available to ctrsh's cgroup `\(own)` (available: cpu, memory); enable it for that cgroup (`+io` in its parent's `cgroup.subtree_control`), or set no io.weight"),
            (.limitNeedsV1Hierarchy(limit: "cpuset", controller: "cpuset", controllers: ["cpu", "memory"]),
             "cgroup: `cpuset` needs the cpuset controller, and no cgroup v1 hierarchy here has it (v1 controllers here: cpu, memory); mount one (`mount -t cgroup -o cpuset cgroup /sys/fs/cgroup/cpuset`), or set no cpuset"),
            (.controllerBusy("memory", own: own, pids: [12, 13], path: own + "/cgroup.subtree_control", errno: EBUSY),
             "cgroup: cannot enable the memory controller for ctrsh's containers: the cgroup `\(own)` holds processes (PIDs 12, 13), and the kernel enables controllers only in a cgroup without processes (`+memory` > `\(own)/cgroup.subtree_control`: Device or resource busy); start ctrsh alone in a delegated cgroup (`systemd-run --scope -p Delegate=yes ctrsh`), or set no memory limits"),
            (.ioWeightOutOfRange(20000, range: 1...10000, version: .v2), "cgroup: an io weight must be 1–10000, not 20000"),
            (.unreclaimable(held: 4096, limit: .bytes(1024)),
             "cgroup: the container holds 4K of memory that the kernel could not reclaim, more than 1K: on cgroup v2 a `memory.max` below that makes the OOM killer kill it (v1 refuses such a limit, and so does ctrsh); set at least 4K, or `cgroup set memory.high 1K` to squeeze it without killing"),
            (.memoryInUse(container: "web", used: 36 << 20, limit: .bytes(16 << 20), previous: nil),
             "cgroup set memory: `web` uses 36M, more than 16M, and the kernel cannot reclaim it (cgroup v1 refuses a lower limit rather than OOM-kill: Device or resource busy); the limit stays unset: free the memory first, or set a limit above what it uses"),
        ]
        for (problem, text) in cases {
            XCTAssertEqual(english(.cgroup(problem)), text)
            XCTAssertNotEqual(portuguese(.cgroup(problem)), text, "no Portuguese for \(problem)")
        }
        XCTAssertEqual(
            english(.kernel(.write("+memory", to: "/sys/fs/cgroup/x/cgroup.subtree_control"), errno: EBUSY)),
            "write `+memory` to `/sys/fs/cgroup/x/cgroup.subtree_control`: Device or resource busy")
        XCTAssertEqual(english(.kernel(.openForWriting("/proc/1/uid_map"), errno: EPERM)), "open `/proc/1/uid_map` for writing: Operation not permitted")
    }

    func testContainerNetworkMapAndStateProblems() throws {
        let gateway = try XCTUnwrap(IPv4Address("10.200.1.1"))
        let cases: [(RuntimeError, String)] = [
            (.container(.notRunning("web", for: .netUp)), "net up: `web` is not running (`start` it, or `exec` to run a program as its PID 1)"),
            (.container(.paused("web", for: .execDetached)),
             "exec -d: `web` is paused, and a process started in it would freeze at once: `resume` it first"),
            (.container(.missingNamespace(.net, container: "web", for: .netVeth, owner: nil)),
             "net veth: `web` shares the host's net namespace; it needs a net namespace of its own: stop it, `ns new net`, and start it again"),
            (.container(.missingNamespace(.uts, container: "plain", for: .hostname, owner: nil)),
             "hostname: `plain` shares the host's uts namespace; changing it would rename the host"),
            (.network(.vethStep(.defaultRoute(via: gateway), NetlinkError(errno: EEXIST))),
             "net veth: add the default route via 10.200.1.1 in the container: File exists (something of that name or that address exists already)"),
            (.idMap(.overlap(10...14, kind: .uid, side: .inside, earlier: IDMapping(containerID: 0, hostID: 100_000, count: 65536))),
             "user map: uids 10–14 inside overlap the earlier range 0–65535 → 100000–165535; each ID may be mapped once (`user show`; `user root` starts over)"),
            (.idMap(.pastLastID(4_294_967_290...4_294_967_299, kind: .gid, side: .host, last: 4_294_967_294)),
             "user map: gids 4294967290–4294967299 on the host run past the last ID, 4294967294"),
            (.state(.notPrivate("/run/ctrsh", .openToOthers(mode: 0o755), variable: "XDG_RUNTIME_DIR")),
             "state: `/run/ctrsh` is open to other users (mode 755); ctrsh keeps its state only in a directory of the user's own (mode 0700): remove it, or set XDG_RUNTIME_DIR to a directory of yours"),
        ]
        for (error, text) in cases {
            XCTAssertEqual(english(error), text)
            XCTAssertNotEqual(portuguese(error), text, "no Portuguese for \(error)")
        }
    }
}

/// The kernel settings that block user namespaces: read from a copy of
/// `/proc/sys`, and worded with the command that changes each, in both
/// languages (a launch refused for one of them names it).
/// Several problems while cleaning up are one warning line, each said once.
final class CleanupWarningTests: XCTestCase {
    func testEveryProblemIsOnOneLineWithoutSwiftsOptionalSpelling() throws {
        let problems: [RuntimeError] = [
            .kernel(SystemCall("rmdir", "/sys/fs/cgroup/pids/a"), errno: EBUSY),
            .kernel(SystemCall("rmdir", "/sys/fs/cgroup/pids/b"), errno: ENOENT),
        ]
        let line = try XCTUnwrap(ContainerRuntime.cleanupWarning(problems)).text(in: .english)
        XCTAssertFalse(line.contains("Optional("), line)
        XCTAssertTrue(line.hasPrefix("warning: "), line)
        XCTAssertEqual(line.components(separatedBy: "; ").count, 2, line)
        XCTAssertTrue(line.contains("/sys/fs/cgroup/pids/a") && line.contains("/sys/fs/cgroup/pids/b"), line)
        XCTAssertNil(ContainerRuntime.cleanupWarning([]))
    }
}

final class UserNamespaceSettingWordsTests: XCTestCase {
    func testEachSettingIsReadAndWordedWithItsCommand() throws {
        for (setting, file, value, user, command) in [
            (UserNamespaceSetting.unprivilegedCloneOff, "kernel/unprivileged_userns_clone", "0", true, "`sysctl -w kernel.unprivileged_userns_clone=1`"),
            (.noUserNamespacesAllowed, "user/max_user_namespaces", "0", false, "`sysctl -w user.max_user_namespaces=15000`"),
            (.appArmorRestricts, "kernel/apparmor_restrict_unprivileged_userns", "1", true, "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"),
        ] {
            let tree = try TemporaryDirectory(prefix: "ctrsh-test-procsys-")
            defer { tree.remove() }
            try tree.makeDirectories("kernel")
            try tree.makeDirectories("user")
            try tree.write(value + "\n", to: file)
            let restriction = UserNamespaceRestriction(procSys: tree.path, ordinaryUser: user)
            XCTAssertEqual(restriction.blocking, setting)
            let english = setting.phrase.text(in: .english)
            XCTAssertTrue(english.contains("as root, " + command), english)
            let portuguese = setting.phrase.text(in: .portuguese)
            XCTAssertNotEqual(portuguese, english, "no Portuguese for \(setting)")
            XCTAssertTrue(portuguese.contains(command), portuguese)
            let refused = RuntimeError.launch(.userNamespacesRestricted(SystemCall("clone3(CLONE_NEWUSER)"), errno: EPERM, setting: setting))
            XCTAssertEqual(refused.phrase.text(in: .english), "clone3(CLONE_NEWUSER): Operation not permitted (\(english))")
        }
    }
}

/// Every limit `cgroup set` knows is worded for help.
final class CgroupLimitSummaryTests: XCTestCase {
    func testEveryLimitHasASummary() {
        for word in CgroupLimitTable.words {
            XCTAssertNotNil(CgroupLimitSummaries.summary(of: word), word)
        }
    }
}
