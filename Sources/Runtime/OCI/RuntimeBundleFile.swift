import Glibc

extension RuntimeBundleImport {
    /// The largest config.json read: real ones are a few KiB.
    public static let maximumConfigSize = 16 << 20

    /// Reads the bundle's `config.json` (the context names the bundle) and loads it.
    public static func load(bundle context: Context) throws(RuntimeError) -> Result {
        let file = context.bundleDirectory + "/" + RuntimeBundleWriter.configName
        return try load(try contents(of: file), file: file, context: context)
    }

    /// The bytes of a regular file of at most `maximumConfigSize` bytes.
    private static func contents(of file: String) throws(RuntimeError) -> [UInt8] {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open `\(file)`") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .lastError("stat `\(file)`") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .invalidSpec("`\(file)` is not a regular file") }
        guard info.st_size <= maximumConfigSize else {
            throw .invalidSpec("`\(file)` is \(ByteLimit.format(UInt64(info.st_size))) big; a config.json of more than \(ByteLimit.format(UInt64(maximumConfigSize))) is refused")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumConfigSize {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .lastError("read `\(file)`") }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
        throw .invalidSpec("`\(file)` grew beyond \(ByteLimit.format(UInt64(maximumConfigSize))) while it was read")
    }
}
