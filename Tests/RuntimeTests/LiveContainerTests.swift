@testable import CtrKernel
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Containers that stay alive between commands, on the real kernel:
/// `start`, `exec` into one, several sharing a namespace, `stop` with its
/// timeout, `kill`, `wait`, `logs`, live `hostname`. Needs root.
final class LiveContainerTests: LiveContainerTestCase {
    func testExecSharesPIDOnesNamespacesAndCgroup() throws {
        let kinds: Set<NamespaceKind> = [.pid, .uts, .ipc, .mnt]
        let (web, live) = try started("web", kinds)
        let initPID = live.first.pid
        XCTAssertEqual(try read("/proc/\(initPID)/comm"), "ctrsh-init")
        XCTAssertEqual(stateEntry("web")?.hasPrefix("pid=\(initPID)\n"), true, "the state entry names PID 1 for gc")
        let sleeper = try runtime.execDetached(into: web, argv: ["/bin/sleep", "300"], user: nil)

        let table = live.processes()
        XCTAssertEqual(table.map(\.containerPID), [1, 2], "\(table)")
        XCTAssertEqual(table.map(\.hostPID), [initPID, sleeper], "\(table)")
        XCTAssertEqual(table.last?.command, "/bin/sleep 300")
        for entry in table {
            XCTAssertNotEqual(entry.hostPID, entry.containerPID)
            XCTAssertEqual(nsPIDs(entry.hostPID), [entry.hostPID, entry.containerPID], "NSpid of host PID \(entry.hostPID)")
        }

        let links = NamespaceKind.allCases.map { "readlink /proc/self/ns/\($0.procName)" }.joined(separator: "; ")
        let (output, status) = try exec(web, "echo $$; \(links); cat /proc/self/cgroup; ps -o pid,comm; echo end")
        XCTAssertEqual(status, .exited(0), output)
        var lines = output.split(separator: "\n").map(String.init)[...]
        XCTAssertEqual(lines.popFirst(), "3", "the exec'd shell comes after PID 1 and the sleeper: \(output)")
        for kind in NamespaceKind.allCases {
            let inside = lines.popFirst()
            XCTAssertEqual(inside, namespaceLink(kind, of: initPID), "\(kind): the exec'd process is in PID 1's namespace")
            if kinds.contains(kind) {
                XCTAssertNotEqual(inside, ContainerProbe.hostInode(kind), "\(kind) is the container's own")
            } else {
                XCTAssertEqual(inside, ContainerProbe.hostInode(kind), "\(kind) is shared with the host")
            }
        }
        let cgroups = try procCgroup(initPID)
        XCTAssertEqual(Array(lines.prefix(cgroups.count)), cgroups, "the exec'd process is in PID 1's cgroups")
        let ps = lines.dropFirst(cgroups.count + 1).map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(Array(ps.prefix(3)), [["1", "ctrsh-init"], ["2", "sleep"], ["3", "sh"]], "ps inside: \(output)")
    }

