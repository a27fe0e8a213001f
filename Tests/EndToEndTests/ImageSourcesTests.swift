import CtrRuntime
import Foundation
import Glibc
import TestSupport
import XCTest

/// One image in every form `rootfs use` takes, through the built ctrsh:
/// the layout umoci writes (its layer starts with a `/` entry), that image
/// copied by skopeo into a layout, a docker-archive and an oci-archive
/// (named by prefix, and as a plain `FILE.tar` found to be one), and
/// pushed to a registry on 127.0.0.1 and pulled from it over plain HTTP.
/// Each runs `/bin/sh -c 'echo …'` with the image's Env. Needs root,
/// umoci, skopeo and docker-registry.
final class ImageSourcesTests: EndToEndTestCase {
    private var registry: TestRegistry?

    override func tearDown() {
        registry?.stop()
        registry = nil
        super.tearDown()
    }

    /// A runner whose rootfs cache is in the scratch directory.
    private func cachedRunner() -> CtrshRunner {
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        return runner
    }

    /// The busybox image as umoci writes it, and as skopeo copies it.
    private func images() throws -> String {
        try Privileges.require(access("/usr/bin/skopeo", X_OK) == 0, "needs skopeo to copy images (`apt-get install skopeo`)")
        let layout = scratch + "/umoci-layout"
        try UmociLayout.makeInsertedAtRoot(at: layout, from: try requireRootfs())
        for destination in ["docker-archive:\(scratch)/busybox-docker.tar:busybox:1", "oci-archive:\(scratch)/busybox-oci.tar:busybox",
                            "oci:\(scratch)/skopeo-layout:busybox"] {
            _ = try HostProgram.output(["skopeo", "copy", "--quiet", "oci:\(layout):latest", destination])
        }
        return layout
    }

    private func run(_ source: String, environment: [String: String] = [:]) throws -> CtrshResult {
        var runner = cachedRunner()
        runner.environment.merge(environment) { _, new in new }
        return try runner.run(["-c", "ns new pid,mnt; rootfs use \(source); exec /bin/sh -c 'echo $GREETING from \(source)'"])
    }

    func testTheSameImageRunsFromEveryForm() throws {
        let layout = try images()
        let forms = [
            "oci:\(layout)", "oci:\(scratch)/skopeo-layout:busybox",
            "docker-archive:\(scratch)/busybox-docker.tar", "docker-archive:\(scratch)/busybox-docker.tar:busybox:1",
            "\(scratch)/busybox-docker.tar",
            "oci-archive:\(scratch)/busybox-oci.tar:busybox", "\(scratch)/busybox-oci.tar",
        ]
        for form in forms {
            let result = try run(form)
            assertExit(result, 0, form)
            XCTAssertTrue(result.stdout.hasSuffix("hello from \(form)\n"), "\(form): \(result)")
        }
        let docker = try run("\(scratch)/busybox-docker.tar")
        XCTAssertTrue(docker.stdout.contains("rootfs: the image's root is shared by every use of `docker-archive:\(scratch)/busybox-docker.tar`"),
                      "a plain path found to be a docker-archive: \(docker)")
        XCTAssertEqual(Directory.names(scratch + "/cache/rootfs").filter { $0.hasPrefix(".partial") }, [], "unpacked archives removed")

        // An oci-archive whose config blob is gone: the error names the archive.
        let damaged = scratch + "/damaged"
        _ = try HostProgram.output(["/bin/sh", "-ec", """
            mkdir "$1" && tar -C "$1" -xf "$2" && cd "$1" && for blob in blobs/sha256/*; do             grep -q '"Cmd"' "$blob" 2>/dev/null && rm "$blob"; done; tar -cf ../damaged.tar .
            """, "sh", damaged, scratch + "/busybox-oci.tar"])
        let refused = try run("\(scratch)/damaged.tar")
        assertExit(refused, 1)
        XCTAssertTrue(refused.stderr.contains("error: rootfs: `\(scratch)/damaged.tar!blobs/sha256/"), "\(refused)")
        XCTAssertTrue(refused.stderr.contains("is missing from the layout"), "\(refused)")
    }

