@testable import CtrCommands
import CtrRuntime
import Glibc
import XCTest

/// The words Commands gives the runtime's image, bundle and pod kinds: in
/// English word for word what the runtime used to say (the texts its
/// tests compared), and in Portuguese from pt/images.po, facts unchanged.
final class ImageDiagnosticsTests: XCTestCase {
    private func english(_ problem: ImageProblem) -> String {
        Diagnostics.message(for: RuntimeError.image(problem), in: .english)
    }

    private func portuguese(_ problem: ImageProblem) -> String {
        Diagnostics.message(for: RuntimeError.image(problem), in: .portuguese)
    }

    func testImageProblemsSayWhatTheRuntimeSaid() {
        let damaged = "(the layout is damaged or incomplete: write or copy it again)"
        let layer = BlobRole.layerOf(1, count: 1, .taggedManifest("latest"))
        let cases: [(ImageProblem, String)] = [
            (.layoutWithoutMarker("/p"), """
                rootfs: `/p` is not an OCI image layout: it has no `oci-layout` file (a layout holds `oci-layout`, \
                `index.json` and `blobs/`, as `umoci init --layout` or `skopeo copy … oci:DIR` make it)
                """),
            (.documentInvalid(file: "/l/index.json", .missingField("mediaType", path: "manifests[0]")),
             "rootfs: `/l/index.json`: the required field `mediaType` is missing at `manifests[0]` \(damaged)"),
            (.documentInvalid(file: "/l/index.json", .notJSON), "rootfs: `/l/index.json`: not valid JSON \(damaged)"),
            (.noManifestTagged(index: "/l/index.json", tag: "v9", tags: ["latest", "old"]),
             "rootfs: `/l/index.json`: no manifest is tagged `v9` (tags: latest, old)"),
            (.indexEmpty(index: "/l/index.json", tags: []), "rootfs: `/l/index.json`: holds no manifest: name one as oci:DIR:TAG (it tags none)"),
            (.digestMismatch(file: "/b", role: layer, digest: "sha256:1", expected: "sha256:2"),
             "rootfs: `/b`: layer 1 of 1 of the manifest tagged `latest` has the digest sha256:1, not the sha256:2 its descriptor says \(damaged)"),
            (.blobMissing(file: "/b", role: .taggedManifest("latest"), errno: ENOENT),
             "rootfs: `/b`: the manifest tagged `latest` is missing from the layout: No such file or directory \(damaged)"),
            (.noManifestForPlatform(file: "/l/index.json", role: .index(.taggedManifest("foreign")), platform: "linux/amd64", offered: ["linux/arm64"]),
             "rootfs: `/l/index.json`: the manifest tagged `foreign` (an index) has no manifest for linux/amd64 (it has: linux/arm64)"),
            (.notImageConfig(layout: "/l", role: .config(.onlyManifest), mediaType: "x"),
             "rootfs: `/l`: the config of the index's only manifest is a `x`, not an image config: not a container image"),
            (.archiveFailed(archive: "/b", role: .layerOf(1, count: 1, .onlyManifest), place: .entry("data"), reason: "Truncated tar archive", advice: .damaged),
             "rootfs: `/b` (layer 1 of 1 of the index's only manifest): entry `data`: Truncated tar archive (the archive is damaged or incomplete: fetch or build it again)"),
            (.archiveFailed(archive: "/g.tar", role: nil, place: nil, reason: "Unrecognized archive format", advice: .notTar),
             "rootfs: `/g.tar`: Unrecognized archive format (not a tar archive, plain or gzip, xz, zstd or bzip2 compressed)"),
            (.whiteoutRefused(layer: LayerName(blob: "/b", role: .layerOf(2, count: 2, .onlyManifest)), entry: "l/.wh.file", .throughSymlink("/l")),
             "rootfs: `/b` (layer 2 of 2 of the index's only manifest): entry `l/.wh.file`: a whiteout may not go through the symlink `/l` (refused: an entry may not reach outside the root)"),
            (.hostRootInTheWay(path: "/r/usr", .directory),
             "rootfs make host: `/r/usr` is in the way: on the host it is a directory (make the root in an empty directory)"),
            (.dockerArchive(archive: "/a.tar", .noImageTagged("other:2", tags: ["example.org/hello:1"])),
             "rootfs: `/a.tar` (a docker-archive): holds no image tagged `other:2` (its tags are `example.org/hello:1`)"),
            (.inConfig(file: "/c.json", .image(.configValue(.limit(field: "linux.resources.pids.limit", value: -7, unit: .processes)))),
             "`/c.json`: linux.resources.pids.limit: -7 is not a limit: a number of processes, or -1 for none"),
            (.configNotJSON(file: "/c.json", JSONSyntaxProblem(line: 3, column: 28, kind: .expectedCommaOrBracket(found: .character("}")))),
             "`/c.json`: not JSON: line 3, column 28: expected `,` or `]` after the list element, found `}`"),
            (.configNotJSON(file: "/c.json", JSONSyntaxProblem(line: 1, column: 1, kind: .expectedValue(found: .byte(0x7f)))),
             "`/c.json`: not JSON: line 1, column 1: expected a value, found byte 0x7f"),
            (.configInvalid(file: "/c.json", .expected(field: nil, .object, found: .list)), "`/c.json`: the top level: expected an object, found a list"),
            (.configInvalid(file: "/c.json", .expected(field: "root.path", .string, found: .null)), "`/c.json`: root.path: expected a string, found null"),
            (.configInvalid(file: "/c.json", .notWholeNumber(field: "process.user.uid", min: "0", max: "4294967295")),
             "`/c.json`: process.user.uid: expected a whole number from 0 to 4294967295"),
            (.configInvalid(file: "/c.json", .missing(field: "ociVersion")), "`/c.json`: ociVersion: missing (runtime-spec requires it)"),
            (.bundleWithoutRoot, "the spec has no root filesystem, and a bundle needs one: `rootfs use DIR` first"),
            (.noPodToWrite, "no container of this session has a root filesystem, so there is no pod to write: `rootfs use …` first"),
        ]
        for (problem, text) in cases {
            XCTAssertEqual(english(problem), text)
        }
    }

