@testable import CtrRuntime
import XCTest

/// How an image's config defaults enter a spec (`adoptImageDefaults`), and
/// how `oci:DIR[:TAG]` is read. Pure: no kernel, no files.
final class ImageDefaultsTests: XCTestCase {
    private func variables(_ pairs: KeyValuePairs<String, String>) -> [EnvironmentVariable] {
        pairs.map { EnvironmentVariable(name: $0.key, value: $0.value) }
    }

    private func image(_ env: KeyValuePairs<String, String>, workdir: String? = nil) -> ImageDefaults {
        ImageDefaults(source: "oci:/l:latest", manifestDigest: "sha256:1", command: ["/bin/sh"], env: variables(env), workdir: workdir)
    }

    func testTheImageFillsWhatStillHasCtrshsDefaults() {
        var spec = ContainerSpec()
        let kept = spec.adoptImageDefaults(image(["PATH": "/bin", "GREETING": "hello"], workdir: "/srv"))
        XCTAssertEqual(kept, [])
        XCTAssertEqual(spec.env, variables(["PATH": "/bin", "TERM": "xterm", "HOME": "/root", "GREETING": "hello"]))
        XCTAssertEqual(spec.workdir, "/srv")
        XCTAssertEqual(spec.image?.command, ["/bin/sh"])
    }

    func testWhatTheUserSetStays() {
        var spec = ContainerSpec()
        spec.setEnvironment("GREETING", "mine")
        spec.setEnvironment("HOME", "/home/me")
        spec.workdir = "/tmp"
        let kept = spec.adoptImageDefaults(image(["GREETING": "hello", "HOME": "/root", "LANG": "C"], workdir: "/srv"))
        XCTAssertEqual(kept, ["GREETING", "HOME"])
        XCTAssertEqual(spec.environment("GREETING"), "mine")
        XCTAssertEqual(spec.environment("HOME"), "/home/me")
        XCTAssertEqual(spec.environment("LANG"), "C")
        XCTAssertEqual(spec.workdir, "/tmp")
    }

    func testAnotherImageOrNoneReplacesThePreviousImagesValues() {
        var spec = ContainerSpec()
        spec.adoptImageDefaults(image(["PATH": "/bin", "A": "1", "B": "2"], workdir: "/srv"))
        spec.setEnvironment("B", "changed by the user")
        spec.adoptImageDefaults(image(["A": "one"]))
        XCTAssertEqual(spec.environment("PATH"), ContainerSpec.defaultEnvironment[0].value, "PATH goes back to ctrsh's")
        XCTAssertEqual(spec.environment("A"), "one")
        XCTAssertEqual(spec.environment("B"), "changed by the user")
        XCTAssertNil(spec.workdir)
        spec.adoptImageDefaults(nil)
        XCTAssertNil(spec.image)
        XCTAssertEqual(spec.env, ContainerSpec.defaultEnvironment + variables(["B": "changed by the user"]))
    }

    func testReferences() throws {
        let cases: [(String, String, String?)] = [
            ("oci:./layout", "./layout", nil),
            ("oci:./layout:latest", "./layout", "latest"),
            ("oci:/srv/images/busybox:1.36.1-musl_x", "/srv/images/busybox", "1.36.1-musl_x"),
            ("oci:/a:b/layout", "/a:b/layout", nil),
            ("oci:layout:v2", "layout", "v2"),
        ]
        for (text, directory, tag) in cases {
            let reference = try OCIImageReference(parsing: text)
            XCTAssertEqual(reference.directory, directory, text)
            XCTAssertEqual(reference.tag, tag, text)
            XCTAssertEqual(reference.text, text)
        }
        for (text, problem) in [
            ("oci:", ImageProblem.noLayoutDirectory(reference: "oci:")),
            ("oci::latest", .noLayoutDirectory(reference: "oci::latest")),
            ("oci:./l:", .badLayoutTag("", reference: "oci:./l:")),
            ("oci:./l:.x", .badLayoutTag(".x", reference: "oci:./l:.x")),
        ] {
            XCTAssertThrowsError(try OCIImageReference(parsing: text), text) { error in
                XCTAssertEqual(error as? RuntimeError, .image(problem))
            }
        }
        XCTAssertFalse(OCIImageReference.isReference("./oci:thing"))
        XCTAssertFalse(OCIImageReference.isValidTag(String(repeating: "a", count: 129)))
    }
}
