import CtrKernel
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
            throw .image(.layoutNotDirectory(directory))
        }
        guard let text = FileText.readIfPresent(marker) else {
            throw .image(.layoutWithoutMarker(directory))
        }
        let version = try Self.decode(OCILayoutMarker.self, from: Array(text.utf8), file: marker).imageLayoutVersion
        guard version.hasPrefix("1.") else {
            throw .image(.layoutVersion(marker: marker, version: version))
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
    func document<T: Decodable>(_ type: T.Type, _ descriptor: OCIDescriptor, role: BlobRole) throws(RuntimeError) -> T {
        let file = try path(of: descriptor, role: role)
        guard descriptor.size <= Self.largestDocument else {
            throw .image(.documentTooLarge(file: file, role: role, size: descriptor.size))
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
    func verifiedBlob(_ descriptor: OCIDescriptor, role: BlobRole) throws(RuntimeError) -> String {
        let file = try path(of: descriptor, role: role)
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .image(.blobNotRegularFile(file: file, role: role))
        }
        try checkSize(file, role: role, descriptor: descriptor, size: Int64(info.st_size))
        try checkDigest(file, role: role, descriptor: descriptor, digest: try SHA256.hexDigest(ofFile: file))
        return file
    }

    /// `blobs/sha256/HEX` for a well-formed sha256 digest; an error naming
    /// `role` for another algorithm, a malformed digest or a missing blob.
    func path(of descriptor: OCIDescriptor, role: BlobRole) throws(RuntimeError) -> String {
        let digest = descriptor.digest
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw .image(.digestNotAlgorithmHex(layout: directory, role: role, digest: digest))
        }
        guard parts[0] == "sha256" else {
            throw .image(.digestAlgorithm(layout: directory, role: role, algorithm: String(parts[0])))
        }
        let hex = parts[1]
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw .image(.digestNotSHA256(layout: directory, role: role, digest: digest))
        }
        let file = directory + "/blobs/sha256/" + hex
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw .image(.blobMissing(file: file, role: role, errno: errno))
        }
        return file
    }

    // MARK: - Checks and reading

    private func checkSize(_ file: String, role: BlobRole, descriptor: OCIDescriptor, size: Int64) throws(RuntimeError) {
        guard size == descriptor.size else {
            throw .image(.sizeMismatch(file: file, role: role, size: size, expected: descriptor.size))
        }
    }

    private func checkDigest(_ file: String, role: BlobRole, descriptor: OCIDescriptor, digest: String) throws(RuntimeError) {
        guard "sha256:" + digest == descriptor.digest else {
            throw .image(.digestMismatch(file: file, role: role, digest: "sha256:" + digest, expected: descriptor.digest))
        }
    }

    /// A whole small file, refusing one larger than `limit`.
    static func read(_ file: String, limit: Int64) throws(RuntimeError) -> [UInt8] {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .image(.documentUnreadable(file: file, errno: errno))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .lastError(SystemCall("read", file)) }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= limit else { throw .image(.documentGrew(file: file)) }
        }
    }

    /// Decodes `bytes` as `T`, or says where the JSON is wrong.
    private static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws(RuntimeError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw .image(.documentInvalid(file: file, problem(error)))
        }
    }

    /// What is wrong with a document: the JSON parser's words, or the
    /// field that is missing or of the wrong type, and where.
    private static func problem(_ error: any Error) -> DocumentProblem {
        func place(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.hasPrefix(".") ? String(path.dropFirst()) : path
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?:
            if context.codingPath.isEmpty, context.underlyingError == nil { return .notJSON }
            return .notJSONAt(path: place(context), detail: context.debugDescription)
        case .keyNotFound(let key, let context)?:
            return .missingField(key.stringValue, path: place(context))
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return .wrongType(path: place(context))
        default:
            return .unreadable("\(error)")
        }
    }
}
