import FoundationEssentials
import Glibc

/// An OCI image layout directory (image-spec `image-layout.md`): the
/// `oci-layout` marker, `index.json`, and the blobs under
/// `blobs/sha256/HEX`. Every blob is checked against its descriptor's size
/// and SHA-256 digest before it is used; every problem names the file and
/// the entry it is about.
struct OCIImageLayout {
    /// The layout's absolute path.
    let directory: String

    /// The largest index, manifest or config read (as containerd allows).
    static let largestDocument: Int64 = 4 << 20

    /// Opens the layout at `directory` (absolute), checking its marker.
    init(directory: String) throws(RuntimeError) {
        self.directory = directory
        let marker = directory + "/oci-layout"
        guard FileTree.isDirectory(directory) else {
            throw .invalidSpec("rootfs: `\(directory)` is not a directory, so not an OCI image layout")
        }
        guard let text = FileText.readIfPresent(marker) else {
            throw .invalidSpec(
                "rootfs: `\(directory)` is not an OCI image layout: it has no `oci-layout` file "
                    + "(a layout holds `oci-layout`, `index.json` and `blobs/`, as `umoci init --layout` or `skopeo copy … oci:DIR` make it)")
        }
        let version = try Self.decode(OCILayoutMarker.self, from: Array(text.utf8), file: marker).imageLayoutVersion
        guard version.hasPrefix("1.") else {
            throw .invalidSpec("rootfs: `\(marker)`: imageLayoutVersion `\(version)` is not one ctrsh reads (1.x)")
        }
    }

    /// `index.json`, the layout's top index.
    func index() throws(RuntimeError) -> OCIIndex {
        let file = directory + "/index.json"
        let bytes = try Self.read(file, limit: Self.largestDocument)
        return try Self.decode(OCIIndex.self, from: bytes, file: file)
    }

    /// The blob `descriptor` names, as a JSON document of type `T`, after
    /// its size and digest were checked. `role` says what it is for
    /// messages: "the manifest tagged `latest`".
    func document<T: Decodable>(_ type: T.Type, _ descriptor: OCIDescriptor, role: String) throws(RuntimeError) -> T {
        let file = try path(of: descriptor, role: role)
        guard descriptor.size <= Self.largestDocument else {
            throw .invalidSpec("rootfs: `\(file)`: \(role) is \(descriptor.size) bytes, more than an image document may be (4 MiB)")
        }
        let bytes = try Self.read(file, limit: Self.largestDocument)
        var hasher = SHA256()
        hasher.update(bytes)
        try checkSize(file, role: role, descriptor: descriptor, size: Int64(bytes.count))
        try checkDigest(file, role: role, descriptor: descriptor, digest: hasher.hexDigest())
        return try Self.decode(type, from: bytes, file: file)
    }

    /// The path of the blob `descriptor` names, after its size and digest
    /// were checked (a layer: read once whole for that).
    func verifiedBlob(_ descriptor: OCIDescriptor, role: String) throws(RuntimeError) -> String {
        let file = try path(of: descriptor, role: role)
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .invalidSpec("rootfs: `\(file)`: \(role) is not a regular file")
        }
        try checkSize(file, role: role, descriptor: descriptor, size: Int64(info.st_size))
        try checkDigest(file, role: role, descriptor: descriptor, digest: try SHA256.hexDigest(ofFile: file))
        return file
    }

    /// `blobs/sha256/HEX` for a well-formed sha256 digest; an error naming
    /// `role` for another algorithm, a malformed digest or a missing blob.
    func path(of descriptor: OCIDescriptor, role: String) throws(RuntimeError) -> String {
        let digest = descriptor.digest
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw .invalidSpec("rootfs: `\(directory)`: \(role) has the digest `\(digest)`, which is not ALGORITHM:HEX")
        }
        guard parts[0] == "sha256" else {
            throw .invalidSpec("rootfs: `\(directory)`: \(role) has a `\(parts[0])` digest; ctrsh verifies sha256 digests only")
        }
        let hex = parts[1]
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw .invalidSpec("rootfs: `\(directory)`: \(role) has the digest `\(digest)`, which is not sha256: and 64 lowercase hex digits")
        }
        let file = directory + "/blobs/sha256/" + hex
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw .invalidSpec("rootfs: `\(file)`: \(role) is missing from the layout: \(errnoText(errno)) \(Self.damaged)")
        }
        return file
    }

    // MARK: - Checks and reading

    static let damaged = "(the layout is damaged or incomplete: write or copy it again)"

    private func checkSize(_ file: String, role: String, descriptor: OCIDescriptor, size: Int64) throws(RuntimeError) {
        guard size == descriptor.size else {
            throw .invalidSpec("rootfs: `\(file)`: \(role) is \(size) bytes, not the \(descriptor.size) its descriptor says \(Self.damaged)")
        }
    }

    private func checkDigest(_ file: String, role: String, descriptor: OCIDescriptor, digest: String) throws(RuntimeError) {
        guard "sha256:" + digest == descriptor.digest else {
            throw .invalidSpec("rootfs: `\(file)`: \(role) has the digest sha256:\(digest), not the \(descriptor.digest) its descriptor says \(Self.damaged)")
        }
    }

    /// A whole small file, refusing one larger than `limit`.
    static func read(_ file: String, limit: Int64) throws(RuntimeError) -> [UInt8] {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .invalidSpec("rootfs: `\(file)`: \(errnoText(errno))" + (errno == ENOENT ? " \(damaged)" : ""))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .lastError("rootfs: read `\(file)`") }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= limit else { throw .invalidSpec("rootfs: `\(file)`: larger than an image document may be (4 MiB)") }
        }
    }

    /// Decodes `bytes` as `T`, or says where the JSON is wrong.
    private static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws(RuntimeError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw .invalidSpec("rootfs: `\(file)`: \(problem(error)) \(damaged)")
        }
    }

    /// What is wrong with a document, in a line: the JSON parser's words,
    /// or the field that is missing or of the wrong type.
    private static func problem(_ error: any Error) -> String {
        func place(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : " at `\(path.hasPrefix(".") ? String(path.dropFirst()) : path)`"
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?:
            if context.codingPath.isEmpty, context.underlyingError == nil { return "not valid JSON" }
            return "not valid JSON\(place(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context)?:
            return "the required field `\(key.stringValue)` is missing\(place(context))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "a field has the wrong type\(place(context))"
        default:
            return "cannot be read: \(error)"
        }
    }
}
