import CtrKernel
import Glibc

/// Builds a root filesystem from host programs (`rootfs make host DIR
/// PROGRAM…`): each program, the interpreter and the shared libraries it
/// needs (read from its ELF headers, recursively, never by running `ldd`),
/// and a script's `#!` interpreter, copied to the same paths in the root.
/// The symlinks on the way are made again inside (`/bin` → `usr/bin`,
/// `libtinfo.so.6` → `libtinfo.so.6.4`), so every path the loader or a
/// user knows from the host works. The host's `/etc/ld.so.cache` is copied
/// too, so libraries found through `/etc/ld.so.conf` are found inside.
public enum HostProgramsRootfs {
    /// What was copied.
    public struct Summary: Equatable, Sendable {
        /// The programs, as resolved on the host.
        public var programs: [String] = []
        /// The interpreters and libraries they needed, in the order found.
        public var libraries: [String] = []
    }

    /// Fills `directory` (created if missing) with `programs` (absolute, or
    /// looked up in ctrsh's `PATH`) and what they need.
    public static func make(at directory: String, programs: [String]) throws(RuntimeError) -> Summary {
        let paths = try programs.map { (name) throws(RuntimeError) -> String in try locate(name) }
        if let resolved = realpath(directory, nil) {
            defer { free(resolved) }
            guard String(cString: resolved) != "/" else {
                throw .image(.hostRootIsHost(directory: directory))
            }
        }
        try FileTree.makeDirectory(directory)
        for dir in ["etc", "proc", "sys", "dev", "tmp"] {
            try makeRealDirectory(directory + "/" + dir, mode: dir == "tmp" ? 0o1777 : 0o755, hostHas: .directory)
        }
        let copier = Copier(root: directory)
        var summary = Summary()
        let search = LibrarySearch()
        // Each object with the DT_RPATHs of the objects that loaded it, in
        // the loader's breadth-first order.
        var pending: [(path: String, loaderRpaths: [[String]], isProgram: Bool)] = paths.map { ($0, [], true) }
        var done = Set<String>()
        // The names loaded libraries answer to: a DT_NEEDED of one of them
        // is not searched again (the loader reuses what it has).
        var loaded: [String: String] = [:]
        while !pending.isEmpty {
            let (path, loaderRpaths, isProgram) = pending.removeFirst()
            let real = try copier.copy(path)
            guard done.insert(real).inserted else { continue }
            if isProgram { summary.programs.append(path) } else { summary.libraries.append(path) }
            guard let object = try ELFFile.read("/" + real) else {
                if let interpreter = scriptInterpreter("/" + real) { pending.append((interpreter, [], false)) }
                continue
            }
            if let interpreter = object.interpreter { pending.append((interpreter, [], false)) }
            for name in object.needed where loaded[name] == nil {
                guard let library = search.find(name, neededBy: object, at: "/" + real, loaderRpaths: loaderRpaths) else {
                    throw .image(.libraryNotFound(program: path, library: name, standard: search.standard))
                }
                loaded[name] = library
                if let soname = try ELFFile.read(library)?.soname { loaded[soname] = library }
                let rpaths = object.runpath.isEmpty ? [object.rpath] + loaderRpaths : []
                pending.append((library, rpaths, false))
            }
        }
        if access("/etc/ld.so.cache", R_OK) == 0 {
            try FileTree.copyFile("/etc/ld.so.cache", to: directory + "/etc/ld.so.cache", mode: 0o644)
        }
        return summary
    }

    /// `name` as an absolute path: as given when it has a `/`, else the
    /// first executable regular file of that name in `PATH`.
    static func locate(_ name: String) throws(RuntimeError) -> String {
        if name.contains("/") {
            var info = stat()
            guard stat(name, &info) == 0 else {
                throw .image(.programUnreadable(name: name, errno: errno))
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw .image(.programNotRegularFile(name: name))
            }
            return name.hasPrefix("/") ? name : try absolute(name)
        }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        throw .image(.programNotOnPath(name: name, path: path))
    }

    /// A relative path made absolute against the working directory (its
    /// symlinks kept, so that they are copied as symlinks).
    private static func absolute(_ name: String) throws(RuntimeError) -> String {
        guard let cwd = getcwd(nil, 0) else { throw .image(.hostRootKernel(SystemCall("getcwd"), errno: errno)) }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + name
    }

    /// The interpreter of a `#!` script, if `path` is one.
    private static func scriptInterpreter(_ path: String) -> String? {
        guard let head = try? FileTree.readPrefix(path, count: 256), head.starts(with: [0x23, 0x21]) else { return nil }
        let line = head.dropFirst(2).prefix { $0 != 0x0a }
        let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.first.map(String.init).flatMap { $0.hasPrefix("/") ? $0 : nil }
    }

    /// Copies host files into the root at the same paths, making each
    /// directory and symlink met on the way there too.
    private struct Copier {
        let root: String

        /// Copies the file at host `path` (following its symlinks, each
        /// made again in the root) and returns its real path, relative.
        func copy(_ path: String) throws(RuntimeError) -> String {
            let root = self.root
            let resolved = try RootedPath.resolve(path, in: "/") { (step) throws(RuntimeError) in
                switch step {
                case .directory(let relative):
                    var info = stat()
                    guard stat("/" + relative, &info) == 0 else { throw .image(.hostRootKernel(SystemCall("stat", "/" + relative), errno: errno)) }
                    try makeRealDirectory(root + "/" + relative, mode: info.st_mode & 0o7777, hostHas: .directory)
                case .symlink(let relative, let target):
                    try Self.link(root + "/" + relative, to: target)
                }
            }
            guard let resolved, !resolved.isEmpty else {
                throw .image(.hostPathUnresolvable(path: path))
            }
            var info = stat()
            guard lstat("/" + resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                throw .image(.hostPathNotRegularFile(path: path))
            }
            var existing = stat()
            if lstat(root + "/" + resolved, &existing) == 0, existing.st_dev == info.st_dev, existing.st_ino == info.st_ino {
                throw .image(.copyIsHostFile(root: root, path: resolved))
            }
            try FileTree.copyFile("/" + resolved, to: root + "/" + resolved, mode: info.st_mode & 0o7777)
            return resolved
        }

        /// A symlink at `path` to `target`, unless that very one is there.
        private static func link(_ path: String, to target: String) throws(RuntimeError) {
            if RootedPath.linkTarget(path) == target { return }
            var info = stat()
            if lstat(path, &info) == 0 { throw inTheWay(path, hostHas: .symlink(to: target)) }
            guard symlink(target, path) == 0 else { throw .image(.hostRootKernel(SystemCall("symlink", path), errno: errno)) }
        }
    }

    /// A directory at `path`, made if missing; anything else there (a
    /// symlink that could lead out to the host) is refused.
    private static func makeRealDirectory(_ path: String, mode: mode_t, hostHas what: HostEntry) throws(RuntimeError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return try FileTree.makeDirectory(path, mode: mode) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw inTheWay(path, hostHas: what) }
    }

    private static func inTheWay(_ path: String, hostHas what: HostEntry) -> RuntimeError {
        .image(.hostRootInTheWay(path: path, what))
    }
}
