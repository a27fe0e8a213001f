import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Live cgroup changes to a running container on the real kernel: a
/// lowered memory limit and the OOM killer, `pause` and `resume`. Needs root.
final class LiveContainerCgroupTests: LiveContainerTestCase {
    /// A shell that keeps about 40 MB in a variable until killed.
    private let holder = "x=$(head -c 40000000 /dev/zero | tr '\\0' a); echo held; sleep 300; echo ${#x}"
    /// A process that needs 40 MB at once and then ends.
    private let hog = ["/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=40M", "count=1"]
    private let limit = ByteLimit.bytes(16 << 20)

    func testLoweringTheMemoryLimitBelowWhatAProcessHolds() throws {
        let driver = try requireCgroups()
        let (web, live) = try started("web", [.pid])
        let held = try execDetached(web, holder)
        XCTAssertTrue(eventually(20) { (live.usage()?.memoryCurrent ?? 0) > 36_000_000 },
                      "the holder took its 40 MB: \(String(describing: live.usage()))")
        var limits = CgroupLimits()
        limits.memory = limit
        switch driver.version {
        case .v2:
            // v2 reclaims what it can, then OOM-kills to get under memory.max.
            try runtime.applyLimits(limits, to: web)
            XCTAssertTrue(eventually(10) { !self.isRunning(held) }, "the OOM killer ended the holder")
            XCTAssertGreaterThan(live.usage()?.oomKills ?? 0, 0)
        case .v1:
            // v1 refuses a limit below what it cannot reclaim (there is no
            // swap): a clear error, and the old limit stays.
            let file = try v1Directory("memory", "web") + "/memory.limit_in_bytes"
            let before = try read(file)
            XCTAssertThrowsError(try runtime.applyLimits(limits, to: web)) { error in
                guard case .cgroup(.memoryInUse("web", let used, .bytes(16 << 20), nil))? = error as? RuntimeError else {
                    return XCTFail("\(error)")
                }
                XCTAssertGreaterThan(used ?? .max, 16 << 20, "it uses more than the limit asked for")
            }
            XCTAssertEqual(try read(file), before, "the limit did not change")
            XCTAssertNil(live.limits.memory)
            XCTAssertTrue(isRunning(held))
            XCTAssertEqual(live.usage()?.oomKills, 0)
        }
    }

    func testAProcessGrowingPastALoweredLimitIsOOMKilledAndReported() throws {
        _ = try requireCgroups()
        let (web, live) = try started("web", [.pid])
        var limits = CgroupLimits()
        limits.memory = limit
        try runtime.applyLimits(limits, to: web)
        XCTAssertEqual(live.limits.memory, limit)
        if runtime.cgroups?.version == .v1 {
            XCTAssertEqual(try read(try v1Directory("memory", "web") + "/memory.limit_in_bytes"), "16777216")
        }

        let detached = try runtime.execDetached(into: web, argv: hog, user: nil)
        XCTAssertTrue(eventually(10) { !self.isRunning(detached) }, "the detached hog was killed")
        XCTAssertEqual(live.usage()?.oomKills, 1)
        let foreground = try runtime.execForeground(into: web, argv: hog, user: nil, tee: OutputTee())
        XCTAssertEqual(foreground.status, .oomKilled(limit: limit))
        XCTAssertEqual(live.usage()?.oomKills, 2)
        XCTAssertNotNil(web.live, "PID 1 survives its processes' OOM kills")

        // A program that is PID 1 itself, killed after the limit was lowered.
        let solo = makeContainer("solo", [.pid])
        _ = try runtime.startDetached(
            solo, argv: ["/bin/sh", "-c", "while [ ! -e /tmp/grow ]; do sleep 0.05; done; exec " + hog.joined(separator: " ")], user: nil)
        try runtime.applyLimits(limits, to: solo)
        try FileText.create(rootfs.path + "/tmp/grow", text: "")
        XCTAssertEqual(try runtime.wait(solo).0, .oomKilled(limit: limit))
        XCTAssertEqual(solo.state.description, "exited 137")
    }

    func testPauseFreezesEveryProcessAndResumeThawsThem() throws {
        let driver = try requireCgroups()
        let (web, live) = try started("web", [.pid])
        let counter = rootfs.path + "/tmp/counter"
        let count = { Int(FileText.readIfPresent(counter)?.trimmed ?? "") ?? 0 }
        _ = try execDetached(web, "i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; done")
        XCTAssertTrue(eventually(10) { count() > 100 }, "the loop counts")

        try runtime.setPaused(web, true)
        XCTAssertEqual(web.state, .paused)
        XCTAssertEqual(try frozen(driver, "web"), true)
        try assertStill(counter, live)

        XCTAssertThrowsError(try runtime.setPaused(web, true)) { error in
            XCTAssertEqual(error as? RuntimeError, .container(.pausedAlready("web")))
        }
        XCTAssertThrowsError(try runtime.execDetached(into: web, argv: ["/bin/true"], user: nil)) { error in
            XCTAssertEqual(error as? RuntimeError, .container(.paused("web", for: .execDetached)))
        }
        XCTAssertEqual(web.state, .paused)
        XCTAssertEqual(try frozen(driver, "web"), true)
        try assertStill(counter, live)

        try runtime.setPaused(web, false)
        XCTAssertEqual(web.state, .running)
        XCTAssertEqual(try frozen(driver, "web"), false)
        let thawedAt = count()
        XCTAssertTrue(eventually(5) { count() > thawedAt + 100 }, "the loop counts again")
        XCTAssertThrowsError(try runtime.setPaused(web, false)) { error in
            XCTAssertEqual(error as? RuntimeError, .container(.notPaused("web")))
        }
        XCTAssertEqual(web.state, .running)
    }

    /// Neither the counter file nor the group's CPU time moves for 300 ms.
    private func assertStill(_ counter: String, _ live: LiveContainer, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = FileText.readIfPresent(counter)
        let cpu = live.usage()?.cpuUsageNanoseconds
        usleep(300_000)
        XCTAssertEqual(FileText.readIfPresent(counter), text, "the counter advanced while frozen", file: file, line: line)
        XCTAssertEqual(live.usage()?.cpuUsageNanoseconds, cpu, "CPU time was used while frozen", file: file, line: line)
    }

    /// What the kernel says: v1 `freezer.state` FROZEN, v2 `cgroup.events` `frozen 1`.
    private func frozen(_ driver: any CgroupDriver, _ name: String) throws -> Bool {
        switch driver.version {
        case .v1:
            let state = try read(try v1Directory("freezer", name) + "/freezer.state")
            XCTAssertTrue(["FROZEN", "THAWED"].contains(state), "freezer.state reads \(state)")
            return state == "FROZEN"
        case .v2:
            let unified = try XCTUnwrap(topology.unified)
            let events = try read(unified.ownDirectory + "/ctrsh/\(session)/\(name)/cgroup.events")
            return events.split(separator: "\n").contains("frozen 1")
        }
    }
}
