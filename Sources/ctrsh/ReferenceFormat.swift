import ArgumentParser
import CtrCommands
import CtrRuntime
import CtrShell
import Glibc

/// What `ctrsh --generate-reference FORMAT` prints (a hidden option, as
/// ArgumentParser's own `--generate-completion-script`):
/// `docs/man/ctrsh.1` or `docs/commands.md`, both from the registry of a
/// shell that runs nothing. `scripts/generate-reference` writes them.
enum ReferenceFormat: String, ExpressibleByArgument {
    case man
    case markdown

    /// Prints the reference and returns the exit status.
    func print() -> Int32 {
        let shell = Shell(session: Session(runtime: ContainerRuntime(sessionID: "reference", cgroups: nil)))
        defer { shell.close() }
        let registry = shell.session.registry
        switch self {
        case .markdown:
            shell.session.output.write(CommandReference(registry).markdown())
        case .man:
            do {
                shell.session.output.write(try ManualPage.render(registry: registry))
            } catch {
                shell.session.output.errorLine("ctrsh: --generate-reference man: ArgumentParser's help dump did not decode: \(Diagnostics.phrase(for: error))")
                return 1
            }
        }
        return 0
    }
}
