import CLinux
import Glibc

/// What a failure of `CTR_STEP_EXEC` names, which depends on what was
/// missing where.
enum ExecStep {
    /// The program the failure names: the candidate that failed, or the
    /// name typed when a PATH lookup found nothing, with what the root has.
    @Sendable static func subject(_ detail: Int, _ code: Int32, _ context: ChildStepContext) -> ChildFailure.Subject {
        let argv = context.argv
        if detail < 0 { return ChildFailure.Subject(path: InitProgram.name) }
        let candidate = detail < context.candidates.count ? context.candidates[detail] : argv[0]
        let missing = code == ENOENT || code == ENOTDIR
        var subject = ChildFailure.Subject(path: missing && !argv[0].contains("/") ? argv[0] : candidate)
        guard missing && argv[0].contains("/") else { return subject }
        let root = context.root
        subject.programExists = existsInRoot(candidate, root: root)
        let name = String(argv[0].split(separator: "/").last ?? "")
        if !subject.programExists && !name.isEmpty {
            subject.foundOnPath = ExecCandidates.paths(for: name, spec: context.spec).first {
                $0 != candidate && existsInRoot($0, root: root)
            }
        }
        return subject
    }

    /// Whether `path` (inside the container) names anything under `root`.
    private static func existsInRoot(_ path: String, root: String) -> Bool {
        var info = stat()
        return lstat(root + (path.hasPrefix("/") ? path : "/" + path), &info) == 0
    }
}
