import CLinux
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Real containers on the real kernel: namespaces, PID 1, hostname,
/// pivot_root, exit statuses and setup errors. Needs root.
final class LaunchTests: RootfsTestCase {
    /// Exactly `namespaces`, with or without the test's root.
    private func launchSpec(_ namespaces: Set<NamespaceKind>, rootfs withRoot: Bool = true) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = namespaces
        if withRoot { spec.rootfs = RootfsSpec(path: rootfs.path) }
        return spec
    }

    func testEachNamespaceKindIsNewOnlyWhenAsked() throws {
        let script = NamespaceKind.allCases.map { "readlink /proc/self/ns/\($0.procName)" }.joined(separator: "; ")
        for kind in NamespaceKind.allCases {
            var namespaces: Set<NamespaceKind> = [kind, .mnt]
            if kind == .user { namespaces = [.user] }  // alone: no rootfs, so no mnt needed
            let (output, status) = try probe.run(
                launchSpec(namespaces, rootfs: kind != .user), ["/bin/sh", "-c", script], name: "ns-\(kind)")
            XCTAssertEqual(status, .exited(0), "\(kind): \(output)")
            let inside = output.split(separator: "\n").map(String.init)
            XCTAssertEqual(inside.count, NamespaceKind.allCases.count, output)
            for (index, other) in NamespaceKind.allCases.enumerated() where index < inside.count {
                let host = ContainerProbe.hostInode(other)
                if namespaces.contains(other) {
                    XCTAssertNotEqual(inside[index], host, "\(other) should be new when asking for \(kind)")
                } else {
                    XCTAssertEqual(inside[index], host, "\(other) should be the host's when asking for \(kind)")
                }
            }
        }
    }

    func testProcessIsPIDOneAndHostnameIsIsolated() throws {
        var spec = launchSpec([.pid, .uts, .ipc, .net, .mnt])
        spec.hostname = "demo"
        let hostBefore = try HostProgram.output(["hostname"])
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", "echo pid=$$ host=$(hostname)"])
        XCTAssertEqual(output, "pid=1 host=demo\n")
        XCTAssertEqual(status, .exited(0))
        XCTAssertEqual(try HostProgram.output(["hostname"]), hostBefore)
    }

    func testPivotRootHidesTheHostAndDetachesTheOldRoot() throws {
        let marker = rootfs.scratch + "/host-only-marker"
        try FileText.create(marker, text: "secret\n")
        let (output, status) = try probe.run(
            launchSpec([.pid, .mnt]),
            ["/bin/sh", "-c", "cat \(marker) 2>&1; cut -d' ' -f5 /proc/self/mountinfo"])
        XCTAssertEqual(status, .exited(0))
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.contains("No such file") == true, output)
        let mounts = Set(lines.dropFirst())
        XCTAssertTrue(mounts.isSuperset(of: ["/", "/proc", "/dev", "/dev/pts", "/dev/shm", "/sys"]), output)
        // Besides those, only the kernel paths masked or made read-only
        // under /proc and /sys: nothing of the old root.
        XCTAssertEqual(mounts.filter { !$0.hasPrefix("/proc") && !$0.hasPrefix("/sys") && !$0.hasPrefix("/dev") && $0 != "/" }, [],
                       "only the container's own mounts, no old root: \(output)")
    }

    func testDevHasTheUsualNodes() throws {
        let (output, status) = try probe.run(
            launchSpec([.mnt]), ["/bin/sh", "-c", "ls /dev | sort | tr '\\n' ' '; echo; head -c 4 /dev/zero | wc -c; readlink /dev/fd"])
        XCTAssertEqual(status, .exited(0), output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero ")
        XCTAssertEqual(lines.dropFirst().first.map { String($0.trimmed) }, "4")
        XCTAssertEqual(lines.last, "/proc/self/fd")
    }

    /// A new ipc namespace's POSIX message queues are on /dev/mqueue, as
    /// runc's default config has them (and ctrsh's OCI export says); a queue
    /// made there stays in that namespace. Without a new ipc namespace
    /// nothing is mounted there: mqueue would show the host's queues.
    func testANewIPCNamespaceHasItsOwnMessageQueuesOnDevMqueue() throws {
        let (made, status) = try probe.run(
            launchSpec([.mnt, .ipc]),
            ["/bin/sh", "-c", "touch /dev/mqueue/ctrsh-probe && ls /dev/mqueue && grep ' /dev/mqueue ' /proc/self/mountinfo"])
        XCTAssertEqual(status, .exited(0), made)
        let lines = made.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "ctrsh-probe", made)
        let mount = try XCTUnwrap(lines.dropFirst().first, made)
        XCTAssertTrue(mount.hasSuffix(" - mqueue mqueue rw"), mount)
        XCTAssertTrue(mount.contains(" rw,nosuid,nodev,noexec"), mount)
        let (other, _) = try probe.run(launchSpec([.mnt, .ipc]), ["/bin/sh", "-c", "ls -A /dev/mqueue"])
        XCTAssertEqual(other, "", "another ipc namespace sees none of the first one's queues")
        let (shared, _) = try probe.run(launchSpec([.mnt]), ["/bin/sh", "-c", "grep -c ' /dev/mqueue ' /proc/self/mountinfo; ls -d /dev/mqueue"])
        XCTAssertTrue(shared.hasPrefix("0\n"), "no mqueue without a new ipc namespace: \(shared)")
        XCTAssertTrue(shared.contains("No such file"), shared)
    }

    func testExitCodesAndSignalsPropagate() throws {
        XCTAssertEqual(try probe.run(launchSpec([.mnt]), ["/bin/sh", "-c", "exit 7"]).status, .exited(7))
        let killed = try probe.run(launchSpec([.mnt]), ["/bin/sh", "-c", "kill -SEGV $$"]).status
        XCTAssertEqual(killed, .signaled(SIGSEGV))
        XCTAssertEqual(killed.code, 139)
    }

    func testMissingProgramSurfacesStepAndPath() throws {
        XCTAssertThrowsError(try probe.run(launchSpec([.mnt]), ["/bin/bash"])) { error in
            let failure = childFailure(error)
            XCTAssertEqual(failure?.step, CTR_STEP_EXEC)
            XCTAssertEqual(failure?.errno, ENOENT)
            XCTAssertEqual(failure?.path, "/bin/bash")
            XCTAssertEqual(failure?.programExists, false)
            XCTAssertNil(failure?.foundOnPath)
        }
        XCTAssertThrowsError(try probe.run(launchSpec([.mnt]), ["no-such-program"])) { error in
            let failure = childFailure(error)
            XCTAssertEqual(failure?.step, CTR_STEP_EXEC)
            XCTAssertEqual(failure?.path, "no-such-program", "the name typed, not a candidate")
        }
        // busybox keeps `id` in /usr/bin: a wrong directory is pointed out.
        XCTAssertThrowsError(try probe.run(launchSpec([.mnt]), ["/bin/id"])) { error in
            XCTAssertEqual(childFailure(error)?.path, "/bin/id")
            XCTAssertEqual(childFailure(error)?.foundOnPath, "/usr/bin/id")
        }
    }

    func testWorkdirAndMountPointErrorsNameTheStep() throws {
        var withWorkdir = launchSpec([.mnt])
        withWorkdir.workdir = "/does/not/exist"
        XCTAssertThrowsError(try probe.run(withWorkdir, ["/bin/true"])) { error in
            let failure = childFailure(error)
            XCTAssertEqual(failure?.step, CTR_STEP_CHDIR)
            XCTAssertEqual(failure?.path, "/does/not/exist")
            XCTAssertEqual(failure?.errno, ENOENT)
        }
        // A symlink where /proc should be must not point the mount at the host.
        unlink(rootfs.path + "/proc")
        rmdir(rootfs.path + "/proc")
        symlink("/tmp", rootfs.path + "/proc")
        XCTAssertThrowsError(try probe.run(launchSpec([.mnt]), ["/bin/true"])) { error in
            let failure = childFailure(error)
            XCTAssertEqual(failure?.step, CTR_STEP_MOUNT_PROC)
            XCTAssertEqual(failure?.path, rootfs.path)
            XCTAssertEqual(failure?.errno, ENOTDIR)
        }
    }

    func testInvalidSpecsAreRefusedBeforeAnythingIsCreated() {
        var noUTS = ContainerSpec()
        noUTS.hostname = "x"
        XCTAssertThrowsError(try probe.run(noUTS, ["/bin/true"])) { error in
            XCTAssertEqual(error as? RuntimeError, .spec(.hostnameWithoutUTSNamespace))
        }
        var missingRoot = ContainerSpec()
        missingRoot.namespaces = [.mnt]
        missingRoot.rootfs = RootfsSpec(path: rootfs.scratch + "/nope")
        XCTAssertThrowsError(try probe.run(missingRoot, ["/bin/true"])) { error in
            XCTAssertEqual(error as? RuntimeError, .spec(.rootfsUnreachable(path: rootfs.scratch + "/nope", errno: ENOENT)))
        }
    }

    /// The child's failure a launch threw, if that is what it threw.
    private func childFailure(_ error: any Error) -> ChildFailure? {
        guard case .childSetup(let failure) = error as? RuntimeError else { return nil }
        return failure
    }
}
