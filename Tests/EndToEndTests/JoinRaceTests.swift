import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// runc's CVE-2024-21626 class: a process that joins a running container
/// (`exec`) is visible there before `execve`, while it is still a copy of
/// ctrsh. Root in the container races it: `escape-probe racer` loops over
/// every other process's /proc/PID/fd, cwd, root and environ while ctrsh
/// runs 200 `exec`s into the container. It must reach nothing: no
/// descriptor above 2 (a program ctrsh started has only 0, 1 and 2, and
/// the ones here, `true`, open nothing; the waits run on the host), not
/// the host's marker file, not ctrsh's environment. Needs root and gcc.
final class JoinRaceTests: EndToEndTestCase {
    private static let secret = "CTRSH_RACE_SECRET=joinrace-4c1d"

    func testARacerInTheContainerReachesNothingOfCtrshsDuringExecs() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        let marker = try write("host-only-7f3e\n", to: "host-marker")
        let parts = Self.secret.split(separator: "=", maxSplits: 1)
        extraEnvironment[String(parts[0])] = String(parts[1])
        let rounds = String(repeating: "exec -d /bin/true; exec /bin/true\n", count: 100)
        let script = try write(
            """
            container new race
            ns new pid,mnt
            rootfs use \(root)
            start
            exec -d \(EscapeProbe.pathInRoot) racer \(marker) \(Self.secret) /race.out /race.stop
            host /bin/sh -c 'until [ -s \(root)/race.out ]; do sleep 0.1; done'
            \(rounds)host /bin/touch \(root)/race.stop
            host /bin/sh -c 'until grep -q "racer: done" \(root)/race.out; do sleep 0.1; done'
            stop

            """, to: "race.ctrsh")
        ctrshTimeout = 300
        let result = try ctrsh(script)
        assertExit(result, 0)
        let found = FileText.readIfPresent(root + "/race.out") ?? ""
        XCTAssertTrue(found.hasPrefix("racer: ready\n") && found.contains("racer: done after"), "the racer did not run:\n\(found)")
        let findings = found.split(separator: "\n").filter { !$0.hasPrefix("racer: ") }
        XCTAssertEqual(
            findings.count, 0,
            "the container reached ctrsh's descriptors, the host or ctrsh's environment:\n" + findings.prefix(20).joined(separator: "\n"))
    }

    /// The CVE's other half: a working directory that `chdir` finds outside
    /// the container's root. Without a pid namespace the container's /proc
    /// shows the host's processes, and `/proc/PID/cwd` of one of them (a
    /// sleeper started in a host directory) is a directory of the host's,
    /// reached by the child's `chdir` while it is still root with every
    /// capability. The launch refuses it, and the program never runs there.
    func testAWorkingDirectoryOutsideTheRootIsRefused() throws {
        let root = try requireRootfs()
        let sleeper = try ChildProcess.sleeper(seconds: 60)
        defer { sleeper.terminate() }
        let workdir = "/proc/\(sleeper.pid)/cwd"
        let result = try ctrsh("-c", "ns new mnt; rootfs use \(root); workdir \(workdir); exec /bin/sh -c 'echo ran in:; ls'")
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "", "the program ran in a directory of the host's")
        XCTAssertTrue(
            result.stderr.hasSuffix("error: workdir: `\(workdir)` leads out of the container's root "
                + "(a /proc/self/fd link to a descriptor of the host's?): refused; use a directory inside the root\n"),
            result.stderr)
    }

    /// The programs ctrsh starts hold only standard input, output and
    /// error: as a new container's PID 1, joining a running one in the
    /// foreground and detached, with `explain on` (its trace pipe) too.
    func testProgramsSeeOnlyTheirStandardDescriptors() throws {
        let root = try requireRootfs()
        let script = try write(
            """
            explain on
            container new fds
            ns new pid,mnt
            rootfs use \(root)
            exec /bin/sh -c 'echo fds: $(ls /proc/self/fd)'
            expect output matches '^fds: 0 1 2 3$'
            start
            exec /bin/sh -c 'echo fds: $(ls /proc/self/fd)'
            expect output matches '^fds: 0 1 2 3$'
            exec -d /bin/sh -c 'echo fds: $(ls /proc/self/fd)'
            sleep 500ms
            logs
            expect output matches '^fds: 0 1 2 3$'
            exec /bin/readlink /proc/self/cwd
            expect output matches '^/$'
            stop

            """, to: "fds.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
    }
}
