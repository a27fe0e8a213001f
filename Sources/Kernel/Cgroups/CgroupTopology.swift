/// One mounted cgroup hierarchy and where ctrsh itself sits in it.
public struct CgroupHierarchy: Equatable, Sendable {
    /// The v1 controllers bound to it (`["cpu", "cpuacct"]`, or a named
    /// hierarchy like `["name=systemd"]`); empty for the cgroup2 tree.
    public var controllers: [String]
    /// Where it is mounted, e.g. `/sys/fs/cgroup/memory`.
    public var mountPoint: String
    /// The caller's own cgroup, relative to `mountPoint` (`/` is the mount's root).
    public var ownPath: String

    /// A hierarchy mounted at `mountPoint`, with the caller at `ownPath` inside it.
    public init(controllers: [String], mountPoint: String, ownPath: String) {
        self.controllers = controllers
        self.mountPoint = mountPoint
        self.ownPath = ownPath
    }

    /// The caller's own cgroup directory, e.g. `/sys/fs/cgroup/memory/process_api/…`.
    public var ownDirectory: String { joinPath(mountPoint, ownPath) }
}

/// The cgroup hierarchies mounted on this machine and the caller's place in
/// each, as read from `/proc/self/mountinfo` and `/proc/self/cgroup`.
public struct CgroupTopology: Equatable, Sendable {
    /// The mounted v1 hierarchies the caller belongs to.
    public var v1: [CgroupHierarchy]
    /// The cgroup2 tree, if mounted and the caller's place in it is visible.
    public var unified: CgroupHierarchy?

    /// A topology made of the given hierarchies.
    public init(v1: [CgroupHierarchy], unified: CgroupHierarchy?) {
        self.v1 = v1
        self.unified = unified
    }

    /// The v1 hierarchy the named controller is bound to.
    public func v1Hierarchy(for controller: String) -> CgroupHierarchy? {
        v1.first { $0.controllers.contains(controller) }
    }

    /// Every v1 controller mounted here (named hierarchies left out), sorted.
    public var v1Controllers: [String] {
        v1.flatMap(\.controllers).filter { !$0.contains("=") }.sorted()
    }

    /// The version a driver should speak: v1 when the memory controller is on
    /// a v1 hierarchy, else v2 when cgroup2 is mounted, else nil.
    public var preferredVersion: CgroupVersion? {
        if v1Hierarchy(for: "memory") != nil { return .v1 }
        if unified != nil { return .v2 }
        return nil
    }

    /// Joins the text of `/proc/self/mountinfo` with the text of
    /// `/proc/self/cgroup`. A hierarchy is left out when it is not mounted or
    /// when the caller's cgroup lies outside the part of it that is mounted.
    ///
    /// Both are split at their ASCII separators byte by byte: split as
    /// `Character`s, these 30 lines cost every start about 0.15 ms.
    public static func parse(mountinfo: String, procSelfCgroup: String) -> CgroupTopology {
        let mounts = ASCIIFields.split(mountinfo[...], at: "\n").compactMap { CgroupMount(line: $0) }
        var topology = CgroupTopology(v1: [], unified: nil)
        for line in ASCIIFields.split(procSelfCgroup[...], at: "\n") {
            let fields = ASCIIFields.split(line, at: ":", maxSplits: 2, omittingEmpty: false)
            guard fields.count == 3 else { continue }
            let controllers = ASCIIFields.split(fields[1], at: ",").map(String.init)
            let path = String(fields[2])
            if fields[0] == "0" && controllers.isEmpty {
                let candidates = mounts.filter { $0.isCgroup2 }
                if topology.unified == nil, let found = locate(path, in: candidates, controllers: []) {
                    topology.unified = found
                }
            } else if !controllers.isEmpty {
                let candidates = mounts.filter { mount in !mount.isCgroup2 && controllers.allSatisfy(mount.options.contains) }
                if let found = locate(path, in: candidates, controllers: controllers) {
                    topology.v1.append(found)
                }
            }
        }
        return topology
    }

    /// The first mount whose root contains `path`, preferring a mount of the
    /// whole hierarchy (root `/`), with `path` made relative to it.
    private static func locate(_ path: String, in mounts: [CgroupMount], controllers: [String]) -> CgroupHierarchy? {
        let ordered = mounts.filter { $0.root == "/" } + mounts.filter { $0.root != "/" }
        for mount in ordered {
            guard let relative = relativePath(path, under: mount.root) else { continue }
            return CgroupHierarchy(controllers: controllers, mountPoint: mount.mountPoint, ownPath: relative)
        }
        return nil
    }

    /// `path` relative to `root` (both absolute), or nil when outside it.
    private static func relativePath(_ path: String, under root: String) -> String? {
        if root == "/" { return path }
        if path == root { return "/" }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count))
    }
}

/// One cgroup or cgroup2 line of `/proc/self/mountinfo`.
private struct CgroupMount {
    /// The hierarchy's directory that is mounted (field 4).
    var root: String
    /// Where it is mounted (field 5).
    var mountPoint: String
    /// cgroup2 rather than a v1 cgroup hierarchy.
    var isCgroup2: Bool
    /// The super options, which name a v1 hierarchy's controllers.
    var options: [String]

    /// Parses `36 25 0:32 / /sys/fs/cgroup/memory rw,relatime shared:1 - cgroup cgroup rw,memory`;
    /// nil for lines of other file systems.
    init?(line: Substring) {
        // Most mounts are not cgroups (a Docker host has hundreds): skip a
        // line before splitting it. Spaces in paths are escaped (`\040`),
        // so ` - cgroup` can only be the separator and the type.
        guard Self.separatorAndType.isPart(of: line.utf8) else { return nil }
        let fields = ASCIIFields.split(line, at: " ")
        guard let dash = fields.firstIndex(of: "-"), dash >= 6, fields.count >= dash + 4 else { return nil }
        let type = fields[dash + 1]
        guard type == "cgroup" || type == "cgroup2" else { return nil }
        root = Self.unescape(fields[3])
        mountPoint = Self.unescape(fields[4])
        isCgroup2 = type == "cgroup2"
        options = ASCIIFields.split(fields[dash + 3], at: ",").map(String.init)
    }

    private static let separatorAndType = Array(" - cgroup".utf8)

    /// Undoes mountinfo's octal escapes (`\040` is a space).
    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Splitting the kernel's text files at an ASCII separator, byte by byte
/// (`split` on a String compares `Character`s, grapheme by grapheme).
extension Array where Element == UInt8 {
    /// Whether these bytes occur in `text`, in this order.
    fileprivate func isPart(of text: Substring.UTF8View) -> Bool {
        guard let first, count <= text.count else { return false }
        var start = text.startIndex
        while let found = text[start...].firstIndex(of: first) {
            if text[found...].starts(with: self) { return true }
            start = text.index(after: found)
        }
        return false
    }
}

enum ASCIIFields {
    /// The parts of `text` between `separator`s: at most `maxSplits` splits,
    /// and empty parts left out unless `omittingEmpty` is false.
    static func split(
        _ text: Substring, at separator: Unicode.Scalar, maxSplits: Int = .max, omittingEmpty: Bool = true
    ) -> [Substring] {
        let byte = UInt8(ascii: separator)
        let utf8 = text.utf8
        var parts: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == byte && parts.count < maxSplits {
                if !omittingEmpty || start != index { parts.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if !omittingEmpty || start != utf8.endIndex { parts.append(text[start...]) }
        return parts
    }
}
