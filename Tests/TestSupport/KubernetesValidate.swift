import CtrRuntime
import Glibc
import XCTest

/// Kubernetes' own schema check, offline: PyPI's `kubernetes-validate`
/// (the JSON schemas of each Kubernetes release, bundled), run with
/// `--strict`, which also refuses fields the schema does not know.
/// kubectl cannot stand in: its client-side validation downloads the
/// schema from a cluster's API server (`failed to download openapi`),
/// and even `--validate=false` asks the server what a `Pod` is.
public struct KubernetesValidate {
    let program: String

    /// Skips the test, with the reason, when it is not installed.
    public static func require() throws -> KubernetesValidate {
        let found = try? HostProgram.output(["/bin/sh", "-c", "command -v kubernetes-validate"])
        guard let path = found.map({ String($0.trimmed) }), !path.isEmpty else {
            throw XCTSkip("needs kubernetes-validate for an offline schema check (`pip install kubernetes-validate`, scripts/install-deps)")
        }
        return KubernetesValidate(program: path)
    }

    /// Validates `file`; returns what it printed and its exit status.
    public func validate(_ file: String) throws -> (output: String, status: Int32) {
        let printed = try HostProgram.output(["/bin/sh", "-c", "\"$@\" 2>&1; echo \"validate-status=$?\"", "sh", program, "--strict", file])
        guard let marker = printed.ranges(of: "validate-status=").last, let status = Int32(printed[marker.upperBound...].dropLast()) else {
            throw XCTSkip("kubernetes-validate printed no status: \(printed)")
        }
        return (String(printed[..<marker.lowerBound]), status)
    }
}
