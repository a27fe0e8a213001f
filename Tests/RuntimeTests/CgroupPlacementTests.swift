@testable import CtrKernel
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Where ctrsh puts its cgroup v2 groups, from what it sees of its own
/// cgroup. Pure: the facts are given; the v2 lane (Tests/V2Lane) checks the
/// same decisions on a real v2-only kernel, with and without systemd.
final class CgroupPlacementTests: XCTestCase {
    static let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-c1.scope"

    /// Root in a login session scope with a shell beside it, systemd running.
    func facts(
        uid: UInt32 = 0, own: String = session, mount: String = "/sys/fs/cgroup", ownIsRoot: Bool = false, mountIsRoot: Bool = true,
        others: [Int32] = [300], writable: Bool = true, delegated: Bool = false, systemd: Bool = true,
        userManager: Bool = false
    ) -> CgroupPlacementFacts {
        CgroupPlacementFacts(
            pid: 412, uid: uid, ownDirectory: own, mountPoint: mount, ownIsHierarchyRoot: ownIsRoot, mountIsHierarchyRoot: mountIsRoot,
            otherProcesses: others, ownIsWritable: writable, ownIsDelegated: delegated, systemdRuns: systemd,
            userManagerRuns: userManager)
    }

    func testTheRootCgroupKeepsItsGroupsBelowItself() {
        XCTAssertEqual(CgroupPlacement.decide(facts(own: "/sys/fs/cgroup", ownIsRoot: true)), .ownGroup)
        XCTAssertEqual(CgroupPlacement.decide(facts(own: "/sys/fs/cgroup", ownIsRoot: true, systemd: false)), .ownGroup)
    }

    func testRootInASharedSessionAsksSystemdForAScopeOfItsOwn() {
        XCTAssertEqual(CgroupPlacement.decide(facts()), .systemdScope(unit: "ctrsh-412.scope"))
        // A delegated scope that also holds a shell is someone else's: a new scope too.
        XCTAssertEqual(CgroupPlacement.decide(facts(delegated: true)), .systemdScope(unit: "ctrsh-412.scope"))
        // Alone in a scope systemd did not delegate: not ctrsh's to manage.
        XCTAssertEqual(CgroupPlacement.decide(facts(others: [])), .systemdScope(unit: "ctrsh-412.scope"))
    }

    func testRootAloneInADelegatedScopeUsesIt() {
        let scope = "/sys/fs/cgroup/system.slice/run-r1.scope"
        XCTAssertEqual(CgroupPlacement.decide(facts(own: scope, others: [], delegated: true)), .delegated)
    }

    func testRootSharingACgroupWithoutSystemdGoesBelowTheRoot() {
        XCTAssertEqual(CgroupPlacement.decide(facts(own: "/sys/fs/cgroup/session", systemd: false)), .hierarchyRoot)
        // Alone without systemd: the cgroup is root's to delegate to itself.
        XCTAssertEqual(
            CgroupPlacement.decide(facts(own: "/sys/fs/cgroup/session", others: [], systemd: false)), .delegated)
    }

    func testRootSharingACgroupNamespaceRootIsToldWhy() {
        let decision = CgroupPlacement.decide(facts(own: "/sys/fs/cgroup", mountIsRoot: false, others: [1, 7], systemd: false))
        XCTAssertEqual(decision, .unavailable(.sharedNamespaceRoot(own: "/sys/fs/cgroup", pids: [1, 7])))
        XCTAssertEqual(
            CgroupPlacement.decide(facts(own: "/sys/fs/cgroup", mountIsRoot: false, others: [], systemd: false)), .delegated)
    }

    func testAUserAloneInADelegatedScopeUsesIt() {
        let scope = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-r2.scope"
        XCTAssertEqual(CgroupPlacement.decide(facts(uid: 1000, own: scope, others: [])), .delegated)
    }

    func testAUserWithoutDelegationGetsTheCommandThatWorksHere() {
        let cases: [(CgroupPlacementFacts, CgroupUnavailability)] = [
            (facts(uid: 1000, writable: false, userManager: true), .notWritable(own: Self.session, uid: 1000, remedy: .userScope)),
            (facts(uid: 1000, writable: false), .notWritable(own: Self.session, uid: 1000, remedy: .startUserManager(uid: 1000))),
            (facts(uid: 1000, writable: false, systemd: false),
             .notWritable(own: Self.session, uid: 1000, remedy: .askRoot(directory: "/sys/fs/cgroup/ctrsh-1000", uid: 1000))),
            (facts(uid: 1000, own: "/sys/fs/cgroup/unified", mount: "/sys/fs/cgroup/unified", ownIsRoot: true, writable: false, systemd: false),
             .notWritable(
                own: "/sys/fs/cgroup/unified", uid: 1000, remedy: .askRoot(directory: "/sys/fs/cgroup/unified/ctrsh-1000", uid: 1000))),
            (facts(uid: 1000, others: [300, 301], userManager: true),
             .sharedDelegation(own: Self.session, uid: 1000, pids: [300, 301], remedy: .userScope)),
        ]
        for (given, reason) in cases {
            XCTAssertEqual(CgroupPlacement.decide(given), .unavailable(reason))
        }
    }

    func testTheSystemdRequestIsOneStartTransientUnitWithDelegation() {
        let argv = CgroupSystemdScope.request(unit: "ctrsh-412.scope", pid: 412)
        XCTAssertEqual(
            argv.joined(separator: " "),
            "busctl call --quiet org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartTransientUnit ssa(sv)a(sa(sv)) ctrsh-412.scope fail 3 Description s ctrsh session 412 and its containers PIDs au 1 412 Delegate b true 0")
        XCTAssertEqual(KernelStep.cgroup(.hostProgram(["busctl", "call"])).description, "run busctl call")
    }

    /// In a tree laid out like a delegated cgroup with ctrsh in it: ctrsh
    /// moves into `shell` before the first controller, and on leaving undoes
    /// what it did, in reverse.
    func testLeavingADelegatedCgroupUndoesTheMoveAndTheControllers() throws {
        let tree = try TemporaryDirectory(prefix: "ctrtest-v2-leaf-")
        defer { tree.remove() }
        try tree.makeDirectories("own/shell")
        try tree.write("\(getpid())\n", to: "own/cgroup.procs")
        try tree.write("", to: "own/cgroup.subtree_control")
        try tree.write("", to: "own/shell/cgroup.procs")
        let changes = Recorder<CgroupChange>()
        let files = CgroupFiles(observer: { changes.record($0) })
        let base = CgroupV2Base(mountPoint: tree.path, ownPath: "/own", placement: .delegated)
        try base.makeRoomForControllers(files)
        base.recordEnabled("memory")
        base.recordEnabled("pids")
        try base.makeRoomForControllers(files)
        XCTAssertTrue(base.inLeaf)
        base.leave(files)
        let own = tree.path + "/own"
        XCTAssertEqual(changes.all, [
            .write(value: "\(getpid())", path: own + "/shell/cgroup.procs"),
            .write(value: "-pids", path: own + "/cgroup.subtree_control"),
            .write(value: "-memory", path: own + "/cgroup.subtree_control"),
            .write(value: "\(getpid())", path: own + "/cgroup.procs"),
            .removeDirectory(own + "/shell"),
        ])
        XCTAssertFalse(base.inLeaf)
    }
}
