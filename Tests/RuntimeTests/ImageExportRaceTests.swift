@testable import CtrRuntime
import Dispatch
import Glibc
import TestSupport
import XCTest

/// `export image` of a root a process keeps changing, with no container to
/// freeze: regular files exchanged with FIFOs while the layer is written.
/// Every export ends, and either holds the files or is refused naming the
/// swapped entry, leaving nothing behind; none opens a FIFO (it would
/// block for ever) or a device swapped in. Needs root and gcc.
final class ImageExportRaceTests: XCTestCase {
    private var rootfs: TestRootfs?

    override func tearDown() {
        rootfs?.remove()
    }

    func testFilesSwappedWithFIFOsDuringAnExportAreRefusedNotOpened() throws {
        let rootfs = try TestRootfs()
        self.rootfs = rootfs
        let source = rootfs.scratch + "/source"
        let outcome = try SwapRace(rootfs: rootfs, directory: source)
        defer { outcome.swapper.terminate() }

        let export = ImageExport(base: source, upper: nil, baseImage: nil, command: ["/bin/sh"], environment: [], workdir: nil, user: nil)
        let cache = RootfsCache(directory: rootfs.scratch + "/cache/rootfs")
        let layouts = (0..<20).map { rootfs.scratch + "/layout\($0)" }
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for layout in layouts {
                do {
                    _ = try export.write(to: .layout(OCIImageReference(parsing: "oci:\(layout):1")), cache: cache)
                } catch {
                    outcome.refused(layout, "\(error)")
                }
            }
            finished.signal()
        }
        // A bound on a hang, not a speed: an open of a swapped-in FIFO never returns.
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "an export blocked in the open of a swapped-in FIFO")
        for (layout, message) in outcome.refusals {
            XCTAssertTrue(message.contains("replacedWhileExamined") && message.contains("TreeWork.export"), message)
            XCTAssertEqual(access(layout, F_OK), -1, "a refused export was left: \(layout)")
        }
        for layout in layouts where outcome.refusals[layout] == nil {
            XCTAssertEqual(Directory.names(layout).sorted(), ["blobs", "index.json", "oci-layout"], layout)
        }
    }
}
