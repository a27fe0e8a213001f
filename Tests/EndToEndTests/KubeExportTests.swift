import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `export kube`, through the built ctrsh: a pod composed at the prompt
/// (two containers, the second joining the first's net, ipc and uts
/// namespaces, with limits) runs in `podman kube play`, whose containers
/// reach each other on loopback as they did in ctrsh; the YAML passes
/// Kubernetes' own schema (kubernetes-validate, offline). Needs root,
/// podman and skopeo.
final class KubeExportTests: EndToEndTestCase {
    private var podman: TestPodman?
    private var played: String?

    override func tearDown() {
        if let played { _ = try? podman?.run(["kube", "down", played]) }
        podman?.remove()
        podman = nil
        super.tearDown()
    }

    /// The session that composes the pod, runs it in ctrsh and exports it
    /// (its images into the test's podman store); ends with `quit`.
    private func composeAndExport(to file: String, podman: TestPodman) throws -> CtrshResult {
        let root = try requireRootfs()
        return try runner().run(["-c", """
            container new web; ns new net,pid,ipc,uts,mnt; hostname kubepod; rootfs use \(root) --overlay
            cgroup set memory 64M; cgroup set cpu 50%; cgroup set pids 64; env ROLE=server
            export image \(podman.storageReference("localhost/web:latest"))
            exec -d /bin/sh -c 'while true; do echo hello from $ROLE | nc -l -p 8080; done'
            container new client; ns new pid,mnt; ns join net web; ns join ipc web; ns join uts web; rootfs use \(root) --overlay
            cgroup set memory 32M; cap drop net_raw
            export image \(podman.storageReference("localhost/client:latest"))
            exec -d /bin/sh -c 'i=0; while [ $i -lt 60 ]; do nc 127.0.0.1 8080 && break; i=$((i+1)); sleep 0.5; done; sleep 600'
            export kube \(file)
            """])
    }

    func testATwoContainerPodRunsInPodmanAndItsContainersMeetOnLoopback() throws {
        let podman = try TestPodman(scratch: scratch)
        self.podman = podman
        let file = scratch + "/pod.yaml"
        let result = try composeAndExport(to: file, podman: podman)
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export kube: wrote `\(file)` (pod `web`): "), "\(result)")
        XCTAssertTrue(result.stdout.contains("export kube: warning: `web`: `cgroup set pids 64`: Kubernetes has no limit for it; left out"), "\(result)")
        XCTAssertTrue(result.stdout.contains("export kube: warning: `default`: left out: it has no root filesystem"), "\(result)")
        XCTAssertTrue(result.stdout.contains("export kube: warning: `client`: its root `\(try requireRootfs())` is in no registry"), "\(result)")
        let yaml = try FileText.read(file)
        for expected in ["hostname: kubepod", "memory: '67108864'", "cpu: 500m", "memory: '33554432'", "- name: ROLE\n      value: server", "drop:\n        - ALL"]
        where !yaml.contains(expected) {
            XCTFail("`\(expected)` missing from the pod:\n\(yaml)")
        }
        XCTAssertFalse(yaml.contains("NET_RAW"), yaml)

        played = file
        let play = try podman.run(["kube", "play", "--network", "none", file])
        XCTAssertEqual(play.status, 0, play.output)
        var logs = ""
        // The client tries for 30 s: under load the server's container may start late.
        for _ in 0..<160 where !logs.contains("hello from server") {
            usleep(250_000)
            logs = try podman.run(["logs", "web-client"]).output
        }
        XCTAssertTrue(logs.contains("hello from server"), "the client reached the server on the pod's loopback: \(logs)")
        let memory = try podman.run(["inspect", "web-web", "--format", "{{.HostConfig.Memory}} {{.HostConfig.CpuQuota}}"])
        XCTAssertEqual(memory.output, "67108864 50000\n", "the limits reached the container's cgroup")
        let down = try podman.run(["kube", "down", file])
        XCTAssertEqual(down.status, 0, down.output)
        played = nil
    }

    func testThePodPassesKubernetesSchemaValidation() throws {
        try Privileges.require(access("/usr/bin/skopeo", X_OK) == 0, "needs skopeo for the images (`apt-get install skopeo`)")
        let validator = try KubernetesValidate.require()
        let podman = try TestPodman(scratch: scratch)
        self.podman = podman
        let file = scratch + "/pod.yaml"
        assertExit(try composeAndExport(to: file, podman: podman), 0)
        let valid = try validator.validate(file)
        XCTAssertEqual(valid.status, 0, valid.output)
        // The check can fail: a field Kubernetes does not know is refused.
        let broken = scratch + "/broken.yaml"
        try FileText.create(broken, text: try FileText.read(file).replacing("restartPolicy:", with: "restartPolicyy:"))
        XCTAssertNotEqual(try validator.validate(broken).status, 0, "a misspelt field is refused")
    }
}
