import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `rootfs use oci:DIR[:TAG]` and `rootfs make host` through the built
/// ctrsh: a layout written by umoci, its config's defaults in `show`,
/// `exec` and `run` without a program, the cache reused by a second
/// session, the errors a user meets; a root of host programs. Needs root.
final class ImageRootTests: EndToEndTestCase {
    /// A runner whose rootfs cache is in the scratch directory.
    private func cachedRunner() -> CtrshRunner {
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        return runner
    }

    private var cacheEntries: [String] { Directory.names(scratch + "/cache/rootfs") }

    func testUmociImageWithItsDefaultsAndTheCacheReused() throws {
        let root = try requireRootfs()
        try UmociLayout.make(at: scratch + "/layout", from: root, scratch: scratch)
        let result = try cachedRunner().run(["-c", """
            ns new pid,mnt; env GREETING=mine; rootfs use oci:layout; show; exec; run; \
            exec /bin/sh -c 'ls /data; test -e /etc/os-release || echo os-release gone; cat /etc/keep'; \
            env rm GREETING; rootfs use oci:layout:latest; exec; rootfs use \(root); exec /bin/sh -c 'echo $GREETING; pwd'; show
            """])
        assertExit(result, 0)
        let entry = try XCTUnwrap(cacheEntries.first)
        XCTAssertEqual(cacheEntries, [entry], "one entry, made once")
        let digest = "sha256:" + entry.dropFirst("oci-".count)
        let path = scratch + "/cache/rootfs/" + entry
        let source = "oci:\(scratch)/layout:latest"
        let shared = "rootfs: the image's root is shared by every use of `\(source)`: the container writes to an overlay layer of its own"
        let defaults = "rootfs: from the image config: env GREETING, PATH; workdir /data; command /bin/sh -c 'echo $GREETING from $(pwd) with $PATH'"
        // show's seccomp and devices rows are the seccomp and device tests' business.
        let stdout = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  seccomp ") && !$0.hasPrefix("  devices ") }.joined(separator: "\n")
        XCTAssertEqual(stdout, """
            rootfs: built `\(source)` (3 layers, \(digest)) into \(path)
            \(shared)
            \(defaults)
            rootfs: kept the env you set for GREETING (the image sets it too)
              container   default
              state       composing
              namespaces  pid,mnt
              hostname    (the host's)
              rootfs      \(path) (overlay)
              mounts      none extra
              workdir     /data (from the image config)
              network     the host's
              image       \(source) (\(digest))
              command     /bin/sh -c 'echo $GREETING from $(pwd) with $PATH' (from the image config)
              user        root (the image sets none)
              cgroup      no limits
              env         PATH=/bin:/usr/bin TERM=xterm HOME=/root GREETING=mine
                          (PATH from the image config)
            mine from /data with /bin:/usr/bin
            mine from /data with /bin:/usr/bin
            c
            os-release gone
            keep
            \(shared)
            \(defaults)
            hello from /data with /bin:/usr/bin

            /
              container   default
              state       exited 0
              namespaces  pid,mnt
              hostname    (the host's)
              rootfs      \(root)
              mounts      none extra
              workdir     /
              network     the host's
              cgroup      no limits
              env         PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm HOME=/root

            """)
        XCTAssertEqual(result.stderr, "")

        // A second session finds the root in the cache: nothing is built.
        let again = try cachedRunner().run(["-c", "ns new pid; rootfs use oci:layout --overlay; exec"])
        assertExit(again, 0)
        XCTAssertEqual(again.stdout, """
            rootfs: added the mnt namespace, which pivot_root needs
            \(defaults)
            hello from /data with /bin:/usr/bin

            """)
        XCTAssertEqual(cacheEntries, [entry])
    }

    func testBadLayoutsAndMissingProgramsAreClearErrors() throws {
        let layout = try LayoutWriter(at: scratch + "/layout")
        try FileTree.makeDirectory(scratch + "/tree")
        try FileText.create(scratch + "/tree/hello", text: "hello\n")
        _ = try HostProgram.output(["tar", "-C", scratch + "/tree", "-cf", scratch + "/layer.tar", "hello"])
        let manifest = try layout.manifest(config: "{}", layers: [("application/vnd.oci.image.layer.v1.tar", scratch + "/layer.tar")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "v1")])
        let layer = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: scratch + "/layer.tar"))
        // One byte of the layer changed: its size stays, its digest does not.
        _ = try HostProgram.output(["/bin/sh", "-c", "printf x | dd of=\"$1\" bs=1 seek=600 conv=notrunc 2>/dev/null", "sh", layer])
        let changed = try SHA256.hexDigest(ofFile: layer)
        let script = try write("""
            rootfs use oci:layout:v2
            expect error contains 'no manifest is tagged `v2` (tags: v1)'
            rootfs use oci:tree
            expect error contains 'is not an OCI image layout: it has no `oci-layout` file'
            exec
            expect error contains 'exec: missing CMD: name the program to run'
            run
            expect error contains 'run: missing CMD'
            rootfs make host ./made no-such-program
            expect error contains '`no-such-program` is not a program on the host'
            rootfs use oci:layout

            """, to: "bad.ctrsh")
        let result = try cachedRunner().run([script])
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.hasSuffix("""
            bad.ctrsh:11:1: error: rootfs: `\(layer)`: layer 1 of 1 of the index's only manifest has the digest \
            sha256:\(changed), not the \(manifest.digest.prefix(7))\(try SHA256.hexDigest(ofFile: scratch + "/layer.tar")) \
            its descriptor says (the layout is damaged or incomplete: write or copy it again)

            """), result.stderr)
        XCTAssertEqual(Directory.names(scratch + "/cache/rootfs"), [], "a refused layout left something in the cache")
        XCTAssertFalse(Directory.exists(scratch + "/made"), "a refused program list made a root")

        // What the arguments alone say is wrong, --check finds.
        let check = try write("rootfs make busybox ./r /bin/sh\nrootfs make host ./r\n", to: "check.ctrsh")
        let checked = try ctrsh("--check", check)
        assertExit(checked, 1)
        XCTAssertTrue(checked.stderr.contains(
            "check.ctrsh:1:25: error: rootfs make busybox: takes no programs (`rootfs make host ./r PROGRAM…` copies host programs)"), checked.stderr)
        XCTAssertTrue(checked.stderr.contains(
            "check.ctrsh:2:1: error: rootfs make host: name the programs to copy, e.g. `rootfs make host ./r /bin/bash /usr/bin/env`"), checked.stderr)
    }

    func testHostProgramsRoot() throws {
        let version = try HostProgram.output(["/bin/bash", "-c", "echo $BASH_VERSION"])
        let result = try ctrsh("-c", """
            rootfs make host ./hostroot /bin/bash env; ns new pid,mnt,uts; hostname inside; rootfs use ./hostroot; \
            exec /bin/bash -c 'echo $BASH_VERSION $$ $(</proc/sys/kernel/hostname); /usr/bin/env -i X=1 /usr/bin/env'
            """)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("rootfs: made a root in ./hostroot with /bin/bash, /usr/bin/env and what they need: "), result.stdout)
        XCTAssertTrue(lines[0].contains("libc.so.6"), result.stdout)
        XCTAssertEqual(lines.dropFirst(), ["\(version.dropLast()) 1 inside", "X=1", ""])
    }
}
