import Crypto
import CtrKernel
import Glibc

/// SHA-256, fed in pieces: the digest every image blob is checked against
/// and that names a tarball's entry in the rootfs cache. swift-crypto's
/// (BoringSSL's on Linux), behind the small interface the runtime uses.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Adds `bytes` to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// The digest of everything added, as 64 lowercase hex digits.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The digest of a whole file, read in 1 MiB pieces.
    public static func hexDigest(ofFile path: String) throws(RuntimeError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", path)) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .lastError(SystemCall("read", path)) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.hexDigest()
    }
}
