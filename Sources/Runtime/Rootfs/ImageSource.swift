import CtrKernel
import Glibc

/// Where `rootfs use` takes an image from, in skopeo's transport names:
/// an OCI layout (`oci:DIR[:TAG]`), an oci-archive or docker-archive
/// tarball (`oci-archive:FILE[:TAG]`, `docker-archive:FILE[:REF]`, or a
/// plain `FILE.tar` that turns out to be one), or a registry
/// (`docker://REGISTRY/REPO[:TAG]`, or `REGISTRY/REPO:TAG` when no such
/// path exists), or podman's local images (`containers-storage:REF`).
public enum ImageSource: Equatable, Sendable {
    case layout(OCIImageReference)
    case ociArchive(file: String, tag: String?)
    case dockerArchive(file: String, reference: String?)
    case registry(String)
    case containersStorage(String)

    public static let ociArchiveScheme = "oci-archive:"
    public static let dockerArchiveScheme = "docker-archive:"
    public static let registryScheme = "docker://"
    public static let containersStorageScheme = "containers-storage:"

    /// The image `text` names, or nil when it is a path (a directory or a
    /// plain tarball root).
    public static func parse(_ text: String) throws(RuntimeError) -> ImageSource? {
        if OCIImageReference.isReference(text) { return .layout(try OCIImageReference(parsing: text)) }
        if text.hasPrefix(ociArchiveScheme) {
            let (file, tag) = try fileAndReference(text, scheme: ociArchiveScheme)
            if let tag, !OCIImageReference.isValidTag(tag) {
                throw .image(.badArchiveTag(tag, reference: text))
            }
            return .ociArchive(file: file, tag: tag)
        }
        if text.hasPrefix(dockerArchiveScheme) {
            let (file, reference) = try fileAndReference(text, scheme: dockerArchiveScheme)
            return .dockerArchive(file: file, reference: reference)
        }
        if text.hasPrefix(registryScheme) {
            let reference = String(text.dropFirst(registryScheme.count))
            guard isRegistryReference(reference, requireTag: false) else {
                throw .image(.noRegistryImage(reference: text))
            }
            return .registry(reference)
        }
        if text.hasPrefix(containersStorageScheme) {
            let reference = String(text.dropFirst(containersStorageScheme.count))
            guard !reference.isEmpty, reference.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
                throw .image(.noStorageImage(reference: text))
            }
            return .containersStorage(reference)
        }
        var info = stat()
        if lstat(text, &info) != 0, isRegistryReference(text, requireTag: true) { return .registry(text) }
        return nil
    }

    /// The image archive `file` is (a regular file given to `rootfs use`),
    /// or nil when it is an archive of a plain root.
    public static func archive(_ file: String) -> ImageSource? {
        switch ImageArchive.kind(of: file) {
        case .oci?: .ociArchive(file: file, tag: nil)
        case .docker?: .dockerArchive(file: file, reference: nil)
        case nil: nil
        }
    }

    /// The source as the user would write it again.
    public var text: String {
        switch self {
        case .layout(let reference): reference.text
        case .ociArchive(let file, let tag): Self.ociArchiveScheme + file + (tag.map { ":" + $0 } ?? "")
        case .dockerArchive(let file, let reference): Self.dockerArchiveScheme + file + (reference.map { ":" + $0 } ?? "")
        case .registry(let reference): Self.registryScheme + reference
        case .containersStorage(let reference): Self.containersStorageScheme + reference
        }
    }

    /// `FILE` and what follows its first `:` (skopeo's rule), unless the
    /// whole of it is a file.
    private static func fileAndReference(_ text: String, scheme: String) throws(RuntimeError) -> (String, String?) {
        let rest = String(text.dropFirst(scheme.count))
        var info = stat()
        guard let colon = rest.firstIndex(of: ":"), stat(rest, &info) != 0 else {
            guard !rest.isEmpty else { throw .image(.noArchive(reference: text, scheme: scheme)) }
            return (rest, nil)
        }
        let file = String(rest[..<colon]), reference = String(rest[rest.index(after: colon)...])
        guard !file.isEmpty, !reference.isEmpty else {
            throw .image(.noArchive(reference: text, scheme: scheme))
        }
        return (file, reference)
    }

    /// `HOST[:PORT]/REPO[:TAG|@sha256:HEX]`, the host with a `.` or a `:`
    /// or `localhost` (as Docker tells a registry from a Docker Hub name);
    /// with `requireTag`, the tag or digest is required too, so a mistyped
    /// path is not taken for an image.
    static func isRegistryReference(_ text: String, requireTag: Bool) -> Bool {
        guard let slash = text.firstIndex(of: "/") else { return false }
        let host = text[..<slash], rest = text[text.index(after: slash)...]
        guard !host.isEmpty, host != ".", host != "..", host.contains(".") || host.contains(":") || host == "localhost",
              !rest.isEmpty, !rest.hasSuffix("/"),
              text.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else { return false }
        let last = rest.split(separator: "/").last ?? ""
        return !requireTag || last.contains(":") || last.contains("@")
    }

    /// The registry host of a `.registry` reference: `127.0.0.1:5000`.
    static func host(of reference: String) -> String {
        String(reference.prefix { $0 != "/" })
    }

    /// True when `host` (with or without a port) is on loopback, where
    /// plain HTTP is used as Docker uses it for 127.0.0.0/8.
    static func isLoopback(_ host: String) -> Bool {
        var name = host
        if name.hasPrefix("[") { return name.hasPrefix("[::1]") }
        if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        var address = in_addr()
        return name == "localhost" || (inet_pton(AF_INET, name, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127)
    }
}
