import CLinux
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
        XCTAssertGreaterThan(pid, 0)
        let limit = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("write 20 > ") && $0.hasSuffix("/ctrsh/\(session)/explained/pids.max") }, "\(lines)")
        let removed = try XCTUnwrap(lines.lastIndex { $0.hasPrefix("rmdir ") && $0.hasSuffix("/ctrsh/\(session)/explained") }, "\(lines)")
        XCTAssertTrue(lines.prefix(limit).contains { $0.hasPrefix("mkdir ") && $0.hasSuffix("/ctrsh/\(session)/explained") })
        XCTAssertLessThan(limit, clone, "limits are written before the clone")
        // v1: the child moves itself in (`tasks`) before any other step;
        // v2: CLONE_INTO_CGROUP places it in the clone itself.
        let reports = seen.compactMap { step -> ChildStepReport? in if case .child(let report) = step { report } else { nil } }
        let joins = reports.filter { $0.step == CTR_STEP_JOIN_CGROUP }
        if driver.version == .v1 {
            XCTAssertEqual(joins.map { $0.launch.taskFiles[$0.number] }, [("pids", "explained"), ("devices", ".devices")].map {
                driverGroupTasks(session, $0.0, group: $0.1)
            })
            XCTAssertEqual(lines[clone + 1], "[child] JOIN_CGROUP", "joining is the child's first step: \(lines)")
            XCTAssertEqual(lines[clone + 2], "[child] JOIN_CGROUP", "joining is the child's first step: \(lines)")
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
        // The child's own steps, announced before each one, after the clone,
        // with the facts their lines show (ChildStepWordsTests words them).
        let child = reports.filter { $0.step != CTR_STEP_JOIN_CGROUP }
        let protected = child.filter { $0.step == CTR_STEP_MASK_PATH }
        XCTAssertEqual(protected.map(\.number), Array(0..<15), "every masked and read-only kernel path is announced: \(lines)")
        // A session of its own first; a terminal of its own too when the test runs at one.
        // The terminal is opened in the container's own devpts, once in its root.
        let atTerminal = isatty(STDIN_FILENO) == 1
        XCTAssertEqual(child.first?.step, CTR_STEP_STDIO, "\(lines)")
        XCTAssertEqual(child.first?.number, atTerminal ? 1 : 0)
        XCTAssertEqual(child.filter { $0.step != CTR_STEP_MASK_PATH }.dropFirst().map(\.stepName), [
            "MOUNT_PRIVATE", "BIND_ROOTFS", "MOUNT_PROC", "MOUNT_DEV", "MOUNT_SYS", "PIVOT_ROOT", "DETACH_OLD_ROOT",
        ] + (atTerminal ? ["TERMINAL"] : []) + ["HOSTNAME", "CHDIR", "CAPABILITIES", "NO_NEW_PRIVS", "SECCOMP", "EXEC"])
        let launch = try XCTUnwrap(child.first?.launch)
        XCTAssertEqual(launch.root, rootfs.path)
        XCTAssertTrue(launch.ownRoot)
        XCTAssertEqual(launch.spec.hostname, "explained", "a uts namespace without `hostname`: the container's name")
        XCTAssertEqual(launch.spec.capabilities, Capability.dockerDefault)
        XCTAssertEqual(launch.seccompInstructions, 80)
        XCTAssertEqual(launch.seccompRefused, 61)
        let exec = try XCTUnwrap(child.last)
        XCTAssertEqual(launch.candidates[exec.number], "/bin/true")
        XCTAssertGreaterThan(try XCTUnwrap(lines.firstIndex(of: "[child] STDIO")), clone)
    }

    /// The `tasks` file of `group` in the hierarchy of `controller`.
    private func driverGroupTasks(_ session: String, _ controller: String, group: String) -> String {
        (topology.v1Hierarchy(for: controller).map { $0.ownDirectory } ?? "") + "/ctrsh/\(session)/\(group)/tasks"
    }
}
