import CtrKernel
import Glibc

/// An image copied with skopeo into one OCI layout the cache keeps
/// (`<cache>/.registry-layout`), tagged by the SHA-256 of its source name:
/// from a registry (`docker://HOST/REPO:TAG`, distribution spec) or from
/// podman's local images (`containers-storage:REF`). A second pull asks for
/// the manifest alone and copies nothing when its digest is the one pulled
/// before. A registry on loopback is spoken to in plain HTTP, as Docker
/// does for 127.0.0.0/8; any other over HTTPS, with the credentials skopeo
/// finds (`~/.docker/config.json`, `containers-auth.json`).
struct SkopeoPull {
    /// skopeo's name of the image: `docker://…` or `containers-storage:…`.
    let source: String
    /// Plain HTTP: a registry on loopback.
    let plainHTTP: Bool
    let cache: RootfsCache
    /// The platform asked for among an index's manifests (nil: skopeo's
    /// default, this machine's).
    let platform: ImagePlatform?

    init(_ source: ImageSource, cache: RootfsCache, platform: ImagePlatform? = nil) {
        self.source = source.text
        self.platform = platform
        if case .registry(let reference) = source {
            plainHTTP = ImageSource.isLoopback(ImageSource.host(of: reference))
        } else {
            plainHTTP = false
        }
        self.cache = cache
    }

    /// The layout the pulls go to.
    var layout: String { Self.layout(of: cache) }

    /// Runs `body` holding the layout's lock (`flock` on
    /// `.registry-layout.lock`), so two ctrsh pulling at once do not write
    /// `index.json` together, nor read it while the other writes it.
    func locked<T>(_ body: () throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        try Self.locked(cache: cache, body)
    }

    /// The cache's pull layout.
    static func layout(of cache: RootfsCache) -> String { cache.directory + "/.registry-layout" }

    /// Runs `body` holding the lock of `cache`'s pull layout.
    static func locked<T>(cache: RootfsCache, _ body: () throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        let layout = layout(of: cache)
        try cache.makeCacheDirectory()
        let lock = open(layout + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw .lastError(SystemCall("open", layout + ".lock")) }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .lastError(SystemCall("flock", layout + ".lock")) }
        }
        return try body()
    }

    /// Pulls the image (call it `locked`), telling `output` how it goes
    /// (skopeo's progress lines); returns the tag it has in `layout`.
    func pull(output: (PullProgress) -> Void) throws(RuntimeError) -> String {
        guard access("/usr/bin/skopeo", X_OK) == 0 else {
            throw .image(.skopeoMissing(.pull(source)))
        }
        var hasher = SHA256()
        hasher.update(Array((source + (platform.map { " " + $0.text } ?? "")).utf8))
        let tag = hasher.hexDigest()
        if let digest = pulledBefore(tag: tag) {
            output(.unchanged(digest: digest))
            return tag
        }
        var argv = ["/usr/bin/skopeo"] + (platform?.skopeoOptions ?? []) + ["copy"]
        if plainHTTP { argv.append("--src-tls-verify=false") }
        argv += [source, "oci:" + layout + ":" + tag]
        let (status, failures) = try Self.run(argv) { output(.skopeo($0)) }
        guard status == .exited(0) else {
            throw .image(.skopeoFailed(.pull(source), status: status, failures: failures))
        }
        return tag
    }

    /// The manifest's digest when the registry still gives the one pulled
    /// before under `tag` (asked with `skopeo inspect --raw`, a manifest's
    /// worth of traffic); nil when it changed, was never pulled, or the
    /// registry could not be asked (the copy then says why).
    private func pulledBefore(tag: String) -> String? {
        guard let index = try? OCIImageLayout(directory: layout).index(),
              let pulled = index.manifests.first(where: { $0.refName == tag })?.digest else { return nil }
        // Its log lines (containers-storage says which driver it uses) are not the user's business.
        let argv = ["/bin/sh", "-c", "exec \"$@\" 2>/dev/null", "sh", "/usr/bin/skopeo"] + (platform?.skopeoOptions ?? []) + ["inspect", "--raw"] + (plainHTTP ? ["--tls-verify=false"] : []) + [source]
        guard let manifest = try? HostProgram.output(argv) else { return nil }
        var hasher = SHA256()
        hasher.update(Array(manifest.utf8))
        return "sha256:" + hasher.hexDigest() == pulled ? pulled : nil
    }

    /// Runs skopeo: its progress lines go to `output`, its log lines
    /// (errors, and containers-storage's chatter), as messages, into the
    /// second value, to be shown when it fails.
    static func run(_ argv: [String], output: (String) -> Void) throws(RuntimeError) -> (ExitStatus, [String]) {
        var failures: [String] = []
        let status = try HostProgram.run(argv) { line in
            // skopeo's log lines are logrus's, `time=… level=fatal msg="…"`.
            guard line.hasPrefix("time=") else { return output(line) }
            failures.append(message(of: line))
        }
        return (status, failures)
    }

    /// The `msg="…"` of a logrus line, or the whole line.
    static func message(of line: String) -> String {
        guard let start = line.firstRange(of: "msg=\""), line.hasSuffix("\"") else { return line }
        return String(line[start.upperBound..<line.index(before: line.endIndex)]).replacing("\\\"", with: "\"")
    }
}
