import Glibc

/// An image layout copied on with skopeo: to a registry
/// (`docker://HOST/REPO[:TAG]`, plain HTTP for a registry on loopback as
/// for pulls, else HTTPS with the credentials skopeo finds), or into
/// podman's storage (`containers-storage:REF`).
struct SkopeoPush {
    /// skopeo's name of the destination.
    let destination: String
    /// Plain HTTP: a registry on loopback.
    let plainHTTP: Bool

    init(_ destination: ImageSource) {
        self.destination = destination.text
        if case .registry(let reference) = destination {
            plainHTTP = ImageSource.isLoopback(ImageSource.host(of: reference))
        } else {
            plainHTTP = false
        }
    }

    /// Copies `layout`'s image `tag`, handing skopeo's progress lines to `output`.
    func push(layout: String, tag: String, output: (String) -> Void) throws(RuntimeError) {
        guard access("/usr/bin/skopeo", X_OK) == 0 else {
            throw .invalidSpec("copying the image to `\(destination)` needs skopeo (`apt-get install skopeo`), which is not installed; `oci:DIR` and `docker-archive:FILE` need nothing")
        }
        var argv = ["/usr/bin/skopeo", "copy"]
        if plainHTTP { argv.append("--dest-tls-verify=false") }
        argv += ["oci:" + layout + ":" + tag, destination]
        let (status, failures) = try SkopeoPull.run(argv, output: output)
        guard status == .exited(0) else {
            throw .invalidSpec("copying the image to `\(destination)` failed: skopeo \(status): \(failures.joined(separator: "; ")) "
                + "(check the name and that the registry answers and takes pushes)")
        }
    }
}
