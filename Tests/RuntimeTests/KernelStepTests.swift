import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The steps `explain on` prints are the ones the runtime took, in order:
/// the cgroup made and limited, the device policy written, clone3 with the
/// spec's flags, the child put in its group, the group removed.
final class KernelStepTests: CgroupKernelTestCase {
    func testStepsOfAOneShotContainerInOrder() throws {
        let rootfs = try TestRootfs()
        defer { rootfs.remove() }
        let steps = KernelStepLog()
        var seen: [KernelStep] = []
        steps.observer = { seen.append($0) }
        let driver = try XCTUnwrap(CgroupSystem.detect(session: session) { steps.report(.cgroup($0)) })
        let runtime = ContainerRuntime(sessionID: session, cgroups: driver, steps: steps)
        defer { runtime.close() }
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .uts, .mnt]
        spec.rootfs = RootfsSpec(path: rootfs.path)
        spec.cgroup.pids = 20
        let run = try runtime.runForeground(spec, argv: ["/bin/true"], name: "explained")
        XCTAssertEqual(run.status, .exited(0))

        let lines = seen.map(\.description)
        let clone = try XCTUnwrap(seen.firstIndex { if case .clone = $0 { return true } else { return false } }, "\(lines)")
        guard case .clone(let flags, let pid) = seen[clone] else { return XCTFail("no clone3") }
        XCTAssertEqual(flags, ["CLONE_NEWPID", "CLONE_NEWUTS", "CLONE_NEWNS"])
        let limit = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("write 20 > ") && $0.hasSuffix("/ctrsh/\(session)/explained/pids.max") }, "\(lines)")
        let removed = try XCTUnwrap(lines.lastIndex { $0.hasPrefix("rmdir ") && $0.hasSuffix("/ctrsh/\(session)/explained") }, "\(lines)")
        XCTAssertTrue(lines.prefix(limit).contains { $0.hasPrefix("mkdir ") && $0.hasSuffix("/ctrsh/\(session)/explained") })
        XCTAssertLessThan(limit, clone, "limits are written before the clone")
        // v1: the child moves itself in (`tasks`) before any other step;
        // v2: CLONE_INTO_CGROUP places it in the clone itself.
        let joins = lines.filter { $0.hasPrefix("[child] echo 0 > ") }
        if driver.version == .v1 {
            XCTAssertEqual(joins, [("pids", "explained"), ("devices", ".devices")].map {
                "[child] echo 0 > " + KernelStepTests.short(driverGroupTasks(session, $0.0, group: $0.1)) + " (the child moves itself into its group)"
            })
            XCTAssertEqual(lines.firstIndex(of: joins[0]), clone + 1, "joining is the child's first step: \(lines)")
            XCTAssertEqual(lines.firstIndex(of: joins[1]), clone + 2, "joining is the child's first step: \(lines)")
            // The device policy: deny everything, then Docker's list, before
            // the clone, in the session's shared devices group, made at its
            // first container.
            let deny = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("write a > ") && $0.hasSuffix("/.devices/devices.deny") }, "\(lines)")
            let allows = lines.filter { $0.hasSuffix("/.devices/devices.allow") }
            XCTAssertEqual(allows.map { $0.dropFirst("write ".count).prefix { $0 != ">" }.trimmingCharacters(in: .whitespaces) },
                           DevicePolicy.dockerDefault.rules.map(\.description))
            XCTAssertLessThan(deny, try XCTUnwrap(lines.firstIndex(of: allows[0])))
            XCTAssertLessThan(try XCTUnwrap(lines.lastIndex(of: allows[allows.count - 1])), clone)
        } else {
            XCTAssertEqual(joins, [])
            XCTAssertTrue(lines.contains { $0.hasPrefix("bpf(BPF_PROG_LOAD, cgroup_device") }, "\(lines)")
        }
        XCTAssertFalse(lines.contains { $0.hasSuffix("/cgroup.procs") }, "no PID is written to cgroup.procs: \(lines)")
        XCTAssertLessThan(clone, removed)
        // The child's own steps, announced before each one, after the clone.
        let child = lines.filter { $0.hasPrefix("[child] ") && !joins.contains($0) }
        let protected = child.filter { $0.hasPrefix("[child] mask ") || $0.hasPrefix("[child] mount --bind -o ro ") }
        XCTAssertEqual(protected.count, 15, "every masked and read-only kernel path is announced: \(child)")
        XCTAssertTrue(protected.contains("[child] mount --bind -o ro \(rootfs.path)/proc/sys"), "\(protected)")
        // A session of its own first; a terminal of its own too when the test runs at one.
        // The terminal is opened in the container's own devpts, once in its root.
        let atTerminal = isatty(STDIN_FILENO) == 1
        let ownSession = atTerminal
            ? "[child] setsid: a session of its own; its terminal comes from the container's /dev/ptmx once it is in its root"
            : "[child] setsid: a session of its own, without a controlling terminal"
        let terminal = atTerminal ? [
            "[child] open /dev/ptmx (the container's own devpts), ioctl(TIOCGPTPEER) → /dev/pts/0; ioctl(TIOCSCTTY) on it as "
                + "standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it",
        ] : []
        XCTAssertEqual(child.first, ownSession, "\(child)")
        XCTAssertEqual(Array(child.filter { !protected.contains($0) }.dropFirst()), [
            "[child] mount none / MS_REC|MS_PRIVATE",
            "[child] mount \(rootfs.path) \(rootfs.path) MS_BIND|MS_REC",
            "[child] mount -t proc proc \(rootfs.path)/proc",
            "[child] mount -t tmpfs tmpfs \(rootfs.path)/dev; mknod null zero full random urandom tty; devpts on /dev/pts, tmpfs on /dev/shm",
            "[child] mount -t sysfs sysfs \(rootfs.path)/sys MS_RDONLY",
            "[child] pivot_root(\".\", \".\") in \(rootfs.path)",
            "[child] umount2(old root, MNT_DETACH)",
        ] + terminal + [
            "[child] sethostname explained",  // a uts namespace without `hostname`: the container's name
            "[child] chdir /",
            "[child] drop capabilities but " + Capability.dockerDefault.joined(separator: ","),
            "[child] prctl(PR_SET_NO_NEW_PRIVS, 1)",
            "[child] seccomp(SECCOMP_SET_MODE_FILTER): a BPF program of 80 instructions refusing 61 calls",
            "[child] execve /bin/true",
        ])
        XCTAssertGreaterThan(try XCTUnwrap(lines.firstIndex(of: child[0])), clone)
    }

    /// The `tasks` file of `group` in the hierarchy of `controller`.
    private func driverGroupTasks(_ session: String, _ controller: String, group: String) -> String {
        (topology.v1Hierarchy(for: controller).map { $0.ownDirectory } ?? "") + "/ctrsh/\(session)/\(group)/tasks"
    }

    /// A path as `explain` prints it (see KernelStep.description).
    private static func short(_ path: String) -> String {
        String(KernelStep.cgroup(.makeDirectory(path)).description.dropFirst("mkdir ".count))
    }
}
