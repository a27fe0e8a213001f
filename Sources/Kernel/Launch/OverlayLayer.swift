import Glibc

/// A container's copy-on-write layer over a base it never writes
/// (`rootfs use DIR --overlay`): `upper` holds what the container changed,
/// `work` is overlayfs's scratch space, and `merged` is where the child
/// mounts the overlay inside its own mount namespace, so the host's mount
/// table never shows it. The layer lives in the session's layer directory
/// on disk (`StateDirectory.overlayPath`) until the container is removed
/// or the session ends, so `rootfs diff` still works after the container
/// exited.
package struct OverlayLayer: Equatable, Sendable {
    /// The layer's directory, holding `upper`, `work`, `merged` and `lower`.
    package let directory: String
    /// The base: the read-only lower layer.
    package let lower: String

    package var upper: String { directory + "/upper" }
    package var work: String { directory + "/work" }
    package var merged: String { directory + "/merged" }

    /// The layer at `directory` over `lower`, as it is on disk (made by
    /// `prepare`, in CtrRuntime).
    package init(directory: String, lower: String) {
        self.directory = directory
        self.lower = lower
    }

    /// overlayfs's mount options. Renamed directories are copied up whole
    /// (`redirect_dir=off`) and no file is copied up as metadata only
    /// (`metacopy=off`), so the upper layer alone says what changed. In a
    /// user namespace overlayfs keeps its marks in `user.` xattrs.
    func mountOptions(userNamespace: Bool) throws(RuntimeError) -> String {
        var options = "lowerdir=\(lower),upperdir=\(upper),workdir=\(work)"
        options += userNamespace ? ",userxattr" : ",redirect_dir=off,metacopy=off"
        guard options.utf8.count < 4000 else {
            throw .image(.overlayOptionsTooLong(lower: lower, directory: directory))
        }
        return options
    }
}
