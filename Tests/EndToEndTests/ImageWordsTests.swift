import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// What ctrsh says about images and bundles comes from its catalog: with
/// `--lang pt` an image error (one whose words nest a blob's role) and the
/// notes of `import oci` are Portuguese, the facts (paths, fields, the
/// command to run) as they are; without it the English is what it was.
final class ImageWordsTests: EndToEndTestCase {
    /// A layout whose only index entry, tagged `latest`, is neither a
    /// manifest nor an index; a bundle whose config.json ctrsh can take
    /// only with notes (a program, a hostname without a uts namespace, a
    /// field it does not represent).
    private func makeInputs() throws -> (layout: String, bundle: String) {
        try FileTree.makeDirectory(scratch + "/layout")
        try FileTree.makeDirectory(scratch + "/bundle")
        _ = try write(#"{"imageLayoutVersion": "1.0.0"}"#, to: "layout/oci-layout")
        _ = try write(#"""
            {"schemaVersion": 2, "manifests": [{"mediaType": "application/x-not-an-image", "size": 2,
             "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
             "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
            """#, to: "layout/index.json")
        _ = try write(#"{"ociVersion": "1.0.2", "process": {"args": ["sh", "-c", "echo hi"]}, "hostname": "web", "linux": {"sysctl": {"a": "1"}}}"#,
                      to: "bundle/config.json")
        return (scratch + "/layout", scratch + "/bundle")
    }

    func testAnImageErrorAndImportNotesInPortugueseAndEnglish() throws {
        let (layout, bundle) = try makeInputs()
        let script = "import oci \(bundle); rootfs use oci:\(layout)"

        let portuguese = try ctrsh("--lang", "pt", "-c", script)
        assertExit(portuguese, 1, "the layout is refused")
        // The shell's own `error:` is another catalog's; the words after it are this one's.
        XCTAssertTrue(portuguese.stderr.hasSuffix("""
            rootfs: `\(layout)/index.json`: o manifesto com a tag `latest` é um `application/x-not-an-image`, \
            não um manifesto ou índice de imagem\n
            """), portuguese.stderr)
        XCTAssertEqual(portuguese.stdout.split(separator: "\n").map(String.init), [
            "import oci: `\(bundle)/config.json` lido: namespaces: nenhum novo, seccomp off (a configuração não tem filtro)",
            "import oci: `hostname` web: precisa de um novo namespace uts, que a configuração não cria; deixado de fora",
            "import oci: `linux.sysctl`: o ctrsh não define sysctls; deixado de fora",
            "import oci: `process.args`: a spec do ctrsh não guarda programa; rode-o com `exec sh -c 'echo hi'`",
        ], portuguese.stdout)

        let english = try ctrsh("-c", script)
        assertExit(english, 1, "the layout is refused")
        XCTAssertTrue(english.stderr.hasSuffix("""
            : error: rootfs: `\(layout)/index.json`: the manifest tagged `latest` is a `application/x-not-an-image`, \
            not an image manifest or index\n
            """), english.stderr)
        XCTAssertEqual(english.stdout, """
            import oci: read `\(bundle)/config.json`: namespaces none new, seccomp off (the config has no filter)
            import oci: `hostname` web: needs a new uts namespace, which the config does not create; left out
            import oci: `linux.sysctl`: ctrsh sets no sysctls; left out
            import oci: `process.args`: ctrsh's spec holds no program; run it with `exec sh -c 'echo hi'`\n
            """, english.stdout)
    }
}
