@testable import CtrKernel
@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The limits table against the drivers: each limit's files are files of
/// its controller that the version really has, each value kind lands in
/// those files as the kernel takes it (v1 on this machine's real
/// hierarchies, v2 in a tree laid out like cgroup2), and unset puts "no
/// limit" back. A limit added to the table gets these checks for free.
final class CgroupLimitTableTests: CgroupKernelTestCase {
    /// A value of each kind, and what its file holds on each version.
    static func sample(_ kind: CgroupLimitKind) -> (value: CgroupLimitValue, v1: String, v2: String) {
        switch kind {
        case .size: (.bytes(.bytes(64 << 20)), "67108864", "67108864")
        case .count: (.count(8), "8", "8")
        case .cpu: (.cpu(CPULimit(cpus: 0.5)), "50000", "50000 100000")
        case .cpuList: (.cpus("0"), "0", "0")
        case .weight: (.weight(200), "200", "default 200")
        }
    }

    func testEveryLimitNamesFilesOfItsControllerOnBothVersions() {
        XCTAssertEqual(Set(CgroupLimitTable.words).count, CgroupLimitTable.all.count, "one entry per word")
        for limit in CgroupLimitTable.all {
            for version in [CgroupVersion.v1, .v2] {
                guard let file = limit.file(on: version) else {
                    guard case .with(let other) = limit.v1.writing, version == .v1 else {
                        return XCTFail("\(limit.word) names no \(version) file")
                    }
                    XCTAssertNotNil(CgroupLimitTable.limit(named: other), "\(limit.word) is written with `\(other)`")
                    XCTAssertEqual(limit.controller(on: .v1), CgroupLimitTable.limit(named: other)?.controller(on: .v1))
                    continue
                }
                XCTAssertTrue(CgroupRawFiles.known[version]?.contains(file) == true, "\(limit.word): \(file) is a known \(version) file")
                XCTAssertEqual(file.prefix { $0 != "." }, Substring(limit.controller(on: version)), "\(limit.word) on \(version)")
            }
            XCTAssertTrue(limit.ociField.hasPrefix("linux.resources."), limit.word)
        }
    }

    /// Each runtime-spec field (named by the kernel's table, mapped by
    /// CtrRuntime's OCI code) belongs to exactly one limit: a field no
    /// entry names is never imported, one named twice is exported twice.
    func testEachRuntimeSpecFieldBelongsToOneLimit() {
        let named = CgroupLimitTable.all.map(\.oci.rawValue).sorted()
        XCTAssertEqual(named, CgroupLimitOCIField.allCases.map(\.rawValue).sorted())
    }

    func testEachLimitIsSetAndUnsetAloneInCgroupLimits() {
        for limit in CgroupLimitTable.all {
            let sample = Self.sample(limit.kind).value
            var limits = CgroupLimits()
            limit.assign(&limits, sample)
            XCTAssertEqual(limit.value(limits), sample, limit.word)
            for other in CgroupLimitTable.all where other.word != limit.word {
                XCTAssertNil(other.value(limits), "setting \(limit.word) sets \(other.word)")
            }
            limit.assign(&limits, nil)
            XCTAssertTrue(limits.isEmpty, limit.word)
        }
    }

    /// runtime-spec export then import gives each limit back.
    func testEachLimitSurvivesRuntimeSpec() throws {
        for version in [CgroupVersion.v1, .v2] {
            for limit in CgroupLimitTable.all {
                var limits = CgroupLimits()
                if limit.word == "memory.swap" { limits.memory = .bytes(64 << 20) }  // runtime-spec counts swap with memory
                limit.assign(&limits, Self.sample(limit.kind).value)
                var resources = RuntimeBundleConfig.Resources()
                var notes: [BundleExportNote] = []
                for entry in CgroupLimitTable.all { entry.oci.mapping.export(limits, version, &resources, &notes) }
                XCTAssertEqual(notes, [], "\(limit.word) on \(version)")
                var back = CgroupLimits()
                for entry in CgroupLimitTable.all { try entry.oci.mapping.read(resources, version, &back) { XCTFail("\($0)") } }
                if version == .v2, limit.word == "io.weight" {
                    back.ioWeight = resources.unified?["io.weight"].flatMap { UInt64($0) }  // v2's weight travels in `unified`
                }
                XCTAssertEqual(back, limits, "\(limit.word) on \(version)")
            }
        }
    }

    /// Each limit alone, on this machine's real v1 hierarchies: its file
    /// holds the value, and unset puts the kernel's "no limit" back.
    func testEachLimitLandsInItsV1File() throws {
        try Privileges.requireRoot("creates groups in the real v1 hierarchies")
        try Privileges.require(topology.preferredVersion == .v1, "the memory controller is not on a cgroup v1 hierarchy here")
        let driver = CgroupV1Driver(hierarchies: topology.v1, session: session)
        defer { driver.removeSessionDirectories() }
        var checked: [String] = []
        for (index, limit) in CgroupLimitTable.all.enumerated() {
            guard let file = limit.file(on: .v1), limit.word != "memory.swap" else { continue }
            let controller = limit.controller(on: .v1)
            guard topology.v1Hierarchy(for: controller) != nil else {
                print("skipped \(limit.word): no v1 \(controller) hierarchy here")
                continue
            }
            let sample = Self.sample(limit.kind)
            var limits = CgroupLimits()
            limit.assign(&limits, sample.value)
            let name = "limit\(index)"
            let group: any CgroupGroup
            do {
                group = try driver.createGroup(named: name, limits: limits)
            } catch {
                // blkio without CFQ or BFQ: the driver says so instead of writing.
                XCTAssertEqual(limit.word, "io.weight", "\(limit.word): \(error)")
                continue
            }
            defer { try? group.remove() }
            let directory = try v1Directory(controller, name)
            let before = try read(directory + "/" + file)
            XCTAssertEqual(before, sample.v1, limit.word)
            try group.apply(CgroupLimits(), previous: limits)
            let after = try read(directory + "/" + file)
            XCTAssertNotEqual(after, sample.v1, "\(limit.word): unset changes \(file)")
            checked.append(limit.word)
            if case .file(_, let unset, _) = limit.v1.writing {
                XCTAssertTrue(after == unset || (unset == V1File.unlimited && (UInt64(after) ?? 0) > 1 << 62),
                              "\(limit.word): \(file) reads \(after) after unset")
            }
        }
        XCTAssertTrue(Set(checked).isSuperset(of: ["memory", "pids", "cpu", "cpuset"]), "checked: \(checked)")
    }
}
