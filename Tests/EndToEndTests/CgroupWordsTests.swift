import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The words of cgroups and live containers in both languages, through the
/// built `ctrsh`: `ps`, `container ls` and `cgroup show` lines, a cgroup
/// refusal and a container's state error come out in Portuguese under
/// `--lang pt`, and in the same English as before under `--lang en`.
/// Needs root.
final class CgroupWordsTests: EndToEndTestCase {
    /// A running container with a memory limit, looked at, then two refusals.
    private func session(_ language: String) throws -> CtrshResult {
        let root = try requireRootfs()
        let input = """
            container new web
            ns new pid,uts,mnt
            rootfs use \(root)
            cgroup set memory 48M
            start
            exec -d /bin/sleep 300
            ps
            container ls
            cgroup show
            cgroup set cgroup.procs 5
            resume
            stop

            """
        return try ctrsh("--lang", language, "--keep-going", input: input)
    }

    func testPortuguese() throws {
        let result = try session("pt")
        assertExit(result, 1)
        for words in [
            "PID NO HOST", "USUÁRIO", "COMANDO",  // ps
            "NOME", "ESTADO", "LIMITES", "rodando",  // container ls
            "limite 48M", " atual", " no pico", "mortes por OOM", "s usados",  // cgroup show
        ] {
            XCTAssertTrue(result.stdout.contains(words), "no `\(words)` in \(result)")
        }
        XCTAssertTrue(result.stdout.contains("sem limite") || result.stdout.contains("no máximo"), "\(result)")
        for english in ["HOST PID", "COMMAND", " running ", "48M limit", " current", " peak", "OOM kills", "no limit"] {
            XCTAssertFalse(result.stdout.contains(english), "English `\(english)` in \(result)")
        }
        let errors = result.errorLines
        XCTAssertEqual(errors.count, 2, "\(result)")
        XCTAssertTrue(errors.first?.contains("cgroup set: `cgroup.procs` é gerenciado pelo ctrsh e não pode ser definido") == true, "\(result)")
        XCTAssertTrue(errors.last?.contains("resume: `web` não está pausado") == true, "\(result)")
    }

    func testEnglishIsAsBefore() throws {
        let result = try session("en")
        assertExit(result, 1)
        for words in ["HOST PID", "USER", "COMMAND", "NAME", "STATE", "LIMITS", "running", "48M limit", " current", " peak", "OOM kills", " s used"] {
            XCTAssertTrue(result.stdout.contains(words), "no `\(words)` in \(result)")
        }
        let errors = result.errorLines
        XCTAssertEqual(errors.count, 2, "\(result)")
        XCTAssertTrue(errors.first?.contains("cgroup set: `cgroup.procs` is managed by ctrsh and cannot be set") == true, "\(result)")
        XCTAssertTrue(errors.last?.contains("resume: `web` is not paused") == true, "\(result)")
    }
}