    /// An oci-archive's problems name its members as `FILE!PATH`, not the
    /// directory it was unpacked into for the while.
    func testAnArchivesProblemsNameTheArchive() {
        let problem = ImageProblem.inArchive(
            .blobNotRegularFile(file: "/cache/.partial-1/blobs/sha256/ab", role: .onlyManifest), archive: "/i.tar", unpackedAt: "/cache/.partial-1")
        XCTAssertEqual(english(problem), "rootfs: `/i.tar!blobs/sha256/ab`: the index's only manifest is not a regular file")
    }

    func testImageProblemsAndNotesInPortuguese() {
        XCTAssertEqual(portuguese(.notManifestOrIndex(index: "/l/index.json", role: .forPlatform(.taggedManifest("latest"), "linux/amd64"), mediaType: "x")),
                       "rootfs: `/l/index.json`: o manifesto com a tag `latest` para linux/amd64 é um `x`, não um manifesto ou índice de imagem")
        XCTAssertEqual(portuguese(.badPlatform("Linux")),
                       "rootfs --platform: `Linux` não é OS/ARCH nem OS/ARCH/VARIANT em minúsculas (por exemplo linux/amd64, linux/arm64/v8)")
        XCTAssertEqual(BundleImportNote.processUser(uid: 1000, gid: 100).phrase.text(in: .portuguese),
                       "`process.user`: o ctrsh inicia processos como root; rode como 1000:100 com `exec --user 1000:100`")
        XCTAssertEqual(BundleExportNote.networkUp.phrase.text(in: .portuguese),
                       "`net up`: a runtime-spec não tem campo para isso; o runtime deixa `lo` desligada")
        XCTAssertEqual(KubeWarning("web", .timeNamespace).phrase.text(in: .portuguese),
                       "`web`: `ns new time`: o Kubernetes não tem namespace time; deixado de fora")
        XCTAssertEqual(ImageExportNote.otherFilesystem("/proc").phrase.text(in: .portuguese),
                       "`/proc` é outro sistema de arquivos (um ponto de montagem): guardado vazio")
    }
}
