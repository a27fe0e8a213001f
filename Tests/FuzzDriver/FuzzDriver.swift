import CtrRuntime
import FuzzTargets
import Glibc

// libFuzzer's entry points around a `FuzzTarget`. Built only by
// `scripts/fuzz` (with `-sanitize=fuzzer`, which brings libFuzzer's own
// `main`); `CTRSH_FUZZ_TARGET` picks the target, and with
// `CTRSH_FUZZ_DICTIONARY=FILE` the driver writes the target's dictionary
// there and exits.

/// The target every input goes to, chosen once before the first input.
nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let name = getenv("CTRSH_FUZZ_TARGET").map { String(cString: $0) } ?? FuzzTargets.all[0].name
    guard let target = FuzzTargets.named(name) else {
        writeAll("ctrsh-fuzz: no target `\(name)` (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))\n".utf8, to: STDERR_FILENO)
        _exit(2)
    }
    if let path = getenv("CTRSH_FUZZ_DICTIONARY").map({ String(cString: $0) }) {
        _exit(writeDictionary(of: target, to: path) ? 0 : 1)  // no leak check of what is still referenced
    }
    // One empty input first, so that what the target creates once exists
    // now: a ctrsh runtime, which installs ctrsh's signal handlers. Then
    // SIGINT and SIGTERM go back to their defaults: libFuzzer, which
    // installs its handlers after this, keeps any handler it finds, and
    // ctrsh's only records the signal, so Ctrl-C would not stop a run.
    _ = target.run([])
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selected else { return 0 }
    let problems = target.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    guard problems.isEmpty else {
        for problem in problems { writeAll("ctrsh-fuzz: \(target.name): \(problem)\n".utf8, to: STDERR_FILENO) }
        abort()  // libFuzzer records the input as a crash
    }
    return 0
}

/// Writes `target`'s words as a libFuzzer dictionary: one `"…"` a line,
/// with `\\`, `"` and non-printable bytes escaped as `\xNN`.
private func writeDictionary(of target: FuzzTarget, to path: String) -> Bool {
    var text = ""
    for word in target.dictionary {
        text += "\""
        for byte in word.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): text += "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7f: text += String(UnicodeScalar(byte))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        text += "\"\n"
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return false }
    writeAll(text.utf8, to: fd)
    return close(fd) == 0
}
