import Glibc

/// The ranges of host IDs an ordinary user may map into user namespaces
/// of their own, as root granted them in `/etc/subuid` or `/etc/subgid`
/// (`alice:100000:65536`), the way `newuidmap` reads them: an entry names
/// the user or their numeric uid, and adjacent entries join up.
package struct SubordinateIDs: Equatable, Sendable {
    /// The user's ranges, sorted.
    package let ranges: [ClosedRange<UInt64>]

    /// The calling user's ranges of `kind` from the system's file (none
    /// when it is missing).
    package init(_ kind: IDMapKind) {
        let uid = getuid()
        let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) }
        self.init(text: FileText.readIfPresent(kind.subordinateFile) ?? "", user: name, uid: uid)
    }

    /// The ranges in `text` that belong to `user` (by name) or to `uid`.
    package init(text: String, user: String?, uid: UInt32) {
        var found: [ClosedRange<UInt64>] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 3, String(fields[0]) == user || String(fields[0]) == String(uid),
                  let start = UInt64(fields[1]), let count = UInt64(fields[2]), count > 0
            else { continue }
            found.append(start...(start + count - 1))
        }
        ranges = found.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// True when every ID of `range` lies in the user's ranges.
    package func covers(_ range: ClosedRange<UInt64>) -> Bool {
        var next = range.lowerBound
        for owned in ranges where owned.contains(next) {
            if owned.upperBound >= range.upperBound { return true }
            next = owned.upperBound + 1
        }
        return false
    }
}
