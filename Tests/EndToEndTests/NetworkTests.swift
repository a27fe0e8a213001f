import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `net up`, `net veth` and `net show` through the built `ctrsh`. Each
/// ctrsh runs inside a network namespace the test made
/// (`TestNetworkNamespace`): the "host" end of every veth lives there, the
/// pings stay there, and the test can look at that namespace after ctrsh
/// has gone. Afterwards the machine's own network must hold no `ctrsh-`
/// interface. Needs root.
final class NetworkEndToEndTests: EndToEndTestCase {
    private var network: TestNetworkNamespace!

    override func setUpWithError() throws {
        try super.setUpWithError()
        network = try TestNetworkNamespace()
    }

    override func tearDown() {
        if let network {
            XCTAssertEqual((try? network.interfaceNames())?.filter { $0.hasPrefix("ctrsh-") }, [], "a host end outlived its ctrsh")
            network.remove()
        }
        XCTAssertEqual(HostInterfaces.ctrshVeths(), [], "a veth end reached the machine's own network")
        super.tearDown()
    }

    /// What `host ip -o link` printed after the line `echo MARKER`: the
    /// interfaces of the test's namespace at that point of the script.
    private func interfaces(after marker: String, in result: CtrshResult, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        guard let start = result.stdout.range(of: marker + "\n") else {
            XCTFail("no `\(marker)` in the output: \(result)", file: file, line: line)
            return []
        }
        // `ip -o link`: one line per interface, "2: ctrsh-4711@if2: <…", up to the next other line.
        var names: [String] = []
        for line in result.stdout[start.upperBound...].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1, fields[0].hasSuffix(":"), Int(fields[0].dropLast()) != nil else { break }
            names.append(String(fields[1].dropLast().split(separator: "@").first ?? ""))
        }
        return names
    }

    /// The issue's example: `net up`, `net veth`, a ping each way, `net
    /// show`; a second container shares it all through `ns join net`; the
    /// host end goes with `container rm`.
    static let transcript = #"""
        ns new pid,net
        rootfs use $1
        net up
        net veth 10.200.1.2/24
        net show
        expect output matches '^ +eth0 +veth +up +10\.200\.1\.2/24$'
        expect output matches '^ +ctrsh-<PID> \(host\) +veth +up +10\.200\.1\.1/24$'
        start
        net show
        expect output matches '^ +lo +loopback +up +127\.0\.0\.1/8$'
        expect output matches '^ +eth0 +veth +up +10\.200\.1\.2/24$'
        expect output matches '^ +ctrsh-[0-9]+ \(host\) +veth +up +10\.200\.1\.1/24$'
        expect output matches '^ +default +10\.200\.1\.1 +eth0$'
        expect output matches '^ +10\.200\.1\.0/24 +- +eth0$'
        exec /bin/ping -c1 -W2 10.200.1.1
        expect output contains "1 packets transmitted, 1 packets received"
        host busybox ping -c1 -W2 10.200.1.2
        expect status 0
        container new sidecar
        ns new pid
        ns join net default
        rootfs use $1
        exec /bin/ping -c1 -W2 10.200.1.1
        expect output contains "1 packets received"
        echo mark-running
        host ip -o link
        container rm default
        echo mark-removed
        host ip -o link
        """#

    func testPingBothWaysAndTheHostEndGoesWithContainerRm() throws {
        let root = try requireRootfs()
        let script = try write(Self.transcript, to: "veth.ctrsh")
        let result = try ctrsh(in: network, script, root)
        assertExit(result, 0)
        let running = interfaces(after: "mark-running", in: result)
        XCTAssertEqual(running.filter { $0.hasPrefix("ctrsh-") }.count, 1, "\(result)")
        XCTAssertEqual(interfaces(after: "mark-removed", in: result), ["lo"], "\(result)")
    }

    func testAForegroundExecOrRunHasItsVethOnlyWhileItRuns() throws {
        let root = try requireRootfs()
        let result = try ctrsh(in: network, "-c", """
            ns new net; rootfs use \(root); net veth 10.200.1.2/24
            exec /bin/sh -c 'ip -o -4 addr show eth0; ip route; ping -c1 -W2 10.200.1.1'
            expect output contains "inet 10.200.1.2/24"
            expect output contains "default via 10.200.1.1 dev eth0"
            expect output contains "1 packets received"
            echo mark-exec
            host ip -o link
            explain on
            run /bin/ping -c1 -W2 10.200.1.1
            explain off
            echo mark-run
            host ip -o link
            """)
        assertExit(result, 0)
        XCTAssertEqual(interfaces(after: "mark-exec", in: result), ["lo"], "\(result)")
        XCTAssertEqual(interfaces(after: "mark-run", in: result), ["lo"], "\(result)")
        // `explain` shows each netlink request as the `ip` command that would send it, in order.
        let lines = result.stdout.split(separator: "\n").map { $0.trimmed }
        let clone = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("clone3(CLONE_NEWNET|CLONE_NEWNS) = ") }, "\(result)")
        let pid = lines[clone].split(separator: " ").last.map(String.init) ?? "?"
        let expected = [
            "netlink: ip link add ctrsh-\(pid) type veth peer name eth0 netns /proc/\(pid)/ns/net",
            "netlink: ip addr add 10.200.1.1/24 dev ctrsh-\(pid) (host)",
            "netlink: ip link set ctrsh-\(pid) up (host)",
            "netlink: ip addr add 10.200.1.2/24 dev eth0 (container)",
            "netlink: ip link set eth0 up (container)",
            "netlink: ip route add default via 10.200.1.1 dev eth0 (in the container)",
            "[child] execve /bin/ping",
            "netlink: ip link del ctrsh-\(pid)",
        ]
        let positions = expected.map { line in lines.firstIndex { $0 == line } }
        XCTAssertFalse(positions.contains(nil), "missing: \(zip(expected, positions).filter { $0.1 == nil }.map(\.0))\n\(result)")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "out of order: \(result)")
        XCTAssertLessThan(clone, positions.compactMap { $0 }.min() ?? 0)
    }

    func testAVethAddedToARunningContainerGoesWithOffOrWhenItStops() throws {
        let root = try requireRootfs()
        let result = try ctrsh(in: network, "-c", """
            ns new pid,net; rootfs use \(root); start
            net veth 10.200.1.2/24
            exec /bin/ping -c1 -W2 10.200.1.1
            net veth 10.200.9.2/24
            expect error contains "has a veth already"
            net veth off
            echo mark-off
            host ip -o link
            net veth 10.200.9.2/24
            exec /bin/ping -c1 -W2 10.200.9.1
            echo mark-running
            host ip -o link
            stop
            echo mark-stopped
            host ip -o link
            net show
            expect output contains "is not running"
            expect output matches '^ +eth0 +veth +up +10\\.200\\.9\\.2/24$'
            """)
        assertExit(result, 0)
        XCTAssertEqual(interfaces(after: "mark-off", in: result), ["lo"], "\(result)")
        XCTAssertEqual(interfaces(after: "mark-running", in: result).filter { $0.hasPrefix("ctrsh-") }.count, 1, "\(result)")
        XCTAssertEqual(interfaces(after: "mark-stopped", in: result), ["lo"], "\(result)")
    }

    /// Every refusal is one clear line, and none leaves a veth (or a
    /// cgroup: the base class checks) behind.
    func testBadInputLeavesNoVeth() throws {
        let root = try requireRootfs()
        let result = try ctrsh(in: network, "-c", """
            rootfs use \(root)
            net veth 10.200.1.2/24
            expect error contains "net veth: needs a net namespace of its own"
            ns new net
            net veth 10.200.1.2
            expect error contains "has no prefix length"
            net veth 10.200.300.2/24
            expect error contains "is not an IPv4 address"
            net veth 10.200.1.2/31
            expect error contains "a /31 network is too small"
            net veth 10.200.1.2/4
            expect error contains "a /4 network is too large"
            net veth 10.200.1.0/24
            expect error contains "is the network address"
            host ip link add name uplink type veth peer name uplink-peer
            host ip addr add 10.50.0.1/16 dev uplink
            net veth 10.50.3.2/24
            expect error contains "net veth: 10.50.3.0/24 overlaps 10.50.0.1/16, an address of the host's `uplink`"
            container new other
            ns new net
            net veth 10.60.1.2/24
            start
            container use default
            net veth 10.60.0.9/16
            expect error contains "net veth: 10.60.0.0/16 overlaps 10.60.1.0/24, the veth network of `other`"
            container new joined
            ns join net other
            net veth 10.70.1.2/24
            expect error contains "shares the net namespace of `other`"
            stop other
            container use default
            net veth 10.90.1.2/24
            host ip addr add 10.90.1.1/24 dev uplink
            exec /bin/true
            expect error contains "net veth: 10.90.1.0/24 overlaps 10.90.1.1/24, an address of the host's `uplink`"
            net veth 10.91.1.2/24
            exec /no/such/program
            expect error contains "not found"
            ns rm net
            exec /bin/true
            expect error contains "net veth: needs a net namespace of its own to put the container's end in: `ns new net` (or `net veth off`)"
            net veth off
            exec /bin/true
            echo mark-end
            host ip -o link
            """)
        assertExit(result, 0)
        XCTAssertEqual(interfaces(after: "mark-end", in: result), ["lo", "uplink-peer", "uplink"], "\(result)")
        XCTAssertFalse(result.stdout.contains("ctrsh-"), "\(result)")
    }

    /// A killed ctrsh cannot remove its veth; while a process it left keeps
    /// the container's namespace alive, so does the host end, until `gc`.
    func testGcRemovesTheVethOfAKilledSession() throws {
        let root = try requireRootfs()
        let orphan = "/bin/sleep 311"
        let log = scratch + "/killed.log"
        let output = open(log, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            close(output)
            close(input)
        }
        let script = "ns new net,mnt; rootfs use \(root); net veth 10.200.1.2/24; start; exec -d /bin/sh -c '\(orphan) & :'; sleep 60s"
        let pid = try Spawn.start(
            "/usr/bin/nsenter", ["nsenter", "--net=\(network.path)", "--", CtrshBinary.path, "-c", script],
            environment: CtrshRunner.environment(scratch: scratch), directory: scratch,
            stdio: .descriptors(input: input, output: output, error: output))
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            for process in Leftovers.processes(mentioning: orphan) { kill(process, SIGKILL) }
            Leftovers.removeCgroups(ofSession: pid)
            Leftovers.removeState(ofSession: "\(pid)")
        }
        // The sleep itself, not the `sh -c` whose command line names it too.
        let orphanRuns = { Leftovers.processes(mentioning: orphan).contains { FileText.readIfPresent("/proc/\($0)/comm") == "sleep\n" } }
        let deadline = Clock.monotonicSeconds + 15
        while !(Directory.exists("/run/ctrsh/\(pid)/default.veth") && orphanRuns()) {
            guard Clock.monotonicSeconds < deadline else {
                return XCTFail("the container did not start: \(FileText.readIfPresent(log) ?? "")")
            }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        usleep(200_000)  // ctrsh-init gets its parent-death signal
        let left = try network.interfaceNames().filter { $0.hasPrefix("ctrsh-") }
        XCTAssertEqual(left.count, 1, "the orphan keeps the container's namespace, and the pair, alive")

        let gc = try ctrsh(in: network, "gc")
        assertExit(gc, 0)
        XCTAssertTrue(gc.stdout.contains("gc: removed veth \(left.first ?? "?")\n"), "\(gc)")
        XCTAssertEqual(try network.interfaceNames(), ["lo"])
        XCTAssertEqual(Leftovers.state(ofSession: "\(pid)"), [])
    }
}