    func testAnImageFromPodmansStorage() throws {
        try Privileges.require(access("/usr/bin/podman", X_OK) == 0, "needs podman's image storage (`apt-get install podman`)")
        let layout = try images()
        // A storage of the test's own, with the vfs driver: the host's
        // images stay as they are, and nothing is mounted (the overlay
        // driver makes its directory a private mount while it works).
        let storage = scratch + "/storage.conf"
        try FileText.create(storage, text: """
            [storage]
            driver = "vfs"
            graphroot = "\(scratch)/storage"
            runroot = "\(scratch)/storage-run"

            """)
        let environment = ["CONTAINERS_STORAGE_CONF": storage]
        let name = "containers-storage:localhost/ctrsh-test:1"
        _ = try HostProgram.output(["/usr/bin/env", "CONTAINERS_STORAGE_CONF=\(storage)", "skopeo", "copy", "--quiet", "oci:\(layout):latest", name])
        let result = try run(name, environment: environment)
        assertExit(result, 0, name)
        XCTAssertTrue(result.stdout.hasSuffix("hello from \(name)\n"), "\(result)")
        XCTAssertTrue(result.stderr.contains("rootfs: pulling `\(name)`: Copying blob sha256:"), "\(result)")
        XCTAssertFalse(result.stderr.contains("level="), "skopeo's log lines are not shown: \(result)")
        XCTAssertEqual(Leftovers.mounts(mentioning: scratch), [])
        let missing = try run("containers-storage:localhost/ctrsh-test:absent", environment: environment)
        assertExit(missing, 1)
        XCTAssertTrue(missing.stderr.contains("failed: skopeo exited with status 1: "), "\(missing)")
    }

    func testAnImagePulledFromARegistryOnLoopbackOverPlainHTTP() throws {
        let layout = try images()
        let registry = try TestRegistry(scratch: scratch)
        self.registry = registry
        try registry.push("oci:\(layout):latest", as: "busybox:1")
        let pulling = "rootfs: pulling `docker://\(registry.address)/busybox:1`: "
        for form in ["docker://\(registry.address)/busybox:1", "\(registry.address)/busybox:1"] {
            let result = try run(form)
            assertExit(result, 0, form)
            XCTAssertTrue(result.stdout.hasSuffix("hello from \(form)\n"), "\(form): \(result)")
            if form.hasPrefix("docker://") {
                XCTAssertTrue(result.stderr.contains(pulling + "Copying blob sha256:"), "skopeo's progress: \(result)")
            } else {
                XCTAssertTrue(result.stderr.contains(pulling + "its manifest is still sha256:"), "pulled before: \(result)")
                XCTAssertFalse(result.stderr.contains("Copying blob"), "nothing copied again: \(result)")
            }
        }
        let built = Directory.names(scratch + "/cache/rootfs").filter { $0.hasPrefix("oci-") }
        XCTAssertEqual(built.count, 1, "the second pull used the root built from the same manifest: \(built)")

        // Two sessions pulling two images at once, into the one layout.
        try registry.push("oci:\(scratch)/skopeo-layout:busybox", as: "other:1")
        let both = try HostProgram.output(["/bin/sh", "-c", """
            export CTRSH_CACHE_DIR="$2"
            "$1" -c "rootfs use docker://$3/busybox:1" >/dev/null 2>&1 & first=$!
            "$1" -c "rootfs use docker://$3/other:1" >/dev/null 2>&1 & second=$!
            wait $first; echo first $?; wait $second; echo second $?
            """, "sh", CtrshBinary.path, scratch + "/cache", registry.address])
        XCTAssertEqual(both, "first 0\nsecond 0\n")

        let missing = try run("docker://\(registry.address)/busybox:2")
        assertExit(missing, 1)
        XCTAssertTrue(missing.stderr.contains("error: rootfs: pulling `docker://\(registry.address)/busybox:2` failed: skopeo exited with status 1"),
                      "\(missing)")
        XCTAssertTrue(missing.stderr.contains("manifest unknown"), "skopeo's reason: \(missing)")
        XCTAssertFalse(missing.stderr.contains("time="), "skopeo's log line, not its message: \(missing)")
        registry.stop()
        self.registry = nil
        let stopped = try run("docker://\(registry.address)/busybox:1")
        assertExit(stopped, 1)
        XCTAssertTrue(stopped.stderr.contains("connection refused"), "\(stopped)")
    }

