import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Twenty live containers in one session, each `start`ed (ctrsh-init and a
/// sleeper), then several rounds of `exec -d` and `exec` into each in turn.
/// Nothing is mixed up: `container ls` lists each container once, running,
/// with its own init; every process `ps` shows for a container is in that
/// container's cgroup and namespaces (as the host sees them in
/// `/proc/PID/ns/*` and `cgroup.procs`) and no other; what each `exec`
/// prints from inside names its own container's hostname and namespaces;
/// `logs` holds only that container's lines. `quit` removes it all.
/// Needs root.
final class LoadTests: EndToEndTestCase {
    private static let containers = 20
    private static let rounds = 4
    private let sleeper = "/bin/sleep 283"
    private let namespaces = ["pid", "uts", "ipc", "mnt"]

    func testTwentyLiveContainersWithExecLoopsStayApart() throws {
        let root = try requireRootfs()
        let names = (1...Self.containers).map { "c\($0)" }
        var script = ""
        for name in names {
            script += "container new \(name)\nns new \(namespaces.joined(separator: ","))\nhostname \(name)\n"
            script += "rootfs use \(root) --readonly\ncgroup set pids 20\nstart\nexec -d \(sleeper)\n"
        }
        // What the processes print: the container's hostname, $$ and
        // namespaces as seen from inside.
        let identity = "$(hostname) $$ $(readlink /proc/self/ns/uts) $(readlink /proc/self/ns/pid)"
        for round in 1...Self.rounds {
            for name in names {
                script += "container use \(name)\n"
                script += "exec -d /bin/sh -c 'echo detached \(round) \(identity); exec \(sleeper)'\n"
                script += "exec /bin/sh -c 'echo exec \(name) \(identity)'\n"
            }
        }
        script += "container ls\n"
        for name in names { script += "container use \(name)\necho ps \(name)\nps\necho logs \(name)\nlogs\n" }
        // The host's view: each container cgroup's processes, in every
        // hierarchy, with their namespaces.
        let inodes = namespaces.map { "$(readlink /proc/$p/ns/\($0))" }.joined(separator: " ")
        script += "host /bin/sh -c 'for f in $(find /sys/fs/cgroup -path \"*/ctrsh/$PPID/*/cgroup.procs\"); do "
            + "for p in $(cat $f); do echo truth $f $(basename $(dirname $f)) $p \(inodes); done; done'\nquit\n"
        let started = Clock.monotonicSeconds
        let result = try ctrsh(try write(script, to: "load.ctrsh"))
        let seconds = Clock.monotonicSeconds - started
        assertExit(result, 0)
        print("load: \(Self.containers) containers, \(Self.rounds) rounds of exec -d and exec each, in \(seconds) s")
        let report = try LoadReport(result.stdout, names: names)

        // container ls: every container once, running, with its own init.
        XCTAssertEqual(report.listed.map(\.name).sorted(), (["default"] + names).sorted(), result.stdout)
        var inits: [String: pid_t] = [:]
        for row in report.listed where row.name != "default" {
            XCTAssertEqual(row.state, "running", "\(row)")
            inits[row.name] = row.pid
        }
        XCTAssertEqual(Set(inits.values).count, Self.containers, "two containers share an init: \(inits)")

        // The host's truth: every hierarchy agrees on each cgroup's
        // processes, and the session's devices group (v1), which every
        // container under the default policy shares, holds them all.
        let truth = report.truth.filter { $0.container != ".devices" }
        let hierarchies = Set(truth.map(\.hierarchy))
        XCTAssertFalse(hierarchies.isEmpty, "no cgroup seen from the host:\n\(result.stdout)")
        for hierarchy in hierarchies {
            let members = Set(truth.filter { $0.hierarchy == hierarchy }.map { "\($0.container) \($0.pid)" })
            let first = Set(truth.filter { $0.hierarchy == hierarchies.first }.map { "\($0.container) \($0.pid)" })
            XCTAssertEqual(members, first, "cgroup hierarchies disagree: \(hierarchy)")
        }
        if Directory.exists("/sys/fs/cgroup/devices/cgroup.procs") {
            let shared = Set(report.truth.filter { $0.container == ".devices" }.map(\.pid))
            XCTAssertEqual(shared, Set(truth.map(\.pid)), "the session's devices group holds every container's processes")
        }
        var namespacesOf: [String: [String]] = [:]
        for name in names {
            let initPID = try XCTUnwrap(inits[name], name)
            let processes = truth.filter { $0.container == name }
            let members = Set(processes.map(\.pid))
            guard let own = processes.first(where: { $0.pid == initPID })?.namespaces else {
                XCTFail("\(name)'s init \(initPID) is not in its cgroup: \(members)")
                continue
            }
            namespacesOf[name] = own
            // ctrsh-init, the first sleeper, one sleeper per round.
            XCTAssertEqual(members.count, 2 + Self.rounds, "\(name): \(members)")
            for process in processes {
                XCTAssertEqual(process.namespaces, own, "\(name): process \(process.pid) is in other namespaces than its init")
            }
            // ps: exactly the cgroup's processes, PID 1 its init.
            let listed = try XCTUnwrap(report.ps[name], "no ps for \(name)")
            XCTAssertEqual(Set(listed.map(\.host)), members, "\(name): ps and the cgroup disagree")
            XCTAssertEqual(listed.first { $0.inside == 1 }?.host, initPID, "\(name): PID 1 is not its init")
            // exec: from inside, its own hostname and namespaces, never PID 1.
            let execs = report.execs.filter { $0.container == name }
            XCTAssertEqual(execs.count, Self.rounds, "\(name): \(execs)")
            for exec in execs {
                XCTAssertEqual(exec.hostname, name, "\(exec)")
                XCTAssertNotEqual(exec.pid, 1, "\(exec)")
                XCTAssertEqual([exec.uts, exec.pidNamespace], [own[1], own[0]], "\(name): exec ran in other namespaces")
            }
            // logs: this container's detached lines, one per round, whose
            // $$ is a sleeper's PID inside (the shell exec'd it).
            let logged = try XCTUnwrap(report.logs[name], "no logs for \(name)")
            XCTAssertEqual(logged.map(\.round).sorted(), Array(1...Self.rounds), "\(name): \(logged)")
            let sleepers = Set(listed.filter { $0.command == self.sleeper }.map(\.inside))
            for line in logged {
                XCTAssertEqual(line.hostname, name, "\(name)'s log: \(line)")
                XCTAssertEqual([line.uts, line.pidNamespace], [own[1], own[0]], "\(name)'s log: \(line)")
                XCTAssertTrue(sleepers.contains(line.pid), "\(name)'s log: $$ \(line.pid) is none of its sleepers \(sleepers)")
            }
        }
        for (index, kind) in namespaces.enumerated() {
            let inodes = Set(namespacesOf.values.map { $0[index] })
            XCTAssertEqual(inodes.count, Self.containers, "containers share a \(kind) namespace")
        }

        // quit removed everything.
        XCTAssertEqual(Leftovers.processes(mentioning: sleeper), [])
        XCTAssertEqual(Leftovers.cgroupDirectories(ofSession: result.pid), [])
        XCTAssertEqual(Leftovers.mounts(mentioning: root), [])
        XCTAssertEqual(Leftovers.state(ofSession: "\(result.pid)"), [], "state left")
    }
}

/// What the load test's script printed, parsed.
private struct LoadReport {
    struct Listed { var name: String; var state: String; var pid: pid_t? }
    struct Truth { var hierarchy: String; var container: String; var pid: pid_t; var namespaces: [String] }
    struct Process { var inside: pid_t; var host: pid_t; var command: String }
    /// A line printed from inside: `HOSTNAME $$ uts:[…] pid:[…]`.
    struct Identity { var container: String; var round: Int; var hostname: String; var pid: pid_t; var uts: String; var pidNamespace: String }

    var listed: [Listed] = []
    var truth: [Truth] = []
    var ps: [String: [Process]] = [:]
    var logs: [String: [Identity]] = [:]
    var execs: [Identity] = []

    init(_ output: String, names: [String]) throws {
        var section: (kind: String, container: String)?
        for line in output.split(separator: "\n").map(String.init) {
            let fields = line.split(separator: " ").map(String.init)
            guard let first = fields.first, first != "NAME", first != "PID" else { continue }
            if (first == "ps" || first == "logs") && fields.count == 2 {
                section = (first, fields[1])
                if first == "ps" { ps[fields[1]] = [] } else { logs[fields[1]] = [] }
            } else if first == "truth" {
                section = nil
                guard fields.count == 8, let pid = pid_t(fields[3]), let cut = fields[1].range(of: "/ctrsh/") else {
                    throw ParseError(line: line)
                }
                let hierarchy = String(fields[1][..<cut.lowerBound])
                truth.append(Truth(hierarchy: hierarchy, container: fields[2], pid: pid, namespaces: Array(fields[4...])))
            } else if first == "exec" && fields.count == 6 {
                execs.append(try Self.identity(fields, container: fields[1], round: 0, line: line))
            } else if first == "detached", fields.count == 6, let section, section.kind == "logs" {
                let identity = try Self.identity(fields, container: section.container, round: Int(fields[1]) ?? 0, line: line)
                logs[section.container, default: []].append(identity)
            } else if let section, section.kind == "ps" {
                guard fields.count >= 4, let inside = pid_t(fields[0]), let host = pid_t(fields[1]) else { throw ParseError(line: line) }
                ps[section.container, default: []].append(Process(inside: inside, host: host, command: fields[3...].joined(separator: " ")))
            } else if section == nil {
                let name = first.hasPrefix("*") ? String(first.dropFirst()) : first
                if (names.contains(name) || name == "default") && fields.count >= 3 {
                    listed.append(Listed(name: name, state: fields[1], pid: pid_t(fields[2])))
                }
            }
        }
    }

    private static func identity(_ fields: [String], container: String, round: Int, line: String) throws -> Identity {
        guard let pid = pid_t(fields[3]) else { throw ParseError(line: line) }
        return Identity(container: container, round: round, hostname: fields[2], pid: pid, uts: fields[4], pidNamespace: fields[5])
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: String
        var description: String { "unexpected line: \(line)" }
    }
}
