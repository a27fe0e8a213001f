/// Text made safe to print on a terminal: control characters shown as
/// escapes instead of acted on.
///
/// A container chooses many of the words ctrsh prints: its process names
/// (`ps`), file names (`rootfs diff`), interface names, paths quoted in
/// errors. A control character among them would be acted on by the
/// terminal, and some sequences make the terminal answer by typing into its
/// input, where ctrsh's prompt reads them: a title report (`CSI 21 t`) types
/// back a title the container set, such as `x;host touch FILE`. So every
/// C0 control (ESC, BEL, …), DEL and C1 control (U+0080–U+009F, which a
/// UTF-8 terminal may take as CSI, OSC, …) is shown as `\x1b`-style text.
public enum DisplayText {
    /// `text` with every control character escaped, newline and tab
    /// included: for one word the container chose (a name, a path).
    public static func escaped(_ text: String) -> String {
        escape(text, keepingLayout: false)
    }

    /// `text` with every control character escaped except newline and tab,
    /// which lay out ctrsh's own lines: for whole lines of output.
    public static func printable(_ text: String) -> String {
        escape(text, keepingLayout: true)
    }

    private static func escape(_ text: String, keepingLayout: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLayout && isLayout($0)) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if !isControl(scalar) || (keepingLayout && isLayout(scalar)) {
                result.unicodeScalars.append(scalar)
            } else {
                result += escape(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
    }

    private static func isLayout(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\t" }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            let hex = String(scalar.value, radix: 16)
            // A C1 control is a character of its own in UTF-8 (two bytes): shown by its code point.
            return scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
        }
    }
}
