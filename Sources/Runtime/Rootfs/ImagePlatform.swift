import CtrKernel

/// The platform `rootfs use --platform OS/ARCH[/VARIANT]` asks for among
/// a multi-platform image's manifests (`linux/arm64/v8`), in the
/// image-spec's words (Go's `GOOS`/`GOARCH` names).
public struct ImagePlatform: Equatable, Sendable {
    public var os: String
    public var architecture: String
    public var variant: String?

    /// Parses `OS/ARCH` or `OS/ARCH/VARIANT`.
    public init(parsing text: String) throws(RuntimeError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let word = { (part: String) in !part.isEmpty && part.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f || $0 == 0x2e } }
        guard (2...3).contains(parts.count), parts.allSatisfy(word) else {
            throw .image(.badPlatform(text))
        }
        os = parts[0]
        architecture = parts[1]
        variant = parts.count == 3 ? parts[2] : nil
    }

    /// `linux/arm64/v8`.
    public var text: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// skopeo's global options that pick this platform in an index.
    var skopeoOptions: [String] {
        ["--override-os", os, "--override-arch", architecture] + (variant.map { ["--override-variant", $0] } ?? [])
    }

    var oci: OCIPlatform { OCIPlatform(architecture: architecture, os: os, variant: variant) }
}
