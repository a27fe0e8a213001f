/// `exec --user USER[:GROUP]`, docker's way: numbers as they are, names
/// looked up in the container's own `/etc/passwd` and `/etc/group` (a user
/// alone gets its passwd entry's group; a number without an entry, its
/// own number as its group), read
/// beneath its root (the root of a running one is hostile: its symlinks
/// are resolved inside it, and the files are opened without following
/// any, so none leads to the host's files).
public enum ContainerUser {
    /// The numeric user and group `user` means in `container`.
    public static func resolve(_ user: String, in container: Container) throws(RuntimeError) -> (uid: UInt32, gid: UInt32) {
        let root = container.live.map { "/proc/\($0.first.pid)/root" } ?? container.spec.rootfs?.path ?? "/"
        let shown = container.spec.rootfs?.path ?? ""
        // A number not in /etc/passwd keeps ctrsh's rule: its group is its own number.
        switch ImageUser.lookup(user, root: root, unlistedGroup: { $0 }) {
        case .success(let ids): return ids
        case .failure(.user(let name)):
            throw .invalidSpec("exec --user: no user `\(name)` in \(shown)/etc/passwd (give a name listed there, or a number: 1000 or 1000:1000)")
        case .failure(.group(let group)):
            throw .invalidSpec("exec --user: no group `\(group)` in \(shown)/etc/group (give a name listed there, or a number)")
        case .failure(.outOfRange(let name, let id)):
            throw .invalidSpec(
                "exec --user: `\(name)` means the ID \(id), beyond the largest ctrsh takes, \(ImageUser.largestID) (give a user whose ID is in 0…\(ImageUser.largestID))")
        }
    }
}
