import CtrCommands
import CtrRuntime
import CtrShell
import Glibc
import XCTest

/// `record FILE` saves the commands that succeed, as typed, and the saved
/// script replays the session.
final class RecordTests: XCTestCase {
    private var directory = ""
    private var shell: Shell!
    private var sink: [Int32] = [-1, -1]

    override func setUpWithError() throws {
        var template = Array("/tmp/ctrsh-test-XXXXXX".utf8CString)
        directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        XCTAssertEqual(pipe(&sink), 0)
        _ = fcntl(sink[0], F_SETFL, O_NONBLOCK)
        shell = makeShell()
    }

    override func tearDown() {
        shell?.close()
        close(sink[0])
        close(sink[1])
        _ = try? HostProgram.run(["rm", "-rf", directory])
    }

    private func makeShell() -> Shell {
        let output = Output(standardOutput: sink[1], standardError: sink[1])
        return Shell(session: Session(runtime: ContainerRuntime(sessionID: "record-\(getpid())", cgroups: nil), output: output))
    }

    func testRecordsCommandsThatSucceedAndReplays() throws {
        let path = directory + "/session.ctrsh"
        shell.run("record \(path)")
        shell.run("ns new pid,uts; hostname 'rec demo'   # a comment")
        shell.run("cgroup set memory 64Q")
        shell.run("let X=1; record stop; echo not recorded")
        let lines = try FileText.read(path).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "#!/usr/bin/env ctrsh")
        XCTAssertTrue(lines[1].hasPrefix("# Recorded by ctrsh \(CtrshVersion.current) on "), lines[1])
        XCTAssertEqual(Array(lines.dropFirst(2)), ["ns new pid,uts", "hostname 'rec demo'", "let X=1"])

        let replay = makeShell()
        defer { replay.close() }
        XCTAssertEqual(replay.runScript(at: path), .finished(failures: 0))
        XCTAssertEqual(replay.session.current.spec.hostname, "rec demo")
        XCTAssertEqual(replay.session.current.spec.namespaces, [.pid, .uts])
    }

    func testRefusesToOverwriteWithoutForce() throws {
        let path = directory + "/exists.ctrsh"
        try FileText.create(path, text: "keep me\n")
        XCTAssertEqual(shell.run("record \(path)"), .finished(failures: 1))
        XCTAssertEqual(try FileText.read(path), "keep me\n")
        XCTAssertEqual(shell.run("record \(path) --force; record stop"), .finished(failures: 0))
        XCTAssertTrue(try FileText.read(path).hasPrefix("#!/usr/bin/env ctrsh\n"))
    }

    /// The spec written back as commands makes an equal spec: every
    /// setting the language can express, in three containers (cgroup limits
    /// need a cgroup hierarchy: RecordReplayTests checks those).
    func testSpecScriptRoundTripsEverySetting() throws {
        try FileText.create(directory + "/marker", text: "")
        let setup = """
            let WHO='a b'
            ns new pid,uts,net,ipc,cgroup; hostname 'h 1'
            rootfs use \(directory) --overlay --readonly
            mount bind \(directory) /host ro; mount tmpfs /scratch size=8M; mount tmpfs /big
            env A='x y' B=it\\'s; env rm TERM; workdir '/my dir'
            cap drop net_raw,mknod; cap add sys_admin; nnp off; seccomp off; net up; net veth 10.231.7.2/24
            device allow c 10:232 rw; device deny c 1:9 rwm
            container new web; user map 0 100000 1000 --uid; user map 0 200000 2000 --gid
            container new db; container use web
            """
        XCTAssertEqual(shell.run(setup), .finished(failures: 0), printed())
        let commands = SpecScript.commands(for: shell.session)
        let replay = makeShell()
        defer { replay.close() }
        XCTAssertEqual(replay.run(commands.joined(separator: "\n")), .finished(failures: 0), commands.joined(separator: "\n") + printed())
        XCTAssertEqual(replay.session.containers.map(\.name), shell.session.containers.map(\.name))
        XCTAssertEqual(replay.session.current.name, "web")
        XCTAssertEqual(replay.session.variables, shell.session.variables)
        for (replayed, original) in zip(replay.session.containers, shell.session.containers) {
            XCTAssertEqual(replayed.spec, original.spec, "\(original.name): \(commands.joined(separator: "\n"))")
        }
        XCTAssertNotEqual(shell.session.containers[0].spec, ContainerSpec(), "the setup set nothing")
    }

    /// What the shells printed so far.
    private func printed() -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(sink[0], &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }
}