    func testContainersJoiningANetNamespaceShareItAndAThirdDoesNot() throws {
        // Bringing loopback up needs net_admin, which containers drop by default.
        let (first, firstLive) = try started("first", [.pid, .net]) { $0.capabilities.append("net_admin") }
        XCTAssertEqual(try exec(first, "ip link set lo up").status, .exited(0))
        let path = "/proc/\(firstLive.first.pid)/ns/net"
        let (second, secondLive) = try started("second", [.pid, .uts]) {
            $0.joins = [JoinedNamespace(kind: .net, path: path, target: "first")]
        }
        let (third, thirdLive) = try started("third", [.pid, .net])

        let show = "readlink /proc/self/ns/net; ip -o link show"
        let (one, two, three) = (try exec(first, show), try exec(second, show), try exec(third, show))
        for seen in [one, two, three] { XCTAssertEqual(seen.status, .exited(0), seen.output) }
        XCTAssertTrue(one.output.contains("<LOOPBACK,UP"), one.output)
        XCTAssertEqual(two.output, one.output, "the joiner sees the same namespace and interfaces")
        XCTAssertFalse(three.output.contains(",UP"), "a third has its own, untouched loopback: \(three.output)")
        XCTAssertNotEqual(three.output.split(separator: "\n").first, one.output.split(separator: "\n").first)

        let inode = { (live: LiveContainer) in NamespaceInodes.inode(.net, of: String(live.first.pid)) }
        XCTAssertEqual(inode(secondLive), inode(firstLive))
        XCTAssertNotEqual(inode(thirdLive), inode(firstLive))
        XCTAssertNotEqual(inode(firstLive), NamespaceInodes.inode(.net), "not the host's")
        XCTAssertEqual(runtime.namespaceInodes(of: second)[.net], inode(firstLive))

        // The namespace outlives the container that made it while another holds it.
        let shared = inode(firstLive)
        _ = try runtime.stop(first, timeout: .seconds(5))
        let after = try exec(second, show)
        XCTAssertEqual(after.output, one.output)
        XCTAssertEqual(inode(secondLive), shared)
    }

    func testStopKillsAPIDOneThatIgnoresSIGTERMWhenTheTimeoutIsOver() throws {
        let container = makeContainer("stubborn", [.pid])
        let pid = try runtime.startDetached(container, argv: ["/bin/sh", "-c", "trap '' TERM; sleep 300; echo never"], user: nil)
        XCTAssertTrue(eventually(5) { self.ignores(SIGTERM, pid) }, "the shell set its trap")
        let began = Clock.monotonicSeconds
        let (status, problems) = try runtime.stop(container, timeout: .seconds(1))
        let took = Clock.monotonicSeconds - began
        XCTAssertEqual(status, .signaled(SIGKILL))
        XCTAssertEqual(problems, [])
        XCTAssertGreaterThanOrEqual(took, 1.0, "SIGKILL came before the timeout")
        XCTAssertLessThan(took, 2.0, "SIGKILL came long after the timeout")
        XCTAssertNil(processState(pid), "PID 1 is gone and reaped")
        XCTAssertEqual(container.state, .exited(.signaled(SIGKILL)))
        XCTAssertNil(stateEntry("stubborn"))
    }

    func testStopKillsAnInitWhoseChildIgnoresSIGTERMWhenTheTimeoutIsOver() throws {
        let (web, live) = try started("web", [.pid])
        let child = try execDetached(web, "trap '' TERM; sleep 300; echo never")
        XCTAssertTrue(eventually(5) { self.ignores(SIGTERM, child) }, "the shell set its trap")
        let began = Clock.monotonicSeconds
        let (status, _) = try runtime.stop(web, timeout: .milliseconds(1500))
        let took = Clock.monotonicSeconds - began
        XCTAssertEqual(status, .signaled(SIGKILL), "ctrsh-init waited for its child until killed")
        XCTAssertGreaterThanOrEqual(took, 1.5)
        XCTAssertLessThan(took, 2.5)
        XCTAssertFalse(isRunning(child))
        XCTAssertFalse(isRunning(live.first.pid))
    }

    func testStopEndsAContainerThatObeysSIGTERMAtOnce() throws {
        let (web, live) = try started("web", [.pid])
        let sleeper = try runtime.execDetached(into: web, argv: ["/bin/sleep", "300"], user: nil)
        let began = Clock.monotonicSeconds
        let (status, problems) = try runtime.stop(web, timeout: .seconds(5))
        XCTAssertLessThan(Clock.monotonicSeconds - began, 1.0, "no need to wait for the timeout")
        XCTAssertEqual(status, .exited(0), "ctrsh-init passed SIGTERM on and left once its namespace was empty")
        XCTAssertEqual(problems, [])
        XCTAssertNil(processState(sleeper))
        XCTAssertNil(processState(live.first.pid))
        if let path = live.cgroupPath { XCTAssertFalse(Directory.exists(path), "the cgroup went with it") }
        XCTAssertThrowsError(try runtime.stop(web, timeout: .seconds(1))) { error in
            XCTAssertEqual(error as? RuntimeError, .container(.notRunning("web", for: .stop)))
        }
    }

