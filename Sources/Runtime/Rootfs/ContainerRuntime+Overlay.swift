import CtrKernel

/// The overlay layers of `rootfs use --overlay`: made before a launch,
/// read by `rootfs diff`, deleted when the container is removed.
extension ContainerRuntime {
    /// The layer container `name`'s next launch mounts over `spec`'s root,
    /// created in the session's layer directory (on disk, not in `/run`:
    /// `StateDirectory.layerRoot`); nil without `--overlay`.
    func overlayLayer(for spec: ContainerSpec, container name: String) throws(RuntimeError) -> OverlayLayer? {
        guard let rootfs = spec.rootfs, rootfs.overlay else { return nil }
        try prepareState()
        try state.prepareLayers(session: sessionID)
        return try OverlayLayer.prepare(at: state.overlayPath(sessionID, name), lower: rootfs.path)
    }

    /// `rootfs diff`: what the container added, changed and deleted over
    /// its base, sorted by path. Empty until it first ran.
    public func rootfsChanges(of container: Container) throws(RuntimeError) -> [RootfsChange] {
        let spec = container.live?.spec ?? container.spec
        guard spec.rootfs?.overlay == true else {
            throw .image(.noOverlayLayer(container: container.name))
        }
        guard let layer = OverlayLayer.existing(at: state.overlayPath(sessionID, container.name)) else { return [] }
        return OverlayDiff.changes(in: layer)
    }

    /// Deletes container `name`'s overlay layer, with everything it wrote;
    /// returns what could not be removed, if anything.
    @discardableResult
    public func discardOverlay(of name: String) -> RuntimeError? {
        FileTree.removeTree(state.overlayPath(sessionID, name))
    }
}
