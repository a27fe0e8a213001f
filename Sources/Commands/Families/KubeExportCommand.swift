import CtrRuntime
import Glibc

/// `export kube FILE`: the session's containers as Kubernetes Pods.
extension BundleCommands {
    static var exportKubeVerb: Verb {
        let file = Operand("FILE", .path)
        return Verb("kube", [file],
                    summary: "write the session's containers as Kubernetes Pods (YAML): containers sharing net/ipc/pid/uts are one pod; a warning names each setting Kubernetes has no form for") { args in
            let file = args[file]
            return { session in try exportKube(to: file, session: session) }
        }
    }

    private static func exportKube(to file: String, session: Session) throws {
        let members = session.containers.map { container in
            KubeExport.Member(name: container.name, spec: container.live?.spec ?? container.spec, command: container.live?.firstCommand)
        }
        do {
            var info = stat()
            guard lstat(file, &info) != 0 else {
                throw CommandError("`\(file)` exists: remove it, or give another file name")
            }
            let result = try KubeExport.pods(of: members)
            try FileText.create(file, text: result.yaml)
            for warning in result.warnings { session.output.line("export kube: warning: \(warning.phrase)") }
            let pods = result.pods.map { "`\($0)`" }.joined(separator: ", ")
            session.output.line(result.pods.count == 1
                ? "export kube: wrote `\(file)` (pod \(pods)): `kubectl apply -f \(file)` or `podman kube play \(file)` runs it"
                : "export kube: wrote `\(file)` (pods \(pods)): `kubectl apply -f \(file)` or `podman kube play \(file)` runs it")
        } catch {
            throw CommandError("export kube: \(Diagnostics.phrase(for: error))")
        }
    }
}
