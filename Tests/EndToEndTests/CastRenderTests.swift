import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 15: a recording plays where the slides are. Both talks (English
/// and Portuguese), recorded with `--cast`, rendered by
/// `scripts/render-cast` to an animated SVG and to a still of one step,
/// both loaded in headless Chromium from a file (no server): the still
/// shows that step and nothing after it, and the animation shows the
/// talk's screens in turn.
final class CastRenderTests: EndToEndTestCase {
    private func requireTools() throws {
        try Privileges.require(HeadlessChromium.isInstalled, "chromium is not installed (scripts/install-deps installs it)")
        try Privileges.require((try? HostProgram.output(["python3", "-c", "import termtosvg"])) != nil,
                               "termtosvg is not installed for python3 (scripts/install-deps installs it)")
    }

    private func renderCast(_ arguments: String...) throws -> String {
        try HostProgram.output([repository + "/scripts/render-cast"] + arguments)
    }

    /// Each talk, with what its step 3 prints, what its step 4 prints and
    /// its closing narration, as the browser's document holds them.
    private static let talks = [
        (file: "what-is-a-container.ctrsh", step3: "inside: my PID is 1", step4: "outside: my PID", last: "That is all a container is"),
        (file: "o-que-e-um-container.ctrsh", step3: "dentro: meu PID é 1", step4: "fora: meu PID", last: "Isso é tudo o que um contêiner é"),
    ]

    func testBothTalksRenderToAnAnimationAndAStillThatChromiumShows() throws {
        try requireTools()
        let root = try requireRootfs()
        for talk in Self.talks {
            try assertRenders(talk, root: root)
        }
    }

    private func assertRenders(_ talk: (file: String, step3: String, step4: String, last: String), root: String) throws {
        let name = talk.file.replacingOccurrences(of: ".ctrsh", with: "")
        let script = try write(try FileText.read(repository + "/scripts/demos/" + talk.file), to: talk.file)
        let cast = scratch + "/\(name).cast"
        assertExit(try ctrsh("--demo", "--auto", "0", "--cast", cast, script, root), 0, name)

        let animation = scratch + "/\(name).svg", still = scratch + "/\(name)-step3.svg"
        XCTAssertEqual(try renderCast(cast, animation), "render-cast: wrote \(animation)\n")
        XCTAssertEqual(try renderCast("--step", "3", cast, still), "render-cast: wrote \(still)\n")
        let browser = HeadlessChromium(profile: scratch + "/chromium-\(name)")

        // The still: step 3 ran (the PID inside) and step 4 is not there yet.
        let stillDOM = try browser.dom(still)
        XCTAssertTrue(stillDOM.contains("<svg"), stillDOM)
        XCTAssertTrue(stillDOM.contains("ns new pid") && stillDOM.contains(talk.step3), "\(name): \(stillDOM)")
        XCTAssertFalse(stillDOM.contains(talk.step4), "\(name): the still goes past step 3: \(stillDOM)")
        XCTAssertFalse(stillDOM.contains("@keyframes"), "a still is not animated")
        // termtosvg draws 8×17 px cells and a 2-row margin: 80×24 cells (the cast's size).
        let (width, height) = (640, 410)
        let stillPNG = scratch + "/\(name)-step3.png"
        try browser.screenshot(still, to: stillPNG, width: width, height: height)
        let shot = try PNGSummary(path: stillPNG)
        XCTAssertEqual([shot.width, shot.height], [width, height])
        XCTAssertGreaterThan(shot.foregroundShare, 0.05, "\(name): the still looks blank: \(shot)")
        XCTAssertGreaterThan(shot.colours, 10, "\(name): text is drawn anti-aliased, in several colours: \(shot)")

        // The animation: the whole talk, to its last line, in keyframes...
        let animationDOM = try browser.dom(animation)
        XCTAssertTrue(animationDOM.contains("@keyframes"), animationDOM)
        XCTAssertTrue(animationDOM.contains(talk.step3) && animationDOM.contains(talk.last), name)
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
                """), to: "\(name)-\(milliseconds).svg")
            let png = scratch + "/\(name)-\(milliseconds).png"
            try browser.screenshot(paused, to: png, width: width, height: height)
            shots.append(try PNGSummary(path: png))
        }
        XCTAssertEqual(Set(shots.map(\.digest)).count, shots.count, "\(name): the animation shows the same screen twice: \(shots)")
        XCTAssertTrue(shots.allSatisfy { $0.foregroundShare > 0.02 && [$0.width, $0.height] == [width, height] }, "\(name): \(shots)")
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
