@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `gc` on the layout registry and podman pulls go to: an image pulled
/// again after it changed leaves the old one's blobs unreachable, and a
/// killed skopeo its temporary file; those go, what a tag reaches stays.
/// Needs root, umoci and skopeo.
final class PullLayoutPruneTests: XCTestCase {
    private var directory: TemporaryDirectory?
    private var rootfs: TestRootfs?

    override func tearDown() {
        directory?.remove()
        rootfs?.remove()
    }

    func testBlobsNoTagReachesAreRemovedAndTheRestStays() throws {
        try Privileges.require(access("/usr/bin/skopeo", X_OK) == 0, "needs skopeo to write the pull layout (`apt-get install skopeo`)")
        let rootfs = try TestRootfs()
        self.rootfs = rootfs
        let directory = try TemporaryDirectory()
        self.directory = directory
        let cache = RootfsCache(directory: directory.path + "/cache/rootfs")
        XCTAssertEqual(try cache.prunePullLayout(), [], "no pull layout yet: nothing to do")
        let first = directory.path + "/first", second = directory.path + "/second"
        try UmociLayout.makeInsertedAtRoot(at: first, from: rootfs.path)
        try UmociLayout.make(at: second, from: rootfs.path, scratch: directory.path)
        let layout = SkopeoPull.layout(of: cache)
        try cache.makeCacheDirectory()
        // The same name pulled twice, the image having changed in between.
        for source in [first, second] {
            _ = try HostProgram.output(["skopeo", "copy", "--quiet", "oci:\(source):latest", "oci:\(layout):pulled"])
        }
        try FileText.create(layout + "/oci-put-blob123456", text: "half a blob")
        let before = Set(Directory.names(layout + "/blobs/sha256"))
        let firstOnly = before.subtracting(Directory.names(second + "/blobs/sha256"))
        XCTAssertFalse(firstOnly.isEmpty, "the first image has blobs of its own")

        let removed = try cache.prunePullLayout()
        XCTAssertEqual(Set(removed), Set(firstOnly.map { layout + "/blobs/sha256/" + $0 } + [layout + "/oci-put-blob123456"]))
        XCTAssertEqual(Set(Directory.names(layout + "/blobs/sha256")), before.subtracting(firstOnly))
        let image = try OCIImageRoot.prepare(OCIImageReference(parsing: "oci:\(layout):pulled"), cache: cache)
        XCTAssertEqual(try FileText.read(image.entry.path + "/data/c"), "c\n", "the image a tag names still builds")
        XCTAssertEqual(try OCIImageLayout(directory: layout).index().manifests.count, 1, "the untagged entry is gone from index.json")
        XCTAssertEqual(try cache.prunePullLayout(), [], "a second gc finds nothing")
    }
}
