import CtrRuntime
import Glibc
import XCTest

/// Runs a container with its output captured, for assertions on what the
/// kernel shows inside.
public struct ContainerProbe {
    /// The runtime under test (its own session ID, this machine's cgroups).
    public let runtime: ContainerRuntime

    public init(runtime: ContainerRuntime) { self.runtime = runtime }

    /// Runs `argv` in a container made from `spec`; returns its output
    /// (stdout and stderr together) and its status.
    public func run(_ spec: ContainerSpec, _ argv: [String], name: String = "probe") throws -> (output: String, status: ExitStatus) {
        let tee = try OutputTee()
        let result = try runtime.runForeground(spec, argv: argv, name: name, tee: tee)
        return (tee.text, result.status)
    }

    /// The host's inode for namespace `kind` (`/proc/self/ns/KIND`).
    public static func hostInode(_ kind: NamespaceKind) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/self/ns/\(kind.procName)", &buffer, 63)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    /// Asserts this process has no child left (no zombie, nothing running).
    public static func assertNoChildren(file: StaticString = #filePath, line: UInt = #line) {
        var status: Int32 = 0
        let result = waitpid(-1, &status, WNOHANG)
        XCTAssertTrue(result == -1 && errno == ECHILD, "a child process was left behind (waitpid said \(result))", file: file, line: line)
    }
}
