import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 15: a recording plays where the slides are. The English talk,
/// recorded with `--cast`, rendered by `scripts/render-cast` to an animated
/// SVG and to a still of one step, both loaded in headless Chromium from
/// a file (no server): the still shows that step and nothing after it, and
/// the animation shows the talk's screens in turn.
final class CastRenderTests: EndToEndTestCase {
    private func requireTools() throws {
        try Privileges.require(HeadlessChromium.isInstalled, "chromium is not installed (scripts/install-deps installs it)")
        try Privileges.require((try? HostProgram.output(["python3", "-c", "import termtosvg"])) != nil,
                               "termtosvg is not installed for python3 (scripts/install-deps installs it)")
    }

    private func renderCast(_ arguments: String...) throws -> String {
        try HostProgram.output([repository + "/scripts/render-cast"] + arguments)
    }

    func testTheTalkRendersToAnAnimationAndAStillThatChromiumShows() throws {
        try requireTools()
        let root = try requireRootfs()
        let talk = try write(try FileText.read(repository + "/scripts/demos/what-is-a-container.ctrsh"), to: "talk.ctrsh")
        let cast = scratch + "/talk.cast"
        assertExit(try ctrsh("--demo", "--auto", "0", "--cast", cast, talk, root), 0)

        let animation = scratch + "/talk.svg", still = scratch + "/step3.svg"
        XCTAssertEqual(try renderCast(cast, animation), "render-cast: wrote \(animation)\n")
        XCTAssertEqual(try renderCast("--step", "3", cast, still), "render-cast: wrote \(still)\n")
        let browser = HeadlessChromium(profile: scratch + "/chromium")

        // The still: step 3 ran (the PID inside) and step 4 is not there yet.
        let stillDOM = try browser.dom(still)
        XCTAssertTrue(stillDOM.contains("<svg"), stillDOM)
        XCTAssertTrue(stillDOM.contains("ns new pid") && stillDOM.contains("inside: my PID is 1"), stillDOM)
        XCTAssertFalse(stillDOM.contains("outside: my PID"), "the still goes past step 3: \(stillDOM)")
        XCTAssertFalse(stillDOM.contains("@keyframes"), "a still is not animated")
        // termtosvg draws 8×17 px cells and a 2-row margin: 80×24 cells (the cast's size).
        let (width, height) = (640, 410)
        let stillPNG = scratch + "/step3.png"
        try browser.screenshot(still, to: stillPNG, width: width, height: height)
        let shot = try PNGSummary(path: stillPNG)
        XCTAssertEqual([shot.width, shot.height], [width, height])
        XCTAssertGreaterThan(shot.foregroundShare, 0.05, "the still looks blank: \(shot)")
        XCTAssertGreaterThan(shot.colours, 10, "text is drawn anti-aliased, in several colours: \(shot)")

        // The animation: the whole talk, to its last line, in keyframes...
        let animationDOM = try browser.dom(animation)
        XCTAssertTrue(animationDOM.contains("@keyframes"), animationDOM)
        XCTAssertTrue(animationDOM.contains("inside: my PID is 1") && animationDOM.contains("That is all a container is"))
        // ...that play: the browser draws a different screen at different
        // times. Headless Chromium's virtual time does not pin a frame (its
        // screenshots of the running animation vary from run to run), so
        // each copy pauses the animation at a time of its own.
        let svg = try FileText.read(animation)
        let duration = try XCTUnwrap(svg.split(separator: "--animation-duration: ").dropFirst().first
            .flatMap { Int($0.prefix { $0.isNumber }) }, "no animation duration in \(animation)")
        var shots: [PNGSummary] = []
        for share in [0.02, 0.5, 0.9] {
            let milliseconds = Int(Double(duration) * share)
            let paused = try write(svg.replacingOccurrences(of: "</svg>", with: """
                <style>* { animation-play-state: paused !important; animation-delay: -\(milliseconds)ms !important; }</style></svg>
                """), to: "talk-\(milliseconds).svg")
            let png = scratch + "/talk-\(milliseconds).png"
            try browser.screenshot(paused, to: png, width: width, height: height)
            shots.append(try PNGSummary(path: png))
        }
        XCTAssertEqual(Set(shots.map(\.digest)).count, shots.count, "the animation shows the same screen twice: \(shots)")
        XCTAssertTrue(shots.allSatisfy { $0.foregroundShare > 0.02 && [$0.width, $0.height] == [width, height] }, "\(shots)")
    }

    func testAStepOrTimeTheCastDoesNotHaveIsAClearError() throws {
        try requireTools()
        let cast = scratch + "/short.cast"
        assertExit(try ctrsh("--cast", cast, "--demo", "--auto", "0", try write("echo one\necho two\n", to: "short.ctrsh")), 0)
        let script = repository + "/scripts/render-cast"
        let tooFar = try ctrsh("-c", "host \(script) --step 3 \(cast) \(scratch)/x.svg")
        XCTAssertTrue(tooFar.stderr.contains("render-cast: the recording has 2 steps, not 3: pick a step from 1 to 2"), "\(tooFar)")
        let notACast = try ctrsh("-c", "host \(script) \(script) \(scratch)/x.svg")
        XCTAssertTrue(notACast.stderr.contains("is not an asciicast v2 recording"), "\(notACast)")
        XCTAssertEqual(access(scratch + "/x.svg", F_OK), -1, "nothing is written on an error")
        XCTAssertEqual(try renderCast("--step", "2", cast, scratch + "/two.svg"), "render-cast: wrote \(scratch)/two.svg\n")
        let two = try FileText.read(scratch + "/two.svg")
        XCTAssertTrue(two.contains("echo two") && two.contains(">two<"), two)
    }
}
