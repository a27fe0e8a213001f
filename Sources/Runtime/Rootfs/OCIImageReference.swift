import CtrKernel
import Glibc

/// An image in an OCI layout as `rootfs use` names it: `oci:DIR` or
/// `oci:DIR:TAG`. The tag is what follows the last `:` after the last `/`,
/// unless the whole of `DIR:TAG` is itself a directory.
public struct OCIImageReference: Equatable, Sendable {
    /// What marks a reference: `oci:`.
    public static let scheme = "oci:"

    /// The layout directory, as written.
    public var directory: String
    /// The tag asked for; nil picks `latest`, or the only manifest.
    public var tag: String?

    /// True when `text` names an image layout rather than a path.
    public static func isReference(_ text: String) -> Bool { text.hasPrefix(scheme) }

    /// Parses `oci:DIR[:TAG]`.
    public init(parsing text: String) throws(RuntimeError) {
        let rest = String(text.dropFirst(Self.scheme.count))
        guard Self.isReference(text), !rest.isEmpty else {
            throw .image(.noLayoutDirectory(reference: text))
        }
        let lastSlash = rest.lastIndex(of: "/")
        guard let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true, !Self.isDirectory(rest) else {
            directory = rest
            return
        }
        let tag = String(rest[rest.index(after: colon)...])
        directory = String(rest[..<colon])
        guard !directory.isEmpty else { throw .image(.noLayoutDirectory(reference: text)) }
        guard Self.isValidTag(tag) else {
            throw .image(.badLayoutTag(tag, reference: text))
        }
        self.tag = tag
    }

    /// `oci:DIR:TAG` again.
    public var text: String { Self.scheme + directory + (tag.map { ":" + $0 } ?? "") }

    /// The tag grammar of the image-spec and the distribution spec.
    static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        func allowed(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || byte == 0x5f
        }
        guard let first = bytes.first, bytes.count <= 128, allowed(first) else { return false }
        return bytes.allSatisfy { allowed($0) || $0 == 0x2e || $0 == 0x2d }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
