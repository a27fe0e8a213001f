import Glibc

/// An image pulled from a registry (distribution spec) with skopeo into
/// one OCI layout the cache keeps (`<cache>/.registry-layout`), tagged by
/// the SHA-256 of the reference, so a pull of an image whose layers are
/// there already fetches only its manifest. A registry on loopback is
/// spoken to in plain HTTP, as Docker does for 127.0.0.0/8; any other over
/// HTTPS, with the credentials skopeo finds (`~/.docker/config.json`,
/// `containers-auth.json`).
struct RegistryPull {
    /// `HOST[:PORT]/REPO[:TAG|@DIGEST]`.
    let reference: String
    let cache: RootfsCache

    /// The layout the pulls go to.
    var layout: String { cache.directory + "/.registry-layout" }

    /// Pulls the image, handing skopeo's progress lines to `output`;
    /// returns the tag it has in `layout`.
    func pull(output: (String) -> Void) throws(RuntimeError) -> String {
        guard access("/usr/bin/skopeo", X_OK) == 0 else {
            throw .invalidSpec("rootfs: pulling `\(reference)` needs skopeo (`apt-get install skopeo`), which is not installed")
        }
        try cache.makeCacheDirectory()
        var hasher = SHA256()
        hasher.update(Array(reference.utf8))
        let tag = hasher.hexDigest()
        var argv = ["/usr/bin/skopeo", "copy"]
        if ImageSource.isLoopback(ImageSource.host(of: reference)) { argv.append("--src-tls-verify=false") }
        argv += ["docker://" + reference, "oci:" + layout + ":" + tag]
        var last: [String] = []
        let status = try HostProgram.run(argv) { line in
            last = Array((last + [line]).suffix(3))
            output(line)
        }
        guard status == .exited(0) else {
            throw .invalidSpec("rootfs: pulling `\(reference)` failed: skopeo \(status): \(last.joined(separator: " / "))")
        }
        return tag
    }
}
