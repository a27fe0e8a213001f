import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `export oci` of a running container copies a root the container may be
/// changing. A process inside keeps exchanging regular files with FIFOs
/// (renameat2 RENAME_EXCHANGE): a copy that stats a name and then opens it
/// without checking would open a FIFO and block for ever (or, with a
/// device node swapped in, open a host device as host root). ctrsh freezes
/// the container while it copies, and opens each file without blocking and
/// checks it is the file it examined. Needs root, gcc and the freezer.
final class FrozenExportTests: EndToEndTestCase {
    private static let pairs = 300

    func testExportOfAContainerSwappingFilesWithFIFOsEndsWithAConsistentCopy() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        ctrshTimeout = 120  // a bound on a hang, not a speed
        let bundles = (1...3).map { scratch + "/bundle\($0)" }
        let exports = bundles.map { "export oci \($0) /bin/true" }.joined(separator: "; ")
        let result = try ctrsh("-c", "ns new pid,uts,ipc,net,mnt; rootfs use \(root); start; exec -d \(EscapeProbe.pathInRoot) swap /race \(Self.pairs); sleep 1s; \(exports); stop")
        defer { _ = try? HostProgram.output(["rm", "-rf", root + "/race"] + bundles) }
        XCTAssertNotNil(result.exitCode, "ctrsh hung (killed after \(ctrshTimeout) s) exporting a container that swaps files with FIFOs:\n\(result.stdout.suffix(600))")
        assertExit(result, 0, "export oci of a running container failed")
        XCTAssertEqual(result.stdout.components(separatedBy: "export oci: froze").count - 1, bundles.count,
                       "each export should freeze the running container:\n\(result.stdout.suffix(600))")
        for bundle in bundles {
            let race = bundle + "/rootfs/race"
            var files = 0
            var fifos = 0
            for name in FileTree.names(in: race) {
                var info = stat()
                XCTAssertEqual(lstat(race + "/" + name, &info), 0)
                switch info.st_mode & S_IFMT {
                case S_IFREG:
                    files += 1
                    XCTAssertEqual(try String(contentsOfFile: race + "/" + name, encoding: .utf8), "file\n", "\(name) in \(bundle)")
                case S_IFIFO: fifos += 1
                default: XCTFail("\(name) in \(bundle) is neither a file nor a FIFO")
                }
            }
            // Frozen, the copy is one moment of the race: every pair holds
            // one file and one FIFO, whichever way round.
            XCTAssertEqual(files, Self.pairs, "regular files in \(race)")
            XCTAssertEqual(fifos, Self.pairs, "FIFOs in \(race)")
        }
    }
}
