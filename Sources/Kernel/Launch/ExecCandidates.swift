/// Where `execve` should look for a program: the path itself when it has a
/// slash, else each directory of the container's `PATH`, as `execvp` does.
/// Computed in the parent because the child may not allocate.
enum ExecCandidates {
    static func paths(for program: String, spec: ContainerSpec) -> [String] {
        if program.contains("/") { return [program] }
        let path = spec.environment("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":", omittingEmptySubsequences: false).map { directory in
            directory.isEmpty ? program : "\(directory)/\(program)"
        }
    }
}
