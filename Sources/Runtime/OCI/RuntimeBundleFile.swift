import CtrKernel
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
        guard fd >= 0 else { throw .lastError(SystemCall("open", file)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .lastError(SystemCall("stat", file)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .image(.configNotRegularFile(file)) }
        guard info.st_size <= maximumConfigSize else {
            throw .image(.configTooLarge(file: file, size: UInt64(info.st_size), limit: UInt64(maximumConfigSize)))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumConfigSize {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .lastError(SystemCall("read", file)) }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
        throw .image(.configGrew(file: file, limit: UInt64(maximumConfigSize)))
    }
}
