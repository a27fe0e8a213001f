import CtrKernel

/// `export image`: what a container's root is made of, found in the
/// session's state.
extension ContainerRuntime {
    /// The export of `container`'s root as it left it: its spec's root as
    /// the base, and the overlay layer it wrote to (when it ran with one)
    /// as the changes over it; the spec's environment, working directory
    /// and image user with `command` as the image config.
    public func imageExport(of container: Container, command: [String]) throws(RuntimeError) -> ImageExport {
        let spec = container.live?.spec ?? container.spec
        guard let rootfs = spec.rootfs else {
            throw .image(.imageWithoutRoot)
        }
        var upper: String?
        if rootfs.overlay, let layer = OverlayLayer.existing(at: state.overlayPath(sessionID, container.name)), layer.lower == rootfs.path {
            upper = layer.upper
        }
        // An image's root is its layers applied: those layers, when kept, are the base.
        let baseImage = rootfs.overlay ? spec.image.flatMap { BaseImageLayers.locate($0) } : nil
        return ImageExport(
            base: rootfs.path, upper: upper, baseImage: baseImage, command: command, environment: spec.env.map { "\($0.name)=\($0.value)" },
            workdir: spec.workdir, user: spec.image?.user)
    }
}
