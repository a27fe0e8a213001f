import Glibc

/// Writes every byte to `fd`, retrying after EINTR and short writes; stops
/// quietly if the descriptor fails (a closed terminal or pipe).
package func writeAll<Bytes: Collection>(_ bytes: Bytes, to fd: Int32) where Bytes.Element == UInt8 {
    var rest = Array(bytes)[...]
    while !rest.isEmpty {
        let n = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        rest = rest.dropFirst(n)
    }
}
