@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The host-side walks of a tree a container made (removal of an overlay
/// layer, `export oci`'s copy) with a tree deeper than the descriptors a
/// process may have: they keep a bounded number open, reopen the levels
/// above through `..`, and leave no descriptor behind. A walk that held a
/// descriptor per level failed with EMFILE (the layer could never be
/// removed). Needs root (the copy keeps owners).
final class DeepTreeWalkTests: XCTestCase {
    private static let depth = 5000
    private static let descriptorLimit: rlim_t = 128
    private var scratch = ""

    override func setUpWithError() throws {
        try Privileges.requireRoot("the copy keeps owners")
        var template = Array("/tmp/ctrsh-deep-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw XCTSkip("mkdtemp failed: \(errnoText(errno))") }
        scratch = String(cString: made)
    }

    override func tearDown() {
        if !scratch.isEmpty { _ = try? HostProgram.output(["rm", "-rf", scratch]) }
        super.tearDown()
    }

    /// `depth` directories `d`, each in the last, below `path`, and a file
    /// `leaf` at the bottom; made through descriptors (no PATH_MAX).
    private func makeTree(at path: String, depth: Int) throws {
        XCTAssertEqual(mkdir(path, 0o755), 0)
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        for _ in 0..<depth {
            XCTAssertEqual(mkdirat(fd, "d", 0o755), 0)
            let next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            close(fd)
            fd = next
        }
        let leaf = openat(fd, "leaf", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        XCTAssertEqual(write(leaf, "leaf\n", 5), 5)
        close(leaf)
        close(fd)
    }

    /// The bytes of `leaf` at the bottom of the tree at `path`.
    private func leaf(of path: String, depth: Int) -> String {
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        for _ in 0..<depth {
            let next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            close(fd)
            fd = next
        }
        defer { close(fd) }
        let leaf = openat(fd, "leaf", O_RDONLY | O_CLOEXEC)
        defer { close(leaf) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(leaf, &buffer, buffer.count)
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    private var openDescriptors: Int { Directory.names("/proc/self/fd").count }

    func testADeepTreeIsCopiedAndRemovedWithFewDescriptors() throws {
        let source = scratch + "/deep"
        let copy = scratch + "/copy"
        try makeTree(at: source, depth: Self.depth)
        var saved = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved), 0)
        var limited = saved
        limited.rlim_cur = Self.descriptorLimit
        XCTAssertEqual(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limited), 0)
        defer { setrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved) }
        let before = openDescriptors

        XCTAssertNoThrow(try TreeCopy.copy(source, to: copy))
        XCTAssertEqual(openDescriptors, before, "the copy left descriptors open")
        XCTAssertEqual(leaf(of: copy, depth: Self.depth), "leaf\n")
        XCTAssertNil(FileTree.removeTree(copy))
        XCTAssertNil(FileTree.removeTree(source))

        XCTAssertEqual(openDescriptors, before, "the removal left descriptors open")
        XCTAssertEqual(access(copy, F_OK), -1, "the copy is still there")
        XCTAssertEqual(access(source, F_OK), -1, "the tree is still there")
    }
}
