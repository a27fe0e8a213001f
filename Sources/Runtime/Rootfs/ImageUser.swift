import CtrKernel
import Glibc

/// An image config's `User` (`1000`, `1000:100`, `nobody`, `app:staff`)
/// as numbers, looked up in the image's own `/etc/passwd` and `/etc/group`
/// as the image-spec says: a user without a group gets the primary group
/// of its passwd entry, or group 0 when it has none.
enum ImageUser {
    /// `user` resolved in the root at `root`; `image` names the image for
    /// messages.
    static func resolve(_ user: String, root: String, image: String) throws(RuntimeError) -> (uid: UInt32, gid: UInt32) {
        switch lookup(user, root: root) {
        case .success(let ids): return ids
        case .failure(.user(let name)):
            throw .image(.imageUserUnknown(image: image, user: user, name: name))
        case .failure(.group(let group)):
            throw .image(.imageGroupUnknown(image: image, user: user, group: group))
        case .failure(.outOfRange(let name, let id)):
            throw .image(.imageIDOutOfRange(image: image, user: user, name: name, id: id, largest: largestID))
        }
    }

    /// A name `lookup` did not find.
    enum Unknown: Error {
        case user(String)
        case group(String)
        /// A user or group whose number is beyond `largestID`.
        case outOfRange(String, UInt32)
    }

    /// The largest UID or GID taken, as runc's: 4294967295 is `(uid_t)-1`,
    /// which `setresuid` reads as "leave as it is" (root stays root).
    static let largestID = UInt32(Int32.max)

    /// `USER[:GROUP]` (names or numbers) as numbers, from the passwd and
    /// group files of the root at `root`, read beneath it. A user without
    /// a group gets its passwd entry's group; a number without an entry
    /// gets `unlistedGroup` of its UID (nil: group 0, as the image-spec says).
    static func lookup(
        _ user: String, root: String, unlistedGroup: ((UInt32) -> UInt32)? = nil
    ) -> Result<(uid: UInt32, gid: UInt32), Unknown> {
        let parts = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let passwd = entries(of: "/etc/passwd", in: root)
        let name = parts[0]
        let account = passwd.first { $0[0] == name } ?? UInt32(name).flatMap { uid in passwd.first { UInt32($0[2]) == uid } }
        guard let uid = UInt32(name) ?? account.flatMap({ UInt32($0[2]) }) else { return .failure(.user(name)) }
        guard uid <= largestID else { return .failure(.outOfRange(name, uid)) }
        let gid: UInt32
        if parts.count == 2 {
            let group = parts[1]
            guard let number = UInt32(group) ?? entries(of: "/etc/group", in: root).first(where: { $0[0] == group }).flatMap({ UInt32($0[2]) })
            else { return .failure(.group(group)) }
            gid = number
        } else {
            gid = account.flatMap { UInt32($0[3]) } ?? unlistedGroup?(uid) ?? 0
        }
        guard gid <= largestID else { return .failure(.outOfRange(parts.count == 2 ? parts[1] : name, gid)) }
        return .success((uid, gid))
    }

    /// The most of `/etc/passwd` or `/etc/group` that is read.
    static let largestFile = 4 << 20

    /// The colon-separated fields of each line of `file` inside `root`
    /// (lines with fewer than four fields left out); none when missing. A
    /// crafted image may make the file a FIFO (the read would wait for
    /// ever), a device such as /dev/zero (it would never end) or a huge
    /// file: only a regular file of at most `largestFile` bytes is read, and
    /// the check is made on the opened descriptor (the root may be one a
    /// running container changes).
    private static func entries(of file: String, in root: String) -> [[String]] {
        guard let relative = try? RootedPath.resolve(file, in: root),
              let bytes = FileTree.readRegularFile(relative, beneath: root, largest: largestFile)
        else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count >= 4 }
    }
}
