import CLinux
@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The copy of a root that `export oci` puts in a bundle: the host's `find`
/// and `sha256sum` see the same tree (owners, modes, times, symlink
/// targets, contents), hard links stay links, device nodes and FIFOs stay
/// what they are, file capabilities are kept, and no symlink is followed.
/// Needs root (owners, device nodes, `security.capability`).
final class TreeCopyTests: XCTestCase {
    private var rootfs: TestRootfs!

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
    }

    override func tearDown() {
        rootfs?.remove()
        super.tearDown()
    }

    private func run(_ script: String) throws {
        _ = try HostProgram.output(["/bin/sh", "-c", script, "sh", rootfs.path])
    }

    /// `name`'s extended attribute, as bytes (nil when it has none).
    private func attribute(_ name: String, of path: String) -> [UInt8]? {
        var value = [UInt8](repeating: 0, count: 256)
        let length = ctr_lgetxattr(path, name, &value, value.count)
        return length < 0 ? nil : Array(value[0..<length])
    }

    func testTheCopyIsTheSameTree() throws {
        let root = rootfs.path
        try run("""
            cd "$1" && mkdir -p srv/deep/er && echo one > srv/a && ln srv/a srv/deep/a-link && \
            echo s > srv/setuid && chown 1000:1001 srv/setuid && chmod 4755 srv/setuid && \
            mkfifo srv/fifo && mknod srv/null c 1 3 && ln -s /etc srv/abs-link && ln -s ../a srv/deep/rel-link && \
            printf 'x' > "$(printf 'srv/latin1-\\351')" && chmod 0700 srv/deep && \
            touch -h -d '2001-02-03 04:05:06' srv/abs-link srv/deep/er srv/deep srv
            """)
        // A file capability (cap_net_raw+ep, VFS_CAP_REVISION_2) and a user attribute.
        let capability: [UInt8] = [0, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let fd = open(root + "/srv/a", O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(ctr_fsetxattr(fd, "security.capability", capability, capability.count), 0, errnoText(errno))
        XCTAssertEqual(ctr_fsetxattr(fd, "user.note", [UInt8]("kept".utf8), 4), 0, errnoText(errno))
        close(fd)
        let before = try TreeSnapshot.of(root)
        let destination = rootfs.scratch + "/copy"

        let copy = try TreeCopy.copy(root, to: destination)

        XCTAssertEqual(copy.skippedDevices, 0)
        XCTAssertEqual(try TreeSnapshot.of(destination), before)
        XCTAssertEqual(try TreeSnapshot.of(root), before, "the source changed")
        var first = stat(), second = stat()
        XCTAssertEqual(lstat(destination + "/srv/a", &first), 0)
        XCTAssertEqual(lstat(destination + "/srv/deep/a-link", &second), 0)
        XCTAssertEqual(first.st_ino, second.st_ino, "a hard link became two files")
        XCTAssertEqual(first.st_nlink, 2)
        XCTAssertEqual(attribute("security.capability", of: destination + "/srv/a"), capability)
        XCTAssertEqual(attribute("user.note", of: destination + "/srv/a"), Array("kept".utf8))
        XCTAssertEqual(lstat(destination + "/srv/null", &first), 0)
        XCTAssertEqual(first.st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(first.st_rdev, makedev(1, 3))
        XCTAssertEqual(lstat(destination + "/srv/abs-link", &first), 0)
        XCTAssertEqual(first.st_mode & S_IFMT, S_IFLNK, "the symlink to /etc was followed")
    }

    /// A sparse file stays sparse: only its data is copied (a 200 MB file
    /// of holes was 200 MB on disk in the bundle), and its bytes are the same.
    func testHolesStayHoles() throws {
        let source = rootfs.scratch + "/source"
        try run("""
            mkdir "$1/../source" && cd "$1/../source" && truncate -s 200M sparse && \
            printf middle | dd of=sparse bs=1 seek=104857600 conv=notrunc status=none && \
            printf end | dd of=tail bs=1 seek=1048576 status=none
            """)
        let destination = rootfs.scratch + "/copy"

        _ = try TreeCopy.copy(source, to: destination)

        var info = stat()
        XCTAssertEqual(lstat(destination + "/sparse", &info), 0)
        XCTAssertEqual(info.st_size, 200 << 20)
        XCTAssertLessThan(info.st_blocks * 512, 1 << 20, "the holes were written out as zeros")
        for name in ["sparse", "tail"] {
            XCTAssertEqual(try HostProgram.output(["sha256sum", source + "/" + name]).prefix(64),
                           try HostProgram.output(["sha256sum", destination + "/" + name]).prefix(64), "\(name) differs")
        }
    }

    /// A process exchanging regular files with FIFOs while the tree is
    /// copied, with no container to freeze: every copy ends, and holds only
    /// the files' own bytes, or is refused naming the swapped entry. The
    /// old copy opened a swapped-in FIFO and blocked for ever (and would
    /// have opened a swapped-in device node as root). Needs gcc.
    func testFilesSwappedWithFIFOsDuringACopyAreRefusedNotOpened() throws {
        let source = rootfs.scratch + "/source"
        let outcome = try SwapRace(rootfs: rootfs, directory: source)
        defer { outcome.swapper.terminate() }

        let copies = (0..<20).map { rootfs.scratch + "/copy\($0)" }
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for copy in copies {
                do { _ = try TreeCopy.copy(source, to: copy) } catch { outcome.refused(copy, "\(error)") }
            }
            finished.signal()
        }
        // A bound on a hang, not a speed: the old copy never returned.
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "a copy blocked in the open of a swapped-in FIFO")
        for (copy, message) in outcome.refusals {
            XCTAssertTrue(message.contains("replacedWhileExamined") && message.contains("TreeWork.copy"), message)
            XCTAssertEqual(access(copy, F_OK), -1, "a refused copy was left: \(copy)")
        }
        for copy in copies where outcome.refusals[copy] == nil {
            for name in Directory.names(copy + "/race") {
                var info = stat()
                XCTAssertEqual(lstat(copy + "/race/" + name, &info), 0)
                if info.st_mode & S_IFMT == S_IFREG {
                    XCTAssertEqual(try String(contentsOfFile: copy + "/race/" + name, encoding: .utf8), "file\n")
                } else {
                    XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "\(copy)/race/\(name)")
                }
            }
        }
    }

    func testAnExistingDestinationIsRefused() throws {
        let destination = rootfs.scratch + "/copy"
        XCTAssertEqual(mkdir(destination, 0o755), 0)
        XCTAssertThrowsError(try TreeCopy.copy(rootfs.path, to: destination)) { error in
            XCTAssertEqual("\(error)", "mkdir `\(destination)`: File exists")
        }
        XCTAssertEqual(Directory.names(destination), [])
    }

    private func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
        dev_t(major) << 8 | dev_t(minor)
    }
}
