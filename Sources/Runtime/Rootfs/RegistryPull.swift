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
        var failures: [String] = []
        let status = try HostProgram.run(argv) { line in
            // skopeo's errors come as logrus lines, `time=… level=fatal msg="…"`.
            guard line.hasPrefix("time=") else { return output(line) }
            failures.append(Self.message(of: line))
        }
        guard status == .exited(0) else {
            throw .invalidSpec("rootfs: pulling `\(reference)` failed: skopeo \(status): \(failures.joined(separator: "; ")) "
                + "(check the name, the tag and that the registry answers: `skopeo inspect docker://\(reference)`)")
        }
        return tag
    }

    /// The `msg="…"` of a logrus line, or the whole line.
    static func message(of line: String) -> String {
        guard let start = line.firstRange(of: "msg=\""), line.hasSuffix("\"") else { return line }
        return String(line[start.upperBound..<line.index(before: line.endIndex)]).replacing("\\\"", with: "\"")
    }
}
