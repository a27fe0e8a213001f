import CtrRuntime

/// Tar archives with entries no well-behaved `tar` writes (`..` names,
/// whiteouts of `..`, hardlinks out of the root, device nodes), written
/// entry by entry with Python's `tarfile`, for the tests that feed
/// hostile layers to ctrsh.
public enum HostileTar {
    /// One entry of the archive, in order.
    public enum Entry {
        case file(String, contents: String = "", mode: Int = 0o644)
        case directory(String)
        case symlink(String, target: String)
        /// A hardlink to `target`, with `contents` as its data when given
        /// (tar allows it; a careless extractor writes it through `target`).
        case hardlink(String, target: String, contents: String? = nil)
        case characterDevice(String, major: Int, minor: Int)
        case fifo(String)

        fileprivate var fields: [String] {
            switch self {
            case .file(let name, let contents, let mode): ["file", name, contents, String(mode)]
            case .directory(let name): ["dir", name, "", "493"]
            case .symlink(let name, let target): ["sym", name, target, "511"]
            case .hardlink(let name, let target, let contents): ["hard", name, target, contents ?? ""]
            case .characterDevice(let name, let major, let minor): ["chr", name, "\(major):\(minor)", "438"]
            case .fifo(let name): ["fifo", name, "", "420"]
            }
        }
    }

    private static let script = """
        import io, sys, tarfile
        path, fields = sys.argv[1], sys.argv[2:]
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
            for kind, name, value, extra in zip(*[iter(fields)] * 4):
                info = tarfile.TarInfo(name)
                data = None
                if kind == "file":
                    data, info.mode = value.encode(), int(extra)
                elif kind == "dir":
                    info.type, info.mode = tarfile.DIRTYPE, int(extra)
                elif kind == "sym":
                    info.type, info.linkname = tarfile.SYMTYPE, value
                elif kind == "hard":
                    info.type, info.linkname = tarfile.LNKTYPE, value
                    data = extra.encode() if extra else None
                elif kind == "chr":
                    major, minor = value.split(":")
                    info.type, info.devmajor, info.devminor, info.mode = tarfile.CHRTYPE, int(major), int(minor), int(extra)
                elif kind == "fifo":
                    info.type, info.mode = tarfile.FIFOTYPE, int(extra)
                if data is not None:
                    info.size = len(data)
                archive.addfile(info, io.BytesIO(data) if data is not None else None)
        """

    /// Writes the archive `entries` to `path`; returns `path`.
    @discardableResult
    public static func write(_ path: String, _ entries: [Entry]) throws -> String {
        _ = try HostProgram.output(["python3", "-c", script, path] + entries.flatMap(\.fields))
        return path
    }
}
