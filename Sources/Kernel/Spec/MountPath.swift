/// Destinations of extra mounts: absolute paths inside the container, in
/// one spelling, never leaving the root by `..`.
public enum MountPath {
    /// `/data//in/.` → `/data/in`. Throws for a relative path, a `..`
    /// component and `/` itself, naming the path and, when given, the field
    /// it was read from (nil: the spec's own mounts).
    public static func normalize(_ path: String, for field: String? = nil) throws(RuntimeError) -> String {
        guard path.hasPrefix("/") else {
            throw .spec(.mountDestination(path: path, fault: .relative, field: field))
        }
        let components = path.split(separator: "/").filter { $0 != "." }
        if components.contains("..") {
            throw .spec(.mountDestination(path: path, fault: .parentComponent, field: field))
        }
        guard !components.isEmpty else {
            throw .spec(.mountDestination(path: path, fault: .root, field: field))
        }
        return "/" + components.joined(separator: "/")
    }

    /// `/data/in` → `data/in`: what the child resolves beneath the root.
    static func relative(_ normalized: String) -> String {
        String(normalized.drop { $0 == "/" })
    }
}
