import Glibc

/// Candidates for a partial path: the entries of its directory that start
/// with its last component, directories with a trailing `/`.
enum PathCompletion {
    /// Full candidates for `partial` (as typed: `./ro` → `./rootfs/`), on
    /// the host (inside a container's root, `ProgramSearch` looks).
    static func candidates(for partial: String, directoriesOnly: Bool) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let directoryPart = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let lookup = directoryPart.isEmpty ? "." : directoryPart
        guard let directory = opendir(lookup) else { return [] }
        defer { closedir(directory) }
        var results: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.bindMemory(to: CChar.self).baseAddress.map { String(cString: $0) } ?? ""
            }
            guard name != ".", name != "..", name.hasPrefix(prefix) else { continue }
            if name.hasPrefix(".") && !prefix.hasPrefix(".") { continue }
            var info = stat()
            let isDirectory = stat(lookup + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            if directoriesOnly && !isDirectory { continue }
            results.append(directoryPart + name + (isDirectory ? "/" : ""))
        }
        return results
    }
}