    func testStopRightAfterStartIsNotLost() throws {
        let web = makeContainer("web", [.pid])
        for round in 1...25 {
            let starting = Clock.monotonicSeconds
            try runtime.start(web)
            XCTAssertLessThan(Clock.monotonicSeconds - starting, 0.5, "round \(round): start waited for ctrsh-init")
            let began = Clock.monotonicSeconds
            let (status, _) = try runtime.stop(web, timeout: .seconds(2))
            XCTAssertEqual(status, .exited(0), "round \(round): ctrsh-init missed SIGTERM")
            XCTAssertLessThan(Clock.monotonicSeconds - began, 1, "round \(round)")
            if status != .exited(0) { break }
        }
    }

    func testKillAndWait() throws {
        let (web, live) = try started("web", [.pid])
        let sleeper = try runtime.execDetached(into: web, argv: ["/bin/sleep", "300"], user: nil)
        try runtime.signal(web, SIGTERM)
        let (status, ending) = try runtime.wait(web)
        XCTAssertEqual(status, .exited(0))
        XCTAssertNil(ending)
        XCTAssertEqual(web.state, .exited(.exited(0)))
        XCTAssertNil(processState(sleeper))
        XCTAssertNil(processState(live.first.pid))
        XCTAssertNil(stateEntry("web"))
        XCTAssertThrowsError(try runtime.signal(web, SIGTERM), "kill on a stopped container")

        // A program as PID 1 (`exec -d` on a container that is not running).
        let pid = try runtime.startDetached(web, argv: ["/bin/sh", "-c", "sleep 300; echo never"], user: nil)
        XCTAssertEqual(stateEntry("web")?.hasPrefix("pid=\(pid)\n"), true)
        try runtime.signal(web, SIGKILL)
        XCTAssertEqual(try runtime.wait(web).0, .signaled(SIGKILL))
        _ = try runtime.startDetached(web, argv: ["/bin/sh", "-c", "sleep 0.2; exit 3"], user: nil)
        XCTAssertEqual(try runtime.wait(web).0, .exited(3))
        XCTAssertEqual(web.state, .exited(.exited(3)))
    }

    func testLogsKeepWhatDetachedProcessesPrint() throws {
        let (web, live) = try started("web", [.pid])
        XCTAssertTrue(live.logPath.hasPrefix(stateRoot + "/" + session + "/"), live.logPath)
        _ = try execDetached(web, "echo hello from $$; echo to stderr >&2")
        XCTAssertTrue(eventually(5) { FileText.readIfPresent(live.logPath) == "hello from 2\nto stderr\n" },
                      FileText.readIfPresent(live.logPath) ?? "no log")
        _ = try execDetached(web, "echo again")
        XCTAssertTrue(eventually(5) { FileText.readIfPresent(live.logPath)?.hasSuffix("to stderr\nagain\n") == true },
                      "appended: \(FileText.readIfPresent(live.logPath) ?? "no log")")
        _ = try runtime.stop(web, timeout: .seconds(5))
        XCTAssertFalse(Directory.exists(live.logPath), "the log goes with the container")
    }