    /// The layout `layout` gets a second manifest, for linux/arm64/v8
    /// (the same layer, another config), and an index tagged `multi`
    /// naming both with their platforms. Returns the two manifests' digests.
    private func addMultiPlatformIndex(to layout: String) throws -> (amd64: String, arm64: String) {
        _ = try HostProgram.output(["umoci", "config", "--image", layout + ":latest", "--architecture", "arm64", "--tag", "arm"])
        let index = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try FileText.read(layout + "/index.json").utf8)) as? [String: Any])
        let manifests = try XCTUnwrap(index["manifests"] as? [[String: Any]])
        func entry(_ tag: String) throws -> [String: Any] {
            try XCTUnwrap(manifests.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == tag })
        }
        var amd64 = try entry("latest"), arm64 = try entry("arm")
        amd64["annotations"] = nil
        arm64["annotations"] = nil
        amd64["platform"] = ["os": "linux", "architecture": "amd64"]
        arm64["platform"] = ["os": "linux", "architecture": "arm64", "variant": "v8"]
        let nested = try JSONSerialization.data(withJSONObject: [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [amd64, arm64],
        ] as [String: Any])
        var hasher = CtrRuntime.SHA256()
        hasher.update(Array(nested))
        let digest = hasher.hexDigest()
        try FileText.create(layout + "/blobs/sha256/" + digest, text: String(decoding: nested, as: UTF8.self))
        var top = index
        top["manifests"] = manifests + [[
            "mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest, "size": nested.count,
            "annotations": ["org.opencontainers.image.ref.name": "multi"],
        ] as [String: Any]]
        try FileText.write(String(decoding: try JSONSerialization.data(withJSONObject: top), as: UTF8.self), to: layout + "/index.json")
        return (try XCTUnwrap(amd64["digest"] as? String), try XCTUnwrap(arm64["digest"] as? String))
    }

    func testPlatformPicksAManifestOfAMultiPlatformImage() throws {
        let layout = try images()
        let (amd64, arm64) = try addMultiPlatformIndex(to: layout)
        let registry = try TestRegistry(scratch: scratch)
        self.registry = registry
        _ = try HostProgram.output(["skopeo", "copy", "--quiet", "--all", "--dest-tls-verify=false", "oci:\(layout):multi",
                                    "docker://\(registry.address)/multi:1"])
        let remote = "docker://\(registry.address)/multi:1"
        let cases: [(String, String)] = [
            ("rootfs use \(remote)", amd64), ("rootfs use \(remote) --platform linux/arm64/v8", arm64),
            ("rootfs use oci:\(layout):multi --platform linux/arm64", arm64), ("rootfs use oci:\(layout):multi", amd64),
        ]
        for (command, digest) in cases {
            let result = try cachedRunner().run(["-c", "ns new mnt; \(command); show --json"])
            assertExit(result, 0, command)
            XCTAssertTrue(result.stdout.contains("\"manifestDigest\" : \"\(digest)\"") || result.stdout.contains("\"manifestDigest\":\"\(digest)\""),
                          "\(command) built \(digest): \(result)")
        }
        let other = try cachedRunner().run(["-c", "rootfs use \(remote) --platform linux/s390x"])
        assertExit(other, 1)
        XCTAssertTrue(other.stderr.contains("s390x"), "\(other)")
        let bad = try cachedRunner().run(["-c", "rootfs use \(scratch) --platform linux/arm64"])
        assertExit(bad, 1)
        XCTAssertTrue(bad.stderr.contains("is a root, not an image: a platform picks among an image's manifests"), "\(bad)")
    }
}
