import XCTest

/// The launch's words come from the catalog of the session's language: a
/// spec error, a child step that failed, a process's exit status and
/// `explain on`'s `[child]` lines, said by the real ctrsh with `--lang pt`,
/// and the same commands still in the English they always had.
final class LaunchWordsInPortugueseTests: EndToEndTestCase {
    /// ctrsh's standard output and error for `script`, in `language`.
    private func said(_ script: String, lang language: String) throws -> String {
        let result = try ctrsh("--lang", language, "-c", script)
        XCTAssertNotNil(result.status, "ctrsh did not end: \(result)")
        return result.stdout + result.stderr
    }

    private func assertSaid(
        _ script: String, english: [String], portuguese: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let inEnglish = try said(script, lang: "en")
        let inPortuguese = try said(script, lang: "pt")
        for text in english {
            XCTAssertTrue(inEnglish.contains(text), "no `\(text)` in:\n\(inEnglish)", file: file, line: line)
            XCTAssertFalse(inPortuguese.contains(text), "English `\(text)` under --lang pt:\n\(inPortuguese)", file: file, line: line)
        }
        for text in portuguese {
            XCTAssertTrue(inPortuguese.contains(text), "no `\(text)` in:\n\(inPortuguese)", file: file, line: line)
        }
    }

    func testASpecErrorIsSaidInPortuguese() throws {
        let root = try requireRootfs()
        try assertSaid(
            "rootfs use \(root); ns rm mnt; exec /bin/true",
            english: ["rootfs: needs a mount namespace to pivot into: `ns new mnt`"],
            portuguese: ["rootfs: precisa de um namespace mnt para o pivot_root: `ns new mnt`"])
        try assertSaid(
            "ns new net; net veth 10.200.1.0/24",
            english: ["net veth: 10.200.1.0 is the network address of 10.200.1.0/24, which no interface can take"],
            portuguese: ["net veth: 10.200.1.0 é o endereço de rede de 10.200.1.0/24, que nenhuma interface pode usar"])
    }

    func testAChildStepFailureIsSaidInPortuguese() throws {
        let root = try requireRootfs()
        try assertSaid(
            "ns new mnt; rootfs use \(root); workdir /does/not/exist; exec /bin/true",
            english: ["workdir: chdir `/does/not/exist` in the container: No such file or directory"],
            portuguese: ["workdir: chdir `/does/not/exist` no contêiner: Arquivo ou diretório inexistente"])
        try assertSaid(
            "ns new mnt; rootfs use \(root); exec /bin/bash",
            english: ["exec: `/bin/bash` not found in the container's root"],
            portuguese: ["exec: `/bin/bash` não encontrado na raiz do contêiner"])
    }

    func testAnExitStatusIsSaidInPortuguese() throws {
        let root = try requireRootfs()
        try assertSaid(
            "ns new pid,mnt; rootfs use \(root); exec /bin/sh -c 'exit 2'",
            english: ["exec: exited with status 2"],
            portuguese: ["exec: terminou com status 2"])
    }

    func testExplainsChildLinesAreSaidInPortuguese() throws {
        let root = try requireRootfs()
        try assertSaid(
            "explain on; ns new pid,mnt; rootfs use \(root); exec /bin/true",
            english: [
                "  [child] pivot_root(\".\", \".\") in \(root)",
                "  [child] umount2(old root, MNT_DETACH)",
                "  [child] setsid: a session of its own, without a controlling terminal",
            ],
            portuguese: [
                "  [filho] pivot_root(\".\", \".\") em \(root)",
                "  [filho] umount2(raiz antiga, MNT_DETACH)",
                "  [filho] setsid: uma sessão própria, sem terminal de controle",
                "  [filho] execve /bin/true",
            ])
    }
}
