import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The base of runtime tests that need a busybox root but no cgroup: each
/// test gets a fresh root and a runtime with its state in the test's own
/// scratch directory, and afterwards no child process may be left.
class RootfsTestCase: XCTestCase {
    var rootfs: TestRootfs!
    var runtime: ContainerRuntime!
    var probe: ContainerProbe { ContainerProbe(runtime: runtime) }

    override func setUpWithError() throws {
        try super.setUpWithError()
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(
            sessionID: "test-\(getpid())", cgroups: nil, state: StateDirectory(root: rootfs.scratch + "/state"))
    }

    override func tearDown() {
        runtime?.close()
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
        super.tearDown()
    }

    /// A spec with `namespaces` (and `mnt`) entering the test's root.
    func spec(_ namespaces: Set<NamespaceKind>) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = namespaces.union([.mnt])
        spec.rootfs = RootfsSpec(path: rootfs.path)
        return spec
    }
}
