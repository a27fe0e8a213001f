import CtrKernel
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
            throw .image(.skopeoMissing(.push(destination)))
        }
        var argv = ["/usr/bin/skopeo", "copy"]
        if plainHTTP { argv.append("--dest-tls-verify=false") }
        argv += ["oci:" + layout + ":" + tag, destination]
        let (status, failures) = try SkopeoPull.run(argv, output: output)
        guard status == .exited(0) else {
            throw .image(.skopeoFailed(.push(destination), status: status, failures: failures))
        }
    }
}
