import CtrRuntime
import FuzzTargets
import TestSupport
import XCTest

/// Replays every fuzz target's seed corpus and every crashing input the
/// fuzzer found so far (`Tests/FuzzCorpus/crashes/TARGET/`, kept once the
/// crash is fixed) through the same entry point `scripts/fuzz` drives, so
/// a fixed crash stays fixed in `scripts/test`.
final class FuzzCorpusTests: XCTestCase {
    /// `Tests/FuzzCorpus`, found from this file's path.
    static let corpus: String = {
        let path = #filePath
        let tests = path[..<(path.range(of: "/FuzzTests/")?.lowerBound ?? path.endIndex)]
        return tests + "/FuzzCorpus"
    }()

    func testSeedCorpus() throws {
        for target in FuzzTargets.all {
            let count = try replay(target, from: "\(Self.corpus)/\(target.name)")
            XCTAssertGreaterThan(count, 0, "no seed inputs for `\(target.name)` in \(Self.corpus)/\(target.name)")
        }
    }

    func testCrashesFoundSoFar() throws {
        var count = 0
        for target in FuzzTargets.all {
            count += try replay(target, from: "\(Self.corpus)/crashes/\(target.name)")
        }
        print("fuzz corpus: replayed \(count) crashing inputs found so far")
    }

    /// Runs every file in `directory` through `target`; returns how many.
    private func replay(_ target: FuzzTarget, from directory: String) throws -> Int {
        let names = Directory.names(directory).filter { !$0.hasPrefix(".") }
        for name in names {
            let bytes = try FileTree.readPrefix("\(directory)/\(name)", count: 1 << 20)
            XCTAssertEqual(target.run(bytes), [], "\(target.name): \(directory)/\(name)")
        }
        return names.count
    }
}
