import CtrKernel
import Glibc

/// `<container>.veth` in a session's directory: the name and interface
/// index of the host end of the container's veth pair while it exists
/// (`ctrsh-4711 17`), so that `ctrsh gc` can delete one a killed session
/// left (the kernel deletes it only with the container's net namespace,
/// which an orphaned process may keep alive), and only that one.
extension StateDirectory {
    private static let vethSuffix = ".veth"

    func vethPath(_ session: String, _ container: String) -> String {
        sessionDirectory(session) + "/" + container + Self.vethSuffix
    }

    /// Records `container`'s host end.
    func recordVeth(session: String, container: String, name: String, index: Int32) throws(RuntimeError) {
        let path = vethPath(session, container)
        unlink(path)  // a run that ended without reaching `forgetVeth` (a crash)
        try FileText.create(path, text: "\(name) \(index)\n", mode: 0o600)
    }

    /// Forgets `container`'s host end once it is deleted.
    func forgetVeth(session: String, container: String) {
        unlink(vethPath(session, container))
    }

    /// The host ends a session recorded: name and interface index.
    func vethHostEnds(session: String) -> [(name: String, index: Int32)] {
        let directory = sessionDirectory(session)
        return FileTree.names(in: directory).filter { $0.hasSuffix(Self.vethSuffix) }.compactMap { file in
            let words = (FileText.readIfPresent(directory + "/" + file) ?? "").split(separator: " ")
            guard words.count == 2, words[0].hasPrefix(VethAttachment.hostPrefix), let index = Int32(words[1].trimmed) else { return nil }
            return (String(words[0]), index)
        }
    }
}
