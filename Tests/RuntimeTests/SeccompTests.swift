import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The default seccomp filter on the real kernel: what a container's
/// process sees in `/proc/self/status`, and what the kernel answers to the
/// calls the deny-list names (made by the static escape-probe in the root),
/// with the filter and without it.
final class SeccompTests: RootfsTestCase {
    /// The default container: a busybox root, new pid, uts, mnt and ipc namespaces.
    private var defaultSpec: ContainerSpec { spec([.pid, .uts, .ipc]) }

    private var withoutFilter: ContainerSpec {
        var spec = defaultSpec
        spec.seccomp = .off
        return spec
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try EscapeProbe.install(inRoot: rootfs.path)
    }

    /// What the probe says about `verb` (`ok`, `EPERM`, …) in a container of `spec`.
    private func answer(_ spec: ContainerSpec, _ verb: String) throws -> String {
        let (output, status) = try probe.run(spec, [EscapeProbe.pathInRoot, verb])
        XCTAssertEqual(status, .exited(0), "\(verb): \(output)")
        let line = output.split(separator: "\n").first { $0.hasPrefix(verb + ": ") }
        return String(try XCTUnwrap(line, "\(verb): \(output)").dropFirst(verb.count + 2))
    }

    private func status(_ spec: ContainerSpec, _ field: String) throws -> String {
        let (output, status) = try probe.run(spec, ["/bin/grep", "\(field):", "/proc/self/status"])
        XCTAssertEqual(status, .exited(0), output)
        return String(output.split(separator: "\t").last?.trimmed ?? "")
    }

    func testTheDefaultContainerRunsUnderOneFilter() throws {
        XCTAssertEqual(try status(defaultSpec, "Seccomp"), "2", "2 is SECCOMP_MODE_FILTER")
        XCTAssertEqual(try status(defaultSpec, "Seccomp_filters"), "1")
        XCTAssertEqual(try status(withoutFilter, "Seccomp"), "0")
    }

    func testRefusedCallsFailWithEPERMAndPassWithoutTheFilter() throws {
        XCTAssertEqual(try answer(defaultSpec, "keyctl"), "EPERM")
        XCTAssertNotEqual(try answer(withoutFilter, "keyctl"), "EPERM", "the kernel itself lets root read its keyring ID")
        XCTAssertEqual(try answer(defaultSpec, "unshare-user"), "EPERM")
        XCTAssertEqual(try answer(defaultSpec, "clone-user"), "EPERM")
        XCTAssertEqual(try answer(defaultSpec, "clone-plain"), "ok", "clone without CLONE_NEW* flags (fork) is allowed")
        XCTAssertEqual(try answer(defaultSpec, "clone3"), "ENOSYS", "clone3 says ENOSYS, so the C library falls back to clone")
        XCTAssertEqual(try answer(withoutFilter, "clone3"), "ok")
        XCTAssertEqual(try answer(defaultSpec, "io_uring"), "EPERM")
        // TIOCSTI and AF_VSOCK, also with the high bits of the argument set.
        XCTAssertEqual(try answer(defaultSpec, "tiocsti-high"), "EPERM")
        XCTAssertEqual(try answer(withoutFilter, "tiocsti-high"), "ENOTTY", "the kernel reads TIOCSTI; standard input is no terminal")
        XCTAssertEqual(try answer(defaultSpec, "vsock"), "EPERM")
        XCTAssertEqual(try answer(defaultSpec, "vsock-high"), "EPERM")
        XCTAssertNotEqual(try answer(withoutFilter, "vsock"), "EPERM", "the kernel itself lets root make one (or lacks AF_VSOCK)")

        let userNamespaces = (try? FileText.read("/proc/sys/user/max_user_namespaces"))?.trimmed ?? "0"
        try Privileges.require(userNamespaces != "0", "user namespaces are disabled here (max_user_namespaces = 0)")
        XCTAssertEqual(try answer(withoutFilter, "unshare-user"), "ok", "without the filter the kernel allows a user namespace")
        XCTAssertEqual(try answer(withoutFilter, "clone-user"), "ok")
    }

    func testWithoutNoNewPrivsTheFilterIsInstalledBeforeTheCapabilityDrop() throws {
        var spec = defaultSpec
        spec.noNewPrivileges = false
        XCTAssertEqual(try status(spec, "NoNewPrivs"), "0")
        XCTAssertEqual(try status(spec, "Seccomp"), "2")
        XCTAssertEqual(try status(spec, "CapEff"), "00000000a80425fb")
        XCTAssertEqual(try answer(spec, "keyctl"), "EPERM")
    }

    func testAKeptCapabilityGivesBackTheCallsDockerAllowsWithIt() throws {
        var admin = defaultSpec
        admin.capabilities.append("sys_admin")
        XCTAssertEqual(try answer(admin, "unshare-user"), "ok", "sys_admin gives back unshare, as in Docker's profile")
        XCTAssertEqual(try answer(admin, "clone3"), "ok")
        XCTAssertEqual(try answer(admin, "keyctl"), "EPERM", "keyctl stays refused whatever the capabilities")
    }

    func testAnotherUserKeepsTheFilter() throws {
        let tee = try OutputTee()
        let run = try runtime.runForeground(
            defaultSpec, argv: ["/bin/grep", "-E", "^(Uid|Seccomp|CapEff):", "/proc/self/status"], name: "user", tee: tee,
            user: (uid: 1000, gid: 1000))
        XCTAssertEqual(run.status, .exited(0), tee.text)
        XCTAssertTrue(tee.text.contains("Uid:\t1000\t1000\t1000\t1000"), tee.text)
        XCTAssertTrue(tee.text.contains("Seccomp:\t2"), tee.text)
        XCTAssertTrue(tee.text.contains("CapEff:\t0000000000000000"), tee.text)
    }

    func testACallThroughAnotherABIKillsTheProcess() throws {
        #if arch(x86_64)
        for verb in ["i386-getpid", "x32-getpid"] {
            let (output, status) = try probe.run(defaultSpec, [EscapeProbe.pathInRoot, verb])
            XCTAssertEqual(status, .signaled(SIGSYS), "\(verb): \(output)")
        }
        XCTAssertEqual(try answer(withoutFilter, "i386-getpid"), "ok", "without the filter int 0x80 reaches the kernel")
        XCTAssertNotEqual(try answer(withoutFilter, "x32-getpid"), "EPERM")
        #else
        throw XCTSkip("the i386 and x32 ABIs exist on x86_64 only")
        #endif
    }
}
