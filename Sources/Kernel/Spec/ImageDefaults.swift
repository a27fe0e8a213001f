/// What an OCI image's config asks of its containers (`Env`,
/// `Entrypoint` + `Cmd`, `WorkingDir`, `User`), kept in the spec of a
/// container whose root came from that image: `rootfs use oci:…` merges
/// the environment and working directory into the spec, and `exec` and
/// `run` use the command and user when they are given none.
public struct ImageDefaults: Codable, Equatable, Sendable {
    /// `oci:/abs/layout:TAG`: where the image came from.
    public var source: String
    /// The manifest's digest, `sha256:…`: which image exactly.
    public var manifestDigest: String
    /// `Entrypoint` followed by `Cmd`: the program run when none is given.
    public var command: [String]
    /// `Env`, in the image's order.
    public var env: [EnvironmentVariable]
    /// `WorkingDir`, if the image sets one.
    public var workdir: String?
    /// `User` as the image writes it (`1000`, `nobody:nogroup`), if set.
    public var user: String?
    /// `user` resolved in the image's `/etc/passwd` and `/etc/group`.
    public var uid: UInt32?
    public var gid: UInt32?

    public init(
        source: String, manifestDigest: String, command: [String] = [], env: [EnvironmentVariable] = [],
        workdir: String? = nil, user: String? = nil, uid: UInt32? = nil, gid: UInt32? = nil
    ) {
        self.source = source
        self.manifestDigest = manifestDigest
        self.command = command
        self.env = env
        self.workdir = workdir
        self.user = user
        self.uid = uid
        self.gid = gid
    }

    /// The resolved user, when the image names one.
    public var identity: (uid: UInt32, gid: UInt32)? {
        guard let uid, let gid else { return nil }
        return (uid, gid)
    }
}
