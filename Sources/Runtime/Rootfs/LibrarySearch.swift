import CtrKernel
import Glibc

/// Where the dynamic loader finds a library a program needs, in the order
/// of ld.so(8): a name with a `/` as it is; the needing object's
/// `DT_RPATH` and then its loaders' (only when it has no `DT_RUNPATH`);
/// its `DT_RUNPATH`; the directories of `/etc/ld.so.conf` (what
/// `ld.so.cache` is made from); and the standard directories, multiarch
/// ones first. A candidate of another class or machine (a 32-bit library
/// for a 64-bit program) is passed over, as the loader does.
/// `LD_LIBRARY_PATH` is left out: it is ctrsh's, not the container's.
struct LibrarySearch {
    /// The directories `/etc/ld.so.conf` names, includes followed.
    var configured: [String]
    /// The loader's built-in directories.
    var standard: [String]

    init(configuration: String = "/etc/ld.so.conf") {
        var seen = Set<String>()
        configured = Self.directories(in: configuration, seen: &seen)
        let triplet = Self.multiarchTriplet
        standard = ["/lib/\(triplet)", "/usr/lib/\(triplet)", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
    }

    /// The path of the library `name` that `object` (at `path`) needs;
    /// `loaderRpaths` are the `DT_RPATH`s of the objects that loaded it,
    /// nearest first. Nil when no directory has a fitting one.
    func find(_ name: String, neededBy object: ELFFile, at path: String, loaderRpaths: [[String]]) -> String? {
        if name.contains("/") { return fits(name, object) ? name : nil }
        let origin = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var directories: [String] = []
        if object.runpath.isEmpty { directories += ([object.rpath] + loaderRpaths).flatMap { $0 } }
        directories += object.runpath
        directories = directories.map { expand($0, origin: origin.isEmpty ? "/" : origin, for: object) }
        for directory in directories + configured + standard {
            let candidate = (directory.hasSuffix("/") ? directory : directory + "/") + name
            if fits(candidate, object) { return candidate }
        }
        return nil
    }

    /// True when `candidate` is an ELF file `object` can load.
    private func fits(_ candidate: String, _ object: ELFFile) -> Bool {
        guard access(candidate, R_OK) == 0, let library = try? ELFFile.read(candidate) else { return false }
        return library.isCompatible(with: object)
    }

    /// `$ORIGIN` (the needing object's directory), `$LIB` and `$PLATFORM`,
    /// plain or in braces.
    private func expand(_ directory: String, origin: String, for object: ELFFile) -> String {
        let lib = object.is64Bit && FileTree.isDirectory("/lib/\(Self.multiarchTriplet)") ? "lib/\(Self.multiarchTriplet)"
            : (object.is64Bit ? "lib64" : "lib")
        var text = directory
        for (token, value) in [("ORIGIN", origin), ("LIB", lib), ("PLATFORM", HostMachine.name)] {
            text = text.replacing("${\(token)}", with: value).replacing("$\(token)", with: value)
        }
        return text
    }

    // MARK: - /etc/ld.so.conf

    /// The directories a configuration file names, in order: one or more
    /// per line (separated by blanks, `:` or `,`), `include GLOB` lines
    /// followed (relative to the file's directory), `#` comments and
    /// `hwcap` lines skipped.
    private static func directories(in file: String, seen: inout Set<String>) -> [String] {
        guard seen.insert(file).inserted, let text = FileText.readIfPresent(file) else { return [] }
        var found: [String] = []
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.prefix { $0 != "#" }
            let words = line.split(whereSeparator: { " \t:,=".contains($0) }).map(String.init)
            guard let first = words.first else { continue }
            if first == "include" {
                let base = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
                for pattern in words.dropFirst() {
                    for match in glob(pattern.hasPrefix("/") ? pattern : base + "/" + pattern) {
                        found += directories(in: match, seen: &seen)
                    }
                }
            } else if first != "hwcap" {
                found += words.filter { $0.hasPrefix("/") }
            }
        }
        return found
    }

    /// The paths matching `pattern`, sorted (as glob(3) gives them).
    private static func glob(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Debian's multiarch directory name: `x86_64-linux-gnu`.
    static var multiarchTriplet: String {
        switch HostMachine.name {
        case "armv7l", "armv6l": "arm-linux-gnueabihf"
        case "i686", "i586", "i386": "i386-linux-gnu"
        case "ppc64le": "powerpc64le-linux-gnu"
        default: HostMachine.name + "-linux-gnu"
        }
    }
}
