@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Tarball roots unpacked into the digest-keyed cache: archives made here
/// with `tar` in every compression become working roots identical to the
/// tree they came from, a second use unpacks nothing, and malicious,
/// damaged or foreign archives are refused naming the file and the entry,
/// with nothing written outside the cache and no cache entry left.
/// Needs root (containers, owners, device nodes).
final class TarballTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!
    private var cache: RootfsCache!

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(sessionID: "test-tarball-\(getpid())", cgroups: nil)
        cache = RootfsCache(directory: rootfs.scratch + "/cache/rootfs")
    }

    override func tearDown() {
        runtime?.close()
        XCTAssertEqual(Leftovers.mounts(mentioning: rootfs?.scratch ?? "/nonexistent"), [])
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    /// `tar` of the busybox root with `compression` (a tar option or ""),
    /// in the POSIX format, which keeps times to the nanosecond.
    private func archive(_ name: String, compression: String = "") throws -> String {
        let path = rootfs.scratch + "/" + name
        let options = ["--format=posix"] + (compression.isEmpty ? [] : [compression])
        _ = try HostProgram.output(["tar"] + options + ["-C", rootfs.path, "-cf", path, "."])
        return path
    }

    /// What the cache directory holds: digests and partial directories.
    private var cacheNames: [String] { Directory.names(cache.directory) }

    func testEveryCompressionGivesTheSameWorkingRoot() throws {
        let original = try TreeSnapshot.of(rootfs.path)
        for (name, compression) in [("root.tar", ""), ("root.tar.gz", "--gzip"), ("root.tgz", "--gzip"),
                                    ("root.tar.xz", "--xz"), ("root.tar.zst", "--zstd")] {
            let entry = try cache.root(of: try archive(name, compression: compression))
            // gzip writes the same bytes for root.tar.gz and root.tgz: one entry.
            XCTAssertEqual(entry.wasCached, name == "root.tgz", name)
            XCTAssertEqual(entry.path, cache.directory + "/" + entry.digest)
            XCTAssertEqual(entry.digest, String(try HostProgram.output(["sha256sum", rootfs.scratch + "/" + name]).prefix(64)))
            XCTAssertEqual(try TreeSnapshot.of(entry.path), original, "\(name): owners, modes, times and contents are kept")
            var spec = ContainerSpec()
            spec.namespaces = [.pid, .mnt]
            spec.rootfs = RootfsSpec(path: entry.path, overlay: true)
            let (output, status) = try ContainerProbe(runtime: runtime).run(
                spec, ["/bin/sh", "-c", "echo pid=$$; cat /etc/hostname; echo x > /etc/motd"])
            XCTAssertEqual(status, .exited(0), output)
            XCTAssertEqual(output, "pid=1\nctrsh\n", name)
            XCTAssertFalse(Directory.exists(entry.path + "/etc/motd"), "\(name): the cached root was written")
        }
        XCTAssertEqual(cacheNames.filter { $0.hasPrefix(".partial") }, [], "partial directories left")
    }

    func testSecondUseUnpacksNothing() throws {
        let file = try archive("root.tar.gz", compression: "--gzip")
        let first = try cache.root(of: file)
        // A marker in the cached root shows the second use kept it as it was.
        try FileText.create(first.path + "/marker", text: "")
        var entries = 0
        let second = try cache.root(of: file) { count, _ in entries = count }
        XCTAssertTrue(second.wasCached)
        XCTAssertEqual(second.path, first.path)
        XCTAssertEqual(entries, 0, "the second use extracted entries")
        XCTAssertTrue(Directory.exists(second.path + "/marker"))
    }

    func testAnArchiveRewrittenInPlaceIsHashedAgain() throws {
        let tree = rootfs.scratch + "/tree"
        try FileTree.makeDirectory(tree)
        let file = rootfs.scratch + "/small.tar"
        let other = rootfs.scratch + "/other.tar"
        let make = "tar --mtime=@0 -C \"$1\" -cf \"$2\" . && touch -d @0 \"$2\""
        try FileText.create(tree + "/content", text: "first\n")
        _ = try HostProgram.output(["/bin/sh", "-c", make, "sh", tree, file])
        try FileText.create(tree + "/content", text: "later\n")
        _ = try HostProgram.output(["/bin/sh", "-c", make, "sh", tree, other])
        let first = try cache.root(of: file)
        XCTAssertEqual(try FileText.read(first.path + "/content"), "first\n")
        // Same inode, same size, same modification time, other contents:
        // only the change time, which a user cannot set back, tells.
        _ = try HostProgram.output(
            ["/bin/sh", "-c", "cat \"$2\" > \"$1\" && touch -d @0 \"$1\"", "sh", file, other])
        var info = stat()
        XCTAssertEqual(stat(file, &info), 0)
        XCTAssertEqual(info.st_mtim.tv_sec, 0)
        let second = try cache.root(of: file)
        XCTAssertFalse(second.wasCached)
        XCTAssertNotEqual(second.digest, first.digest)
        XCTAssertEqual(try FileText.read(second.path + "/content"), "later\n")
        XCTAssertTrue(try cache.root(of: file).wasCached)
    }

    func testMaliciousEntriesAreRefusedAndNothingIsWrittenOutside() throws {
        let work = rootfs.scratch + "/evil"
        try FileTree.makeDirectory(work)
        try FileText.create(work + "/passwd", text: "pwned\n")
        link(work + "/passwd", work + "/hardlink")
        let outside = rootfs.scratch + "/outside"
        try FileTree.makeDirectory(outside)
        let depth = String(repeating: "../", count: cache.directory.split(separator: "/").count + 2)
        let escape = "\(depth)\(outside.dropFirst())/passwd"
        let cases: [(String, [String], String, String)] = [
            ("dotdot.tar", ["-P", "--transform", "s,^passwd,../../etc/passwd,", "passwd"], "../../etc/passwd", "Path contains '..'"),
            ("escape.tar", ["-P", "--transform", "s,^passwd,\(escape),", "passwd"], escape, "Path contains '..'"),
            ("absolute.tar", ["-P", "--transform", "s,^passwd,\(outside)/passwd,", "passwd"], "\(outside)/passwd", "Path is absolute"),
            ("hardlink.tar", ["-P", "--transform", "s,^passwd$,../../etc/passwd,hRS", "passwd", "hardlink"], "hardlink", "Path contains '..'"),
        ]
        for (name, arguments, entry, reason) in cases {
            let path = rootfs.scratch + "/" + name
            _ = try HostProgram.output(["tar", "-C", work, "-cf", path] + arguments)
            XCTAssertThrowsError(try cache.root(of: path), name) { error in
                XCTAssertEqual(error as? RuntimeError, .image(.archiveFailed(archive: path, role: nil, place: .entry(entry), reason: reason, advice: .escapes)), name)
            }
        }
        // A symlink out of the root, then a file through it.
        let linkTree = rootfs.scratch + "/linktree"
        try FileTree.makeDirectory(linkTree)
        symlink(outside, linkTree + "/link")
        let through = rootfs.scratch + "/through.tar"
        _ = try HostProgram.output(["tar", "-C", linkTree, "-cf", through, "link"])
        unlink(linkTree + "/link")
        try FileTree.makeDirectory(linkTree + "/link")
        try FileText.create(linkTree + "/link/file", text: "x")
        _ = try HostProgram.output(["tar", "-C", linkTree, "-rf", through, "link/file"])
        XCTAssertThrowsError(try cache.root(of: through)) { error in
            guard case .image(.archiveFailed(through, nil, .entry("link/file")?, let reason, .escapes))? = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(reason.hasPrefix("Cannot extract through symlink"), reason)
        }
        XCTAssertEqual(Directory.names(outside), [], "an entry was written outside the cache")
        XCTAssertEqual(try FileText.read("/etc/passwd").contains("pwned"), false)
        XCTAssertEqual(cacheNames, [], "a refused archive left a cache entry or a partial directory")
    }

    /// A name longer than a Linux file name may be: libarchive said only
    /// "Could not stat" and the name; the error now says what is wrong.
    func testOverlongNamesAreRefusedSayingWhy() throws {
        let long = String(repeating: "n", count: 256)
        let path = try HostileTar.write(rootfs.scratch + "/long.tar", [.directory("d"), .file("d/" + long, contents: "x")])
        XCTAssertThrowsError(try cache.root(of: path)) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.nameTooLong(
                archive: path, role: nil, entry: "d/\(long)", start: String(long.prefix(32)), bytes: 256, limit: 255)))
        }
        XCTAssertEqual(cacheNames, [], "a refused archive left a cache entry or a partial directory")
    }

    func testDamagedArchivesErrNamingTheEntryAndLeaveNoCacheEntry() throws {
        let tar = try archive("root.tar")
        let tgz = try archive("root.tgz", compression: "--gzip")
        let truncatedTar = rootfs.scratch + "/truncated.tar"
        let truncatedGzip = rootfs.scratch + "/truncated.tgz"
        _ = try HostProgram.output(["/bin/sh", "-c", "head -c 1500000 \"$1\" > \"$2\"; head -c 400000 \"$3\" > \"$4\"",
                                    "sh", tar, truncatedTar, tgz, truncatedGzip])
        XCTAssertThrowsError(try cache.root(of: truncatedTar)) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.archiveFailed(
                archive: truncatedTar, role: nil, place: .entry("./bin/busybox"), reason: "Truncated tar archive", advice: .damaged)))
        }
        XCTAssertThrowsError(try cache.root(of: truncatedGzip)) { error in
            guard case .image(.archiveFailed(truncatedGzip, nil, .entry?, _, .damaged))? = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
        }
        let garbage = rootfs.scratch + "/garbage.tar"
        try FileText.create(garbage, text: "this is not an archive\n")
        XCTAssertThrowsError(try cache.root(of: garbage)) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.archiveFailed(
                archive: garbage, role: nil, place: nil, reason: "Unrecognized archive format", advice: .notTar)))
        }
        XCTAssertEqual(cacheNames, [], "a damaged archive left a cache entry or a partial directory")
    }

    /// `makedev(1, 3)`, /dev/null (glibc's encoding for small numbers).
    private static let nullDevice: dev_t = 1 << 8 | 3

    func testDeviceNodesAreKeptAsRoot() throws {
        let tree = rootfs.scratch + "/devtree"
        try FileTree.makeDirectory(tree)
        try FileTree.makeDirectory(tree + "/dev")
        XCTAssertEqual(mknod(tree + "/dev/null", S_IFCHR | 0o666, Self.nullDevice), 0)
        let path = rootfs.scratch + "/dev.tar"
        _ = try HostProgram.output(["tar", "-C", tree, "-cf", path, "."])
        let entry = try cache.root(of: path)
        var info = stat()
        XCTAssertEqual(lstat(entry.path + "/dev/null", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(info.st_rdev, Self.nullDevice)
        XCTAssertEqual(entry.skippedDevices, 0)

        // Without root's rights the node is left out, and counted.
        let unprivileged = rootfs.scratch + "/unprivileged"
        try FileTree.makeDirectory(unprivileged)
        let summary = try TarballExtractor(archive: path, destination: unprivileged, asRoot: false).extract()
        XCTAssertEqual(summary.skippedDevices, 1)
        XCTAssertEqual(Directory.names(unprivileged + "/dev"), [])
    }

    func testPartialDirectoriesOfGoneProcessesAreRemoved() throws {
        try FileTree.makeDirectory(rootfs.scratch + "/cache")
        try FileTree.makeDirectory(cache.directory)
        let gone = cache.directory + "/.partial-\(Int32.max)-abcdef"
        let alive = cache.directory + "/.partial-1-abcdef"
        try FileTree.makeDirectory(gone)
        try FileText.create(gone + "/half", text: "")
        try FileTree.makeDirectory(alive)
        let entry = try cache.root(of: try archive("root.tar"))
        XCTAssertEqual(cacheNames, [".digests", ".partial-1-abcdef", entry.digest])
    }
}
