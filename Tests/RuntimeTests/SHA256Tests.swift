import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The SHA-256 that names cache entries: the FIPS 180-4 examples, any way
/// the message is cut into pieces, and agreement with `sha256sum`.
final class SHA256Tests: XCTestCase {
    private func digest(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return hasher.hexDigest()
    }

    func testStandardExamples() {
        XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            digest(String(repeating: "a", count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testPiecesOfAnySizeGiveTheSameDigest() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = SHA256()
        whole.update(message)
        for piece in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hasher = SHA256()
            var rest = message[...]
            while !rest.isEmpty {
                hasher.update(rest.prefix(piece))
                rest = rest.dropFirst(piece)
            }
            XCTAssertEqual(hasher.hexDigest(), whole.hexDigest(), "pieces of \(piece)")
        }
    }

    func testLengthsAroundTheLastBlockMatchSha256sum() throws {
        // 55 bytes is the longest message whose padding fits in one block.
        for length in [55, 56, 63, 64, 119, 120] {
            let expected = try HostProgram.output(
                ["/bin/sh", "-c", "printf '%*s' \(length) '' | tr ' ' a | sha256sum"]).prefix(64)
            XCTAssertEqual(digest(String(repeating: "a", count: length)), String(expected), "\(length) bytes")
        }
    }

    func testFileDigestMatchesSha256sum() throws {
        let directory = try TemporaryDirectory(prefix: "ctrsh-test-sha-")
        defer { directory.remove() }
        let file = directory.path + "/data"
        _ = try HostProgram.output(["/bin/sh", "-c", "head -c 3000001 /dev/urandom > \"$1\"", "sh", file])
        let expected = try HostProgram.output(["sha256sum", file]).prefix(64)
        XCTAssertEqual(try SHA256.hexDigest(ofFile: file), String(expected))
        XCTAssertThrowsError(try SHA256.hexDigest(ofFile: directory.path + "/missing")) { error in
            XCTAssertEqual(String(describing: error), "open `\(directory.path)/missing`: No such file or directory")
        }
    }
}
