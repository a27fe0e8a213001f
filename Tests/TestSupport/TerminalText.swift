/// Terminal output as a person reads it: ANSI escape sequences removed,
/// carriage returns dropped, backspaces applied.
public enum TerminalText {
    /// `bytes` without CSI (`ESC [ … final`), OSC (`ESC ] … BEL/ST`) and
    /// other two-byte escapes; `\r` and other control characters except
    /// `\n` and `\t` dropped; a backspace erases the character before it.
    public static func plain(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                index = skipEscape(bytes, from: index)
                continue
            }
            if byte == 0x08 {
                if let last = result.last, last != 0x0A { result.removeLast() }
            } else if byte == 0x0A || byte == 0x09 || byte >= 0x20 && byte != 0x7F {
                result.append(byte)
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The index after the escape sequence starting at `start`.
    private static func skipEscape(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        guard index < bytes.count else { return index }
        switch bytes[index] {
        case UInt8(ascii: "["):
            index += 1
            while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
            return index + 1
        case UInt8(ascii: "]"):
            while index < bytes.count, bytes[index] != 0x07 {
                if bytes[index] == 0x1B, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") { return index + 2 }
                index += 1
            }
            return index + 1
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            return index + 2
        default:
            return index + 1
        }
    }
}
