import CtrKernel

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
            throw .container(.unknownUser(name, root: shown))
        case .failure(.group(let group)):
            throw .container(.unknownGroup(group, root: shown))
        case .failure(.outOfRange(let name, let id)):
            throw .container(.idTooLarge(name, id: id, largest: ImageUser.largestID))
        }
    }
}
