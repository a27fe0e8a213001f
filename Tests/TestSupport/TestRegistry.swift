import CtrRuntime
import Glibc
import XCTest

/// A container registry for a test: Debian's `docker-registry` (the
/// distribution project's registry) on a free 127.0.0.1 port, storing in
/// a scratch directory, plain HTTP. `stop()` kills it by its PID and reaps
/// it; call it in a `defer` or the test's teardown (it is also called when
/// the object goes away).
public final class TestRegistry {
    /// `127.0.0.1:PORT`.
    public let address: String
    private let process: ChildProcess

    /// Starts the registry; skips the test, with the reason, when
    /// `docker-registry` is not installed.
    public init(scratch: String) throws {
        try Privileges.require(
            access("/usr/bin/docker-registry", X_OK) == 0, "needs docker-registry for a registry on loopback (`apt-get install docker-registry`)")
        let port = try Self.freePort()
        address = "127.0.0.1:\(port)"
        let config = scratch + "/registry.yml"
        try FileText.create(config, text: """
            version: 0.1
            storage:
              filesystem:
                rootdirectory: \(scratch)/registry-storage
            http:
              addr: \(address)

            """)
        process = try ChildProcess("/bin/sh", [
            "sh", "-c", "exec /usr/bin/docker-registry serve \"$1\" >\"$2\" 2>&1", "sh", config, scratch + "/registry.log",
        ])
        for _ in 0..<100 where !Self.accepts(port) { usleep(100_000) }
        guard Self.accepts(port) else {
            process.terminate()
            throw XCTSkip("docker-registry did not start listening on \(address): \((try? FileText.read(scratch + "/registry.log")) ?? "")")
        }
    }

    deinit { stop() }

    /// Kills the registry by its PID and reaps it.
    public func stop() { process.terminate() }

    /// Pushes `source` (a skopeo source: `oci:DIR:TAG`) as `REPO:TAG`.
    public func push(_ source: String, as name: String) throws {
        _ = try HostProgram.output(["skopeo", "copy", "--quiet", "--dest-tls-verify=false", source, "docker://\(address)/\(name)"])
    }

    /// A port the kernel just gave out on 127.0.0.1 (free again once closed).
    private static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else { throw XCTSkip("no free port on 127.0.0.1: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
