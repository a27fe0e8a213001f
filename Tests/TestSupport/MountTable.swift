import CtrRuntime

/// One line of `/proc/PID/mountinfo`, split into the fields tests check.
public struct MountInfoLine: Equatable, CustomStringConvertible {
    /// Where it is mounted (field 5).
    public var mountPoint: String
    /// Per-mount options: `ro,relatime` (field 6).
    public var options: [String]
    /// The filesystem type, after the ` - ` separator.
    public var type: String
    /// The superblock's options (`size=16384k`), the last field.
    public var superOptions: [String]
    /// The line as the kernel wrote it.
    public var description: String

    /// Parses a mountinfo line; nil for anything else.
    public init?(_ line: Substring) {
        let halves = line.split(separator: " - ", maxSplits: 1)
        guard halves.count == 2 else { return nil }
        let fields = halves[0].split(separator: " ")
        let tail = halves[1].split(separator: " ")
        guard fields.count >= 6, tail.count >= 3 else { return nil }
        mountPoint = String(fields[4])
        options = fields[5].split(separator: ",").map(String.init)
        type = String(tail[0])
        superOptions = tail[2].split(separator: ",").map(String.init)
        description = String(line)
    }

    /// Every mountinfo line in `text` (other lines are skipped).
    public static func parse(_ text: String) -> [MountInfoLine] {
        text.split(separator: "\n").compactMap { MountInfoLine($0) }
    }

    /// ctrsh's own mount table.
    public static func host() -> [MountInfoLine] {
        parse(FileText.readIfPresent("/proc/self/mountinfo") ?? "")
    }
}
