@testable import CtrKernel
@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The user namespace's ID maps: /etc/subuid read as newuidmap reads it,
/// the kernel's rules checked before a launch, the settings that forbid
/// user namespaces named, the state directory kept private, and (as root,
/// on the real kernel) a map whose root is not the caller's ID.
final class UserNamespaceTests: XCTestCase {
    private func mapping(_ inside: UInt32, _ host: UInt32, _ count: UInt32) -> IDMapping {
        IDMapping(containerID: inside, hostID: host, count: count)
    }

    private func message(_ body: () throws(RuntimeError) -> Void) -> RuntimeError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: - /etc/subuid

    func testSubordinateRangesByNameOrUIDJoinWhenAdjacent() {
        let text = """
            alice:100000:65536
            bob:165536:65536
            1000:165536:10
            # not a comment to newuidmap, and not an entry either
            alice:300000:0
            alice:x:5
            alice:400000:100
            alice:400100:100

            """
        let owned = SubordinateIDs(text: text, user: "alice", uid: 1000)
        XCTAssertEqual(owned.ranges, [100_000...165_535, 165_536...165_545, 400_000...400_099, 400_100...400_199])
        XCTAssertTrue(owned.covers(100_000...165_535))
        XCTAssertTrue(owned.covers(165_530...165_545), "adjacent entries join up")
        XCTAssertFalse(owned.covers(165_530...165_546), "bob's IDs are bob's")
        XCTAssertTrue(owned.covers(400_050...400_150))
        XCTAssertFalse(owned.covers(99_999...100_001))
        XCTAssertEqual(SubordinateIDs(text: text, user: "carol", uid: 1001).ranges, [])
    }

    // MARK: - The kernel's rules

    func testMapsTheKernelWouldRefuseAreRefusedFirst() {
        XCTAssertNil(message { () throws(RuntimeError) in
            try IDMapCheck.checkForm([mapping(0, 1000, 1), mapping(1, 100_000, 65536)], kind: .uid)
        })
        XCTAssertEqual(
            message { () throws(RuntimeError) in try IDMapCheck.checkForm([mapping(0, 100_000, 0)], kind: .uid) },
            .idMap(.emptyRange))
        XCTAssertEqual(
            message { () throws(RuntimeError) in try IDMapCheck.checkForm([mapping(0, 4_294_967_290, 10)], kind: .gid) },
            .idMap(.pastLastID(4_294_967_290...4_294_967_299, kind: .gid, side: .host, last: 4_294_967_294)))
        XCTAssertEqual(
            message { () throws(RuntimeError) in
                try IDMapCheck.checkForm([mapping(0, 100_000, 65536), mapping(10, 300_000, 5)], kind: .uid)
            },
            .idMap(.overlap(10...14, kind: .uid, side: .inside, earlier: mapping(0, 100_000, 65536))))
        XCTAssertEqual(
            message { () throws(RuntimeError) in
                try IDMapCheck.checkForm([mapping(0, 1000, 1), mapping(1, 1000, 1)], kind: .uid)
            },
            .idMap(.overlap(1000...1000, kind: .uid, side: .host, earlier: mapping(0, 1000, 1))))
        let tooMany = (0..<341).map { mapping(UInt32($0), 100_000 + UInt32($0), 1) }
        XCTAssertEqual(
            message { () throws(RuntimeError) in try IDMapCheck.checkForm(tooMany, kind: .uid) },
            .idMap(.tooManyRanges(341, kind: .uid, maximum: 340)))
    }

