import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `gc` across pid namespaces: two live sessions, one on the host and one
/// in a pid namespace of its own (`unshare --pid --fork --mount-proc`,
/// where ctrsh is PID 2, a PID the host gives its kthreadd), each with a
/// started container on an overlay root, each running `gc`. Judged by PID,
/// each looked dead to the other: the host's gc killed the namespaced
/// session's container and removed its state, the namespaced gc removed
/// the host session's overlay. Judged by the lock a live session holds,
/// neither is touched; a session killed with SIGKILL is still collected.
/// Needs root and util-linux's `unshare`.
final class GcAcrossPidNamespacesTests: EndToEndTestCase {
    private var children: [pid_t] = []
    private var sessionNames: [String] = []

    override func tearDown() {
        if !scratch.isEmpty { touch("end") }
        for pid in children {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for name in sessionNames {
            if let pid = pid_t(name) { Leftovers.removeCgroups(ofSession: pid) }
            Leftovers.removeState(ofSession: name)
        }
        super.tearDown()
    }

    /// A session's script: start `NAME` on an overlay root with a sleeper,
    /// say so, wait for the test's go, run `gc`, say so, wait for the end.
    private func script(_ name: String, root: String) throws -> String {
        let wait = { (file: String) in "host /bin/sh -c 'until [ -e \(self.scratch)/\(file) ]; do sleep 0.1; done'" }
        return try write(
            """
            container new \(name)
            ns new pid,mnt
            rootfs use \(root) --overlay
            start
            exec -d /bin/sleep 311
            host /bin/sh -c 'echo $PPID > \(scratch)/\(name).pid && mv \(scratch)/\(name).pid \(scratch)/\(name).ready'
            \(wait("go"))
            gc
            host /bin/touch \(scratch)/\(name).collected
            \(wait("end"))

            """, to: "\(name).ctrsh")
    }

    /// Starts `argv` with output to `NAME.out` in the scratch directory.
    private func spawn(_ argv: [String], name: String) throws -> pid_t {
        let output = open(scratch + "/\(name).out", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(output); close(input) }
        let pid = try Spawn.start(
            argv[0], argv, environment: CtrshRunner.environment(scratch: scratch), directory: scratch,
            stdio: .descriptors(input: input, output: output, error: output))
        children.append(pid)
        return pid
    }

    /// Creates an empty file in the scratch directory: a sessions' gate.
    private func touch(_ name: String) {
        try? FileText.create(scratch + "/" + name, text: "")
    }

    private func output(_ name: String) -> String { FileText.readIfPresent(scratch + "/\(name).out") ?? "" }

    /// The session named `name`'s state: its container's recorded PID 1 (in
    /// the session's own pid namespace).
    private func statePath(_ session: String, _ container: String) -> String { "/run/ctrsh/\(session)/\(container).state" }

    func testLiveSessionsInDifferentPidNamespacesSurviveEachOthersGc() throws {
        try Privileges.require(access("/usr/bin/unshare", X_OK) == 0, "needs util-linux's unshare")
        let root = try requireRootfs()
        let host = try spawn([CtrshBinary.path, try script("onhost", root: root)], name: "onhost")
        let namespaced = try spawn(
            ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "/bin/sh", "-c", "\(CtrshBinary.path) \"$0\"; true",
             try script("inpidns", root: root)],
            name: "inpidns")
        XCTAssertTrue(Poll.until(seconds: 30) {
            Directory.exists(self.scratch + "/onhost.ready") && Directory.exists(self.scratch + "/inpidns.ready")
        }, "the sessions did not start:\n\(output("onhost"))\n\(output("inpidns"))")
        let hostName = String(host)
        let namespacedName = String((FileText.readIfPresent(scratch + "/inpidns.ready") ?? "").trimmed)
        sessionNames = [hostName, namespacedName]
        XCTAssertNotEqual(namespacedName, hostName)
        XCTAssertEqual(namespacedName, "2", "ctrsh under unshare's sh is PID 2 of its namespace")
        let hostInit = try XCTUnwrap(hostPID1(session: hostName, container: "onhost"))
        let namespacedInit = try XCTUnwrap(namespacedPID1(unshare: namespaced))

        touch("go")
        XCTAssertTrue(Poll.until(seconds: 30) {
            Directory.exists(self.scratch + "/onhost.collected") && Directory.exists(self.scratch + "/inpidns.collected")
        }, "gc did not run:\n\(output("onhost"))\n\(output("inpidns"))")
        for (session, container, pid1) in [(hostName, "onhost", hostInit), (namespacedName, "inpidns", namespacedInit)] {
            XCTAssertTrue(Leftovers.isRunning(pid1), "the container `\(container)` of live session \(session) was killed")
            XCTAssertNotNil(FileText.readIfPresent(statePath(session, container)), "the state of live session \(session) was removed")
            XCTAssertTrue(Directory.exists("/var/lib/ctrsh/overlay/\(session)/\(container).overlay/upper"), "the overlay of live session \(session) was removed")
            XCTAssertTrue(
                Leftovers.ctrshCgroupDirectories().contains { $0.hasSuffix("/ctrsh/\(session)/\(container)") },
                "the cgroup of live session \(session) was removed")
        }
        for (name, other) in [("onhost", namespacedName), ("inpidns", hostName)] {
            XCTAssertFalse(output(name).contains("/\(other)"), "the gc of `\(name)` collected session \(other):\n\(output(name))")
        }

        // SIGKILL the namespaced ctrsh: its lock goes with it, and the
        // host's gc now collects it (its init died of the parent-death signal).
        let namespacedCtrsh = try XCTUnwrap(childPIDs(of: try XCTUnwrap(childPIDs(of: namespaced).first)).first)
        kill(namespacedCtrsh, SIGKILL)
        XCTAssertTrue(Poll.until(seconds: 10) { !Leftovers.isRunning(namespacedInit) }, "the namespaced init outlived its ctrsh")
        let gc = try ctrsh("gc")
        assertExit(gc, 0)
        XCTAssertTrue(gc.stdout.contains("gc: removed state /run/ctrsh/\(namespacedName)\n"), "\(gc)")
        XCTAssertEqual(Leftovers.state(ofSession: namespacedName), [])
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: 2), [])
        XCTAssertFalse(gc.stdout.contains("/\(hostName)"), "the host session was collected: \(gc)")
        XCTAssertTrue(Leftovers.isRunning(hostInit))

        touch("end")
        var status: Int32 = 0
        XCTAssertEqual(waitpid(host, &status, 0), host)
        children.removeAll { $0 == host }
        XCTAssertEqual(WaitStatus(status), .exited(0), output("onhost"))
        XCTAssertEqual(Leftovers.state(ofSession: hostName), [], "the host session did not clean up")
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: host), [], output("onhost"))
    }

    /// The host PID of a host session's container's PID 1, from its state.
    private func hostPID1(session: String, container: String) -> pid_t? {
        (FileText.readIfPresent(statePath(session, container)) ?? "").split(separator: "\n").first
            .flatMap { $0.hasPrefix("pid=") ? pid_t($0.dropFirst(4)) : nil }
    }

    /// The host PID of the namespaced session's container's PID 1: the
    /// ctrsh-init below unshare → sh → ctrsh.
    private func namespacedPID1(unshare: pid_t) -> pid_t? {
        guard let shell = childPIDs(of: unshare).first, let ctrsh = childPIDs(of: shell).first else { return nil }
        return childPIDs(of: ctrsh).first { FileText.readIfPresent("/proc/\($0)/comm") == "ctrsh-init\n" }
    }

    private func childPIDs(of pid: pid_t) -> [pid_t] {
        (FileText.readIfPresent("/proc/\(pid)/task/\(pid)/children") ?? "").split(separator: " ").compactMap { pid_t($0) }
    }
}