    /// Issue 20: a detached process's log lived in the state directory
    /// (a small tmpfs on most hosts) and grew without end. It is rotated
    /// at the limit to one `.1` file: the newest output is kept, whole and
    /// in order, in at most twice the limit.
    func testLogsAreCappedAndRotatedToOneOlderFile() throws {
        runtime.logLimit = 64 << 10
        let (web, live) = try started("web", [.pid])
        _ = try execDetached(web, "i=0; while [ $i -lt 6000 ]; do echo \"line $i of a detached process\"; i=$((i+1)); done; echo last")
        XCTAssertTrue(eventually(20) { FileText.readIfPresent(live.logPath)?.hasSuffix("last\n") == true }, "the log never ended")
        var sizes: [Int] = []
        for path in [live.logPath + ".1", live.logPath] {
            var info = stat()
            XCTAssertEqual(stat(path, &info), 0, path)
            sizes.append(Int(info.st_size))
        }
        XCTAssertTrue(sizes.allSatisfy { $0 <= 64 << 10 }, "\(sizes)")
        XCTAssertGreaterThan(sizes[0], 0, "rotated once at least")
        let copied = rootfs.scratch + "/copied"
        let fd = open(copied, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        live.log.copy(to: fd)
        close(fd)
        let pipe = try FileText.read(copied)
        XCTAssertEqual(pipe, try FileText.read(live.logPath + ".1") + FileText.read(live.logPath), "`logs` prints the older file first")
        // The newest lines, consecutive: nothing lost or reordered between the files.
        let numbers = pipe.split(separator: "\n").dropFirst().dropLast().compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        XCTAssertEqual(numbers.last, 5999)
        XCTAssertEqual(numbers, Array((5999 - numbers.count + 1)...5999))
        XCTAssertGreaterThan(numbers.count, 2000)
        _ = try runtime.stop(web, timeout: .seconds(5))
        XCTAssertFalse(Directory.exists(live.logPath + ".1"), "the older file goes with the container")
    }

    /// A writer that outlives the container (no cgroup to kill it) keeps
    /// the pipe open: closing the log still returns, after copying what
    /// was in the pipe.
    func testClosingALogDoesNotWaitForAWriterLeftBehind() throws {
        let log = try ContainerLog(path: rootfs.scratch + "/left.log", limit: 1 << 20)
        let straggler = dup(log.writeEnd)
        defer { close(straggler) }
        writeAll(Array("still in the pipe\n".utf8), to: straggler)
        log.close()
        XCTAssertEqual(try FileText.read(rootfs.scratch + "/left.log"), "still in the pipe\n")
    }

    func testHostnameChangesInsideARunningContainerOnly() throws {
        let host = try HostProgram.output(["hostname"])
        let (web, _) = try started("web", [.pid, .uts]) { $0.hostname = "before" }
        XCTAssertEqual(try exec(web, "hostname").output, "before\n")
        try runtime.setHostname("after", in: web)
        XCTAssertEqual(try exec(web, "hostname").output, "after\n")
        XCTAssertEqual(try HostProgram.output(["hostname"]), host)

        let (plain, _) = try started("plain", [.pid])
        XCTAssertThrowsError(try runtime.setHostname("renamed", in: plain)) { error in
            XCTAssertEqual(error as? RuntimeError, .container(.missingNamespace(.uts, container: "plain", for: .hostname, owner: nil)))
        }
        XCTAssertEqual(try HostProgram.output(["hostname"]), host)
    }

    func testNamespaceInodesAreThoseOfPIDOne() throws {
        let kinds: Set<NamespaceKind> = [.pid, .uts, .ipc, .net, .mnt]
        let (web, live) = try started("web", kinds)
        let inodes = runtime.namespaceInodes(of: web)
        XCTAssertEqual(Set(inodes.keys), Set(NamespaceKind.allCases))
        for kind in NamespaceKind.allCases {
            XCTAssertEqual(inodes[kind], NamespaceInodes.inode(kind, of: String(live.first.pid)), "\(kind)")
            if kinds.contains(kind) {
                XCTAssertNotEqual(inodes[kind], NamespaceInodes.inode(kind), "\(kind) is new")
            } else {
                XCTAssertEqual(inodes[kind], NamespaceInodes.inode(kind), "\(kind) is the host's")
            }
        }
        XCTAssertEqual(try exec(web, "readlink /proc/1/ns/uts").output, "uts:[\(inodes[.uts] ?? "?")]\n")
        _ = try runtime.stop(web, timeout: .seconds(5))
        XCTAssertEqual(runtime.namespaceInodes(of: web), [:])
    }
}
