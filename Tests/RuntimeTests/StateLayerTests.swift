@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Where overlay layers live beside the state directory, and `gc`
/// finding them: a session killed with `--overlay` containers leaves
/// layers on disk, which the garbage collector removes with its state,
/// also when the layers are all that is left. Runs in a scratch
/// directory of its own; needs no root.
final class StateLayerTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "ctrsh-test-layers-")
    }

    override func tearDown() {
        scratch?.remove()
    }

    func testTheDefaultRootsAreRunAndDisk() {
        XCTAssertEqual(StateDirectory(root: "/x/ctrsh").layerRoot, "/x/ctrsh-layers", "a named root keeps its layers beside it")
        XCTAssertEqual(StateDirectory(root: "/x/ctrsh", layerRoot: "/y").layerRoot, "/y")
        if geteuid() == 0 {
            XCTAssertEqual(StateDirectory().root, "/run/ctrsh")
            XCTAssertEqual(StateDirectory().layerRoot, "/var/lib/ctrsh/overlay")
        }
    }

    /// A PID no process has: a child's, after it was reaped.
    private func deadPID() throws -> String {
        String(try HostProgram.output(["/bin/sh", "-c", "echo $$"]).trimmed)
    }

    func testGcRemovesTheLayersOfDeadSessionsAndLeavesTheLiving() throws {
        let state = StateDirectory(root: scratch.path + "/run/ctrsh", layerRoot: scratch.path + "/lib/ctrsh/overlay")
        try FileTree.makeDirectory(scratch.path + "/run")
        // A dead session with state and a layer (its lock released), one
        // with only a layer left, and this one, alive (holding its lock).
        let (dead, layersOnly) = (try deadPID(), try deadPID())
        _ = try state.prepare(session: dead)
        try state.prepareDirectory(session: dead)
        let living = try state.prepare(session: String(getpid()))
        defer { withExtendedLifetime(living) {} }
        for session in [dead, layersOnly, String(getpid())] {
            try state.prepareLayers(session: session)
            let upper = state.overlayPath(session, "web") + "/upper/etc"
            try FileTree.makeDirectory(state.overlayPath(session, "web"))
            try FileTree.makeDirectory(state.overlayPath(session, "web") + "/upper")
            try FileTree.makeDirectory(upper)
            try FileText.create(upper + "/motd", text: "written by the container")
        }
        var info = stat()
        XCTAssertEqual(stat(state.layerRoot, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700, "the layer root is private")

        let collector = GarbageCollector(state: state, cgroups: nil, currentSession: "current")
        XCTAssertEqual(collector.staleSessions(), [dead, layersOnly].sorted())
        let (removed, problems) = collector.collect()
        XCTAssertEqual(problems, [])
        XCTAssertEqual(Set(removed), [
            .state(state.sessionDirectory(dead)), .state(state.lockPath(dead)), .layers(state.layerDirectory(dead)),
            .layers(state.layerDirectory(layersOnly)),
        ])
        XCTAssertEqual(Directory.names(state.layerRoot), [String(getpid())], "the living session's layers stay")
        XCTAssertEqual(Directory.names(state.root), ["\(getpid()).lock"])
        state.removeSession(String(getpid()))
        XCTAssertEqual(Directory.names(state.layerRoot), [], "the layer root stays, empty")
        XCTAssertEqual(Directory.names(state.root), [], "the state root stays, empty")
    }
}
