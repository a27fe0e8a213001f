import CtrCommands
import CtrRuntime
import CtrShell
import Glibc
import TestSupport
import XCTest

/// What `cgroup set` can tell when it is typed is said then, not at the
/// next `start`: a limit whose controller is missing, a CPU limit beyond
/// the machine's CPUs, a swap limit without a memory limit. Each error
/// says what to do, and the spec is left as it was.
final class CgroupTypingChecksTests: XCTestCase {
    private let captured = CapturedOutput()
    private var shell: Shell?

    override func tearDown() {
        shell?.close()
    }

    /// A shell over this machine's real v1 hierarchies, without those of `missing`.
    private func makeShell(without missing: String? = nil) throws -> Shell {
        try Privileges.requireRoot("reads the real cgroup v1 hierarchies")
        let topology = try XCTUnwrap(CgroupSystem.topology())
        try Privileges.require(topology.preferredVersion == .v1, "the memory controller is not on a cgroup v1 hierarchy here")
        let hierarchies = topology.v1.filter { !$0.controllers.contains(missing ?? "") }
        let output = captured.output
        let driver = CgroupV1Driver(hierarchies: hierarchies, session: "typing-\(getpid())")
        let shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "typing-\(getpid())", cgroups: driver), output: output))
        self.shell = shell
        return shell
    }

    private func printed() -> String { captured.printed() }

    func testIOWeightWithoutTheBlkioControllerIsRefusedWhenTyped() throws {
        let shell = try makeShell(without: "blkio")
        XCTAssertEqual(shell.run("cgroup set io.weight 100"), .finished(failures: 1))
        let error = printed()
        XCTAssertTrue(error.hasPrefix("error: cgroup set: `io.weight` needs the blkio controller, and no cgroup v1 hierarchy here has it"), error)
        XCTAssertTrue(error.contains("mount one (`mount -t cgroup -o blkio cgroup /sys/fs/cgroup/blkio`), or set no io.weight"), error)
        XCTAssertNil(shell.session.current.spec.cgroup.ioWeight, "nothing was set")
        XCTAssertEqual(shell.run("cgroup set pids 20"), .finished(failures: 0), "a limit whose controller is here")
        XCTAssertEqual(shell.session.current.spec.cgroup.pids, 20)
    }

    func testCPULimitBeyondTheMachinesCPUsIsRefusedNamingThem() throws {
        let shell = try makeShell()
        let cpus = HostCPUs.online
        XCTAssertEqual(shell.run("cgroup set cpu \((cpus + 1) * 100)%"), .finished(failures: 1))
        let error = printed()
        XCTAssertTrue(error.contains("is more than this machine's \(cpus) CPU"), error)
        XCTAssertTrue(error.contains("set at most \(cpus * 100)% (or \(cpus)), or `max` for no limit"), error)
        XCTAssertNil(shell.session.current.spec.cgroup.cpu)
        XCTAssertEqual(shell.run("cgroup set cpu \(cpus * 100)%"), .finished(failures: 0), printed())
        XCTAssertEqual(shell.session.current.spec.cgroup.cpu, CPULimit(cpus: Double(cpus)))
        XCTAssertEqual(shell.run("cgroup set cpu max"), .finished(failures: 0), printed())
    }

    func testSwapWithoutAMemoryLimitIsRefusedAndMemoryCannotGoFromUnderIt() throws {
        let shell = try makeShell()
        XCTAssertEqual(shell.run("cgroup set memory.swap 0"), .finished(failures: 1))
        XCTAssertEqual(printed(), "error: cgroup set memory.swap: it counts beyond the memory limit, and none is set; "
            + "set memory first (`cgroup set memory …`), then memory.swap\n")
        XCTAssertNil(shell.session.current.spec.cgroup.memorySwap, "not shown as `0 beyond memory`")
        XCTAssertEqual(shell.run("cgroup set memory 64M; cgroup set memory.swap 0"), .finished(failures: 0), printed())
        XCTAssertEqual(shell.run("cgroup unset memory"), .finished(failures: 1))
        XCTAssertEqual(printed(), "error: cgroup unset memory: `memory.swap` counts beyond it; unset memory.swap first\n")
        XCTAssertEqual(shell.session.current.spec.cgroup.memory, .bytes(64 << 20))
        XCTAssertEqual(shell.run("cgroup unset memory.swap; cgroup unset memory"), .finished(failures: 0), printed())
        XCTAssertTrue(shell.session.current.spec.cgroup.isEmpty)
    }
}
