import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Base of the tests of running containers (`start`, `exec` into one,
/// live changes): a busybox root, a runtime over this machine's cgroups
/// with this test's session name, and a state directory of its own under
/// /tmp. tearDown stops every container the test made (also when it
/// failed), then checks that no state entry, child process or cgroup is
/// left. Needs root.
class LiveContainerTestCase: CgroupKernelTestCase {
    var rootfs: TestRootfs!
    var runtime: ContainerRuntime!
    private var stateScratch: TemporaryDirectory?
    private var containers: [Container] = []

    /// Where the runtime records running containers (`<scratch>/ctrsh`).
    var stateRoot: String { (stateScratch?.path ?? "/nonexistent") + "/ctrsh" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        rootfs = try TestRootfs()
        stateScratch = try TemporaryDirectory(prefix: "ctrsh-test-state-")
        runtime = ContainerRuntime(
            sessionID: session, cgroups: CgroupSystem.detect(session: session), state: StateDirectory(root: stateRoot))
    }

    override func tearDownWithError() throws {
        for container in containers where container.live != nil {
            let problems = runtime.remove(container)
            if !problems.isEmpty { XCTFail("stopping `\(container.name)`: \(problems)") }
        }
        runtime?.close()
        if stateScratch != nil {
            XCTAssertEqual(Directory.names(stateRoot), [], "state left in \(stateRoot): \(Directory.names(stateRoot + "/" + session))")
        }
        stateScratch?.remove()
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
        try super.tearDownWithError()
    }

    /// The cgroup driver; skips the test when no hierarchy is mounted.
    func requireCgroups() throws -> any CgroupDriver {
        try XCTUnwrap(runtime.cgroups, "no cgroup hierarchy is mounted")
    }

    /// A container called `name` with `namespaces` (plus `mnt`) in the
    /// test's root; tearDown stops it if it still runs.
    func makeContainer(
        _ name: String, _ namespaces: Set<NamespaceKind>, _ configure: (inout ContainerSpec) -> Void = { _ in }
    ) -> Container {
        var spec = ContainerSpec()
        spec.namespaces = namespaces.union([.mnt])
        spec.rootfs = RootfsSpec(path: rootfs.path)
        configure(&spec)
        let container = Container(name: name, spec: spec)
        containers.append(container)
        return container
    }

    /// `start`s a container and returns its live side.
    func started(
        _ name: String, _ namespaces: Set<NamespaceKind>, _ configure: (inout ContainerSpec) -> Void = { _ in }
    ) throws -> (Container, LiveContainer) {
        let container = makeContainer(name, namespaces, configure)
        try runtime.start(container)
        return (container, try XCTUnwrap(container.live, "`\(name)` runs after start"))
    }

    /// `exec /bin/sh -c SCRIPT` into a running container, in the
    /// foreground; what it printed and how it ended.
    func exec(_ container: Container, _ script: String) throws -> (output: String, status: ExitStatus) {
        let tee = try OutputTee()
        let run = try runtime.execForeground(into: container, argv: ["/bin/sh", "-c", script], user: nil, tee: tee)
        return (tee.text, run.status)
    }

    /// `exec -d /bin/sh -c SCRIPT` into a running container; its host PID.
    func execDetached(_ container: Container, _ script: String) throws -> pid_t {
        try runtime.execDetached(into: container, argv: ["/bin/sh", "-c", script], user: nil)
    }

    /// `/proc/PID/ns/KIND` as `readlink` shows it (`net:[4026531840]`).
    func namespaceLink(_ kind: NamespaceKind, of pid: pid_t) -> String {
        NamespaceInodes.inode(kind, of: String(pid)).map { "\(kind.procName):[\($0)]" } ?? "none"
    }

    /// The `NSpid` line of `/proc/PID/status`: the PID in each pid
    /// namespace, the host's first.
    func nsPIDs(_ pid: pid_t) -> [pid_t] {
        let status = FileText.readIfPresent("/proc/\(pid)/status") ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") }) else { return [] }
        return line.dropFirst("NSpid:".count).split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { pid_t($0) }
    }

    /// The one-letter state of a process (`R`, `S`, `D`, `Z`), nil when gone.
    func processState(_ pid: pid_t) -> String? {
        guard let stat = FileText.readIfPresent("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    /// True while `pid` is a live process (not gone, not a zombie).
    func isRunning(_ pid: pid_t) -> Bool {
        processState(pid).map { $0 != "Z" && $0 != "X" } ?? false
    }

    /// True when `pid` ignores `signal` (the `SigIgn` mask of `/proc/PID/status`).
    func ignores(_ signal: Int32, _ pid: pid_t) -> Bool {
        let status = FileText.readIfPresent("/proc/\(pid)/status") ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
              let mask = UInt64(line.dropFirst("SigIgn:".count).trimmed, radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    /// The state entry the runtime keeps for a running container.
    func stateEntry(_ name: String) -> String? {
        FileText.readIfPresent(stateRoot + "/" + session + "/" + name + ".state")
    }
}
