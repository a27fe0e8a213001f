import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// A ctrsh killed while it unpacks a tarball into the rootfs cache. The
/// root is unpacked into a `.partial-PID-…` directory and renamed into
/// place only when complete, so the kill leaves that directory and no cache
/// entry; `ctrsh gc`, or the next unpack, removes it (never one whose ctrsh
/// still runs), and the next `rootfs use` of the tarball unpacks it again,
/// whole, and a container runs in it. Needs root.
final class UnpackCrashTests: EndToEndTestCase {
    /// 16 files of 8 MiB of zeros: 128 MiB to write, which takes the
    /// extraction well over the moment of the kill, in a 200 KB archive.
    private static let padding = (files: 16, mebibytes: 8)
    private var cache: String { scratch + "/cache/rootfs" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        extraEnvironment["CTRSH_CACHE_DIR"] = scratch + "/cache"
    }

    /// The busybox root plus the padding, as `big/` and `big.tar.gz` (the
    /// POSIX format keeps times to the nanosecond).
    private func bigArchive() throws -> (tree: String, archive: String) {
        let root = try requireRootfs()
        let tree = scratch + "/big"
        let archive = scratch + "/big.tar.gz"
        _ = try HostProgram.output(["/bin/sh", "-c", """
            cp -a "$1/." "$2" && mkdir "$2/padding" && \
            for i in $(seq \(Self.padding.files)); do head -c \(Self.padding.mebibytes)M /dev/zero > "$2/padding/$i"; done && \
            tar --format=posix -C "$2" --gzip -cf "$3" .
            """, "big", root, tree, archive])
        return (tree, archive)
    }

    /// The cache's partial directories.
    private var partials: [String] { Directory.names(cache).filter { $0.hasPrefix(".partial-") } }
    /// The cache's unpacked roots (named by the archive's SHA-256).
    private var entries: [String] { Directory.names(cache).filter { $0.utf8.count == 64 } }

    /// Starts `rootfs use ARCHIVE` and SIGKILLs ctrsh once the unpack has
    /// written its first entries; returns the partial directory it left.
    private func killDuringUnpack(of archive: String, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let script = try write("rootfs use \(archive)\necho not-reached\n", to: "unpack.ctrsh")
        let session = try terminalSession([script])
        let prefix = ".partial-\(session.pid)-"
        var partial: String?
        let unpacking = Poll.until(seconds: 30, interval: 2_000) {
            partial = self.partials.first { $0.hasPrefix(prefix) }
            return partial.map { !Directory.names(self.cache + "/" + $0).isEmpty } ?? false
        }
        kill(session.pid, SIGKILL)
        XCTAssertEqual(session.waitForExit(), .signaled(SIGKILL), file: file, line: line)
        XCTAssertTrue(unpacking, "the unpack did not start:\n\(session.screen)", file: file, line: line)
        XCTAssertFalse(session.screen.contains("not-reached"), "the unpack ended before the kill", file: file, line: line)
        XCTAssertEqual(entries, [], "a half-unpacked root became a cache entry", file: file, line: line)
        XCTAssertEqual(partials, [partial].compactMap { $0 }, "what a killed unpack leaves is its partial directory", file: file, line: line)
        return partial
    }

    func testGcOrTheNextUnpackRemovesWhatAKilledUnpackLeftAndTheRootIsWhole() throws {
        let (tree, archive) = try bigArchive()
        let partial = try XCTUnwrap(try killDuringUnpack(of: archive))

        // Another ctrsh unpacking right now (this test's own PID stands in
        // for it) must not lose its directory to gc.
        let live = cache + "/.partial-\(getpid())-live00"
        try FileTree.makeDirectory(live)
        defer { FileTree.removeTree(live) }
        let gc = try ctrsh("gc")
        assertExit(gc, 0)
        XCTAssertEqual(gc.stdout, "gc: removed unfinished unpack \(cache)/\(partial)\n", "\(gc)")
        XCTAssertEqual(partials, [".partial-\(getpid())-live00"], "gc removed the partial directory of a live ctrsh")
        FileTree.removeTree(live)

        // Killed again; this time the next `rootfs use` clears it up itself.
        _ = try killDuringUnpack(of: archive)
        let next = try ctrsh("-c", "ns new pid,mnt; rootfs use \(archive); exec /bin/sh -c 'echo pid=$$; ls /padding | wc -l'")
        assertExit(next, 0)
        XCTAssertTrue(next.stdout.contains("rootfs: unpacked `\(archive)` into \(cache)/"), "\(next)")
        XCTAssertTrue(next.stdout.hasSuffix("pid=1\n\(Self.padding.files)\n"), "\(next)")
        XCTAssertEqual(partials, [], "the next unpack left a partial directory")
        let entry = try XCTUnwrap(entries.first)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(try TreeSnapshot.of(cache + "/" + entry), try TreeSnapshot.of(tree), "the unpacked root differs from the tree")
        XCTAssertEqual(Leftovers.mounts(mentioning: cache), [])

        let again = try ctrsh("-c", "rootfs use \(archive)")
        assertExit(again, 0)
        XCTAssertFalse(again.stdout.contains("rootfs: unpacked"), "the whole root is cached: \(again)")
    }
}
