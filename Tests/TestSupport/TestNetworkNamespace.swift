import CtrRuntime
import Glibc
import XCTest

/// A network namespace a test made for itself, held open by a sleeping
/// process (`unshare --net sleep`): the "host" side of veth tests, so that
/// no interface, address or packet of a test ever touches the machine's
/// real network. Programs run inside it through `nsenter --net`. Call
/// `remove()` in a `defer` or `tearDown`: the namespace, and every
/// interface left in it, goes with its last process.
public final class TestNetworkNamespace {
    private let holder: ChildProcess
    /// `/proc/PID/ns/net` of the holder.
    public let path: String

    /// Makes the namespace; skips the test when that is impossible here.
    public init() throws {
        try Privileges.requireRoot("network namespaces and veth pairs")
        holder = try ChildProcess("/usr/bin/unshare", ["unshare", "--net", "--", "/bin/sleep", "600"])
        path = "/proc/\(holder.pid)/ns/net"
        // Until unshare has called unshare(2), its namespace is the machine's own.
        let own = Self.inode("/proc/self/ns/net")
        let deadline = Clock.monotonicSeconds + 5
        while Self.inode(path) == own || Self.inode(path) == nil {
            guard Clock.monotonicSeconds < deadline else {
                holder.terminate()
                throw XCTSkip("unshare --net did not make a network namespace within 5 s")
            }
            usleep(2_000)
        }
    }

    /// Ends the holder, and with it the namespace.
    public func remove() {
        holder.terminate()
    }

    deinit { remove() }

    /// Runs `argv` inside the namespace; returns its status and output.
    @discardableResult
    public func run(_ argv: [String], timeout: Double = 20) throws -> CtrshResult {
        var runner = CtrshRunner(scratch: "/tmp")
        runner.timeout = timeout
        return try runner.run(program: "/usr/bin/nsenter", ["nsenter", "--net=\(path)", "--"] + argv)
    }

    /// Runs `ip ARGUMENTS` inside and returns what it printed; fails the
    /// test when `ip` does.
    @discardableResult
    public func ip(_ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(["ip"] + arguments)
        XCTAssertEqual(result.status, .exited(0), "ip \(arguments.joined(separator: " ")): \(result)", file: file, line: line)
        return result.stdout
    }

    /// The names of the interfaces inside, as `ip -o link` lists them
    /// (`ctrsh-4711`, without the `@if2` of a veth).
    public func interfaceNames() throws -> [String] {
        try ip("-o", "link").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { return nil }
            return String(fields[1].dropLast().split(separator: "@").first ?? "")
        }
    }

    /// The inode of a namespace file, as `readlink` shows it (`net:[4026…]`).
    private static func inode(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink(path, &buffer, 63)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The machine's own network, as tests check it afterwards.
public enum HostInterfaces {
    /// The host's interfaces whose names start with `ctrsh-`: veth ends a
    /// test or a ctrsh leaked into the real network namespace.
    public static func ctrshVeths() -> [String] {
        Directory.names("/sys/class/net").filter { $0.hasPrefix("ctrsh-") }
    }
}