    func testTheChildBecomesRootOnlyWhenTheMapsGiveRootToAnotherID() {
        var spec = ContainerSpec()
        spec.namespaces = [.user]
        XCTAssertFalse(RootlessNamespaces.becomesNamespaceRoot(spec, joins: []), "the default map makes the caller root")
        spec.uidMappings = [mapping(0, 100_000, 65536)]
        XCTAssertTrue(RootlessNamespaces.becomesNamespaceRoot(spec, joins: []), "the caller's uid is unmapped")
        spec.gidMappings = [mapping(0, 100_000, 65536)]
        XCTAssertTrue(RootlessNamespaces.becomesNamespaceRoot(spec, joins: []))
        spec.gidMappings = [mapping(0, 100_000, 65536), mapping(70_000, 3_000_000, 1)]
        spec.uidMappings = [mapping(70_000, 3_000_000, 1)]
        XCTAssertFalse(RootlessNamespaces.becomesNamespaceRoot(spec, joins: []), "no uid 0 to become")
        spec.uidMappings = [mapping(1000, 1000, 1)]
        XCTAssertFalse(RootlessNamespaces.becomesNamespaceRoot(spec, joins: []), "no uid 0 to become")
        var joining = ContainerSpec()
        joining.uidMappings = [mapping(0, 100_000, 65536)]
        joining.gidMappings = [mapping(0, 100_000, 65536)]
        XCTAssertFalse(RootlessNamespaces.becomesNamespaceRoot(joining, joins: []), "no user namespace at all")
        let join = NamespaceJoin(kind: .user, path: "/proc/1/ns/user")
        XCTAssertTrue(RootlessNamespaces.becomesNamespaceRoot(joining, joins: [join]), "exec into it")
    }

    // MARK: - Settings that forbid user namespaces

    func testEachRestrictingSettingIsNamedWithWhatToChange() throws {
        let tree = try TemporaryDirectory(prefix: "ctrsh-test-procsys-")
        defer { tree.remove() }
        try tree.makeDirectories("kernel")
        try tree.makeDirectories("user")
        let user = UserNamespaceRestriction(procSys: tree.path, ordinaryUser: true)
        let root = UserNamespaceRestriction(procSys: tree.path, ordinaryUser: false)
        try tree.write("15000\n", to: "user/max_user_namespaces")
        try tree.write("1\n", to: "kernel/unprivileged_userns_clone")
        try tree.write("0\n", to: "kernel/apparmor_restrict_unprivileged_userns")
        XCTAssertNil(user.blocking)
        try tree.write("1\n", to: "kernel/apparmor_restrict_unprivileged_userns")
        XCTAssertEqual(user.blocking, .appArmorRestricts)
        XCTAssertNil(root.blocking, "AppArmor's restriction is for unprivileged programs only")
        try tree.write("0\n", to: "kernel/unprivileged_userns_clone")
        XCTAssertEqual(user.blocking, .unprivilegedCloneOff)
        XCTAssertNil(root.blocking)
        try tree.write("0\n", to: "user/max_user_namespaces")
        XCTAssertEqual(root.blocking, .noUserNamespacesAllowed)
        XCTAssertNil(UserNamespaceRestriction(procSys: tree.path + "/missing", ordinaryUser: true).blocking)
    }

    // MARK: - The state directory

    func testTheStateDirectoryMustBeTheUsersAloneBeforeAnythingGoesIn() throws {
        try Privileges.requireRoot("giving a directory to another uid")
        let scratch = try TemporaryDirectory(prefix: "ctrsh-test-state-")
        defer { scratch.remove() }
        let root = scratch.path + "/ctrsh"
        let state = StateDirectory(root: root)
        mkdir(root, 0o755)
        chmod(root, 0o755)
        XCTAssertEqual(
            message { () throws(RuntimeError) in try state.prepare(session: "1") },
            .state(.notPrivate(root, .openToOthers(mode: 0o755), variable: "XDG_RUNTIME_DIR")))
        chmod(root, 0o700)
        chown(root, 4242, 4242)
        XCTAssertEqual(
            message { () throws(RuntimeError) in try state.prepare(session: "1") },
            .state(.notPrivate(root, .ownedBy(uid: 4242, user: 0), variable: "XDG_RUNTIME_DIR")))
        XCTAssertEqual(Directory.names(root), [], "nothing went into it")
        rmdir(root)
        XCTAssertNil(message { () throws(RuntimeError) in try state.prepare(session: "1") })
        XCTAssertEqual(Directory.names(root), ["1.lock"])
        state.removeSession("1")
        XCTAssertEqual(Directory.names(root), [])
        rmdir(root)
    }
}
