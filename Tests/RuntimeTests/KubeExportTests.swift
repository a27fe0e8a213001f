@testable import CtrRuntime
import XCTest
import Yams

/// How `export kube` maps specs to pods, without running anything: which
/// containers share a pod, what becomes a pod or container field, and
/// that each setting without a Kubernetes form is named in a warning.
final class KubeExportMappingTests: XCTestCase {
    private func spec(_ namespaces: Set<NamespaceKind>, joins: [(NamespaceKind, String)] = []) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = namespaces
        spec.joins = joins.map { JoinedNamespace(kind: $0.0, path: "/proc/1/ns/\($0.0.procName)", target: $0.1) }
        spec.rootfs = RootfsSpec(path: "/srv/root")
        return spec
    }

    func testContainersSharingPidAreOnePodThatSharesItsProcessNamespace() throws {
        var top = spec([.pid, .net, .ipc, .uts, .mnt])
        top.hostname = "demo"
        top.capabilities = ["net_bind_service"]
        top.noNewPrivileges = false
        let sidecar = spec([.mnt], joins: [(.pid, "Top_1"), (.net, "Top_1")])
        var alone = spec([.mnt, .net])
        alone.cgroup.pids = 20
        alone.cgroup.memorySwap = .bytes(0)
        alone.mounts = [MountSpec(source: .tmpfs(size: 1 << 20), destination: "/scratch")]
        let result = try KubeExport.pods(of: [
            .init(name: "Top_1", spec: top, command: ["/bin/top"]), .init(name: "sidecar", spec: sidecar, command: ["sleep", "1"]),
            .init(name: "alone", spec: alone, command: nil),
        ])
        XCTAssertEqual(result.pods, ["top-1", "alone"])
        let documents = result.yaml.split(separator: "---\n").map(String.init)
        XCTAssertEqual(documents.count, 2)
        let pod = documents[0]
        for expected in ["shareProcessNamespace: true", "hostname: demo", "- name: sidecar", "add:\n        - NET_BIND_SERVICE",
                         "allowPrivilegeEscalation: true"] {
            XCTAssertTrue(pod.contains(expected), "`\(expected)` in:\n\(pod)")
        }
        XCTAssertFalse(pod.contains("hostNetwork"), pod)
        let other = documents[1]
        for expected in ["hostPID: true", "hostIPC: true", "medium: Memory", "sizeLimit: '1048576'", "mountPath: /scratch"] {
            XCTAssertTrue(other.contains(expected), "`\(expected)` in:\n\(other)")
        }
        XCTAssertFalse(other.contains("hostNetwork"), other)
        for warning in [
            KubeWarning("Top_1", .renamedToLabel("top-1")),
            KubeWarning("sidecar", .sharesOnly(joined: ["net", "pid"], owner: "Top_1", notJoined: ["ipc", "uts"])),
            KubeWarning("alone", .cgroupSetting(file: "pids", value: "20")),
            KubeWarning("alone", .cgroupSetting(file: "memory.swap", value: "0")),
            KubeWarning("alone", .hostUTS(hostname: "alone")), KubeWarning("alone", .noCommand),
        ] {
            XCTAssertTrue(result.warnings.contains(warning), "`\(warning)` in \(result.warnings)")
        }
    }

    func testNamesThatComeOutAlikeStayDistinct() throws {
        // `a_b` and `a-b` are both `a-b` as labels: two pods of one name,
        // one image reference for two roots. In one pod, two containers
        // of one name, which Kubernetes refuses.
        let result = try KubeExport.pods(of: [
            .init(name: "a-b", spec: spec([.mnt, .net]), command: nil),
            .init(name: "a_b", spec: spec([.mnt, .net]), command: nil),
            .init(name: "web", spec: spec([.mnt, .net]), command: nil),
            .init(name: "Web", spec: spec([.mnt], joins: [(.net, "web")]), command: nil),
        ])
        XCTAssertEqual(result.pods, ["a-b", "a-b-2", "web"])
        XCTAssertTrue(result.warnings.contains(KubeWarning("a_b", .renamedTaken("a-b-2", taken: "a-b"))), "\(result.warnings)")
        XCTAssertTrue(result.warnings.contains(KubeWarning("Web", .renamedTaken("web-2", taken: "web"))), "\(result.warnings)")
        XCTAssertTrue(result.yaml.contains("localhost/a-b-2:latest") && result.yaml.contains("localhost/a-b:latest"), result.yaml)
        let pod = try XCTUnwrap(result.yaml.split(separator: "---\n").last.map(String.init))
        XCTAssertTrue(pod.contains("- name: web\n") || pod.contains("name: web\n"), pod)
        XCTAssertTrue(pod.contains("name: web-2"), pod)
    }

    func testAJoinOfSomethingElseIsDroppedWithAWarningAndNoRootIsNoPod() throws {
        let joined = spec([.mnt], joins: [(.net, "4242"), (.cgroup, "other")])
        var noRoot = ContainerSpec()
        noRoot.namespaces = [.net]
        let result = try KubeExport.pods(of: [.init(name: "web", spec: joined, command: ["x"]), .init(name: "empty", spec: noRoot, command: nil)])
        XCTAssertEqual(result.pods, ["web"])
        XCTAssertTrue(result.warnings.contains(KubeWarning("web", .joinDropped(kind: .net, target: "4242", shareable: true))), "\(result.warnings)")
        XCTAssertTrue(result.warnings.contains(KubeWarning("web", .joinDropped(kind: .cgroup, target: "other", shareable: false))), "\(result.warnings)")
        XCTAssertTrue(result.warnings.contains(KubeWarning("empty", .noRoot)), "\(result.warnings)")
        XCTAssertThrowsError(try KubeExport.pods(of: [.init(name: "empty", spec: noRoot, command: nil)])) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.noPodToWrite))
        }
    }

    /// A container's command is what its process says (`/proc/PID/cmdline`,
    /// which it may rewrite): YAML's syntax in it (a document separator,
    /// a key, an anchor, a tag, quotes, control characters) stays text of
    /// one document and reads back as it was.
    func testAHostileCommandStaysTextOfOneDocument() throws {
        let hostile = ["sh", "x\n---\napiVersion: v1\nkind: Secret", "key: value", "- item", "&a", "*a", "!!binary AA==", "{a: b}",
                       "'\"", "# c", "\u{1b}[31mred", "tab\there", "null", "yes", "0x10", " lead"]
        var spec = spec([.pid, .net, .ipc, .uts, .mnt])
        spec.env = [EnvironmentVariable(name: "A", value: "1\n---\nkind: Secret")]
        let result = try KubeExport.pods(of: [.init(name: "web", spec: spec, command: hostile)])
        XCTAssertFalse(result.yaml.split(separator: "\n").contains("---"), result.yaml)
        let documents = try Array(Yams.load_all(yaml: result.yaml))
        XCTAssertEqual(documents.count, 1, result.yaml)
        let container = (documents.first as? [String: Any]).flatMap { $0["spec"] as? [String: Any] }
            .flatMap { $0["containers"] as? [[String: Any]] }?.first
        XCTAssertEqual(container?["command"] as? [String], hostile, result.yaml)
        XCTAssertEqual((container?["env"] as? [[String: Any]])?.first?["value"] as? String, "1\n---\nkind: Secret", result.yaml)
    }
}
