/// Destinations of extra mounts: absolute paths inside the container, in
/// one spelling, never leaving the root by `..`.
public enum MountPath {
    /// `/data//in/.` → `/data/in`. Throws for a relative path, a `..`
    /// component and `/` itself, naming the command and the path.
    public static func normalize(_ path: String, for command: String = "mount") throws(RuntimeError) -> String {
        guard path.hasPrefix("/") else {
            throw .invalidSpec("\(command): `\(path)` must be an absolute path inside the container (e.g. /data)")
        }
        let components = path.split(separator: "/").filter { $0 != "." }
        if components.contains("..") {
            throw .invalidSpec("\(command): `\(path)` contains `..`; give the destination without it")
        }
        guard !components.isEmpty else {
            throw .invalidSpec("\(command): `\(path)` is the container's root itself; give a directory inside it")
        }
        return "/" + components.joined(separator: "/")
    }

    /// `/data/in` → `data/in`: what the child resolves beneath the root.
    static func relative(_ normalized: String) -> String {
        String(normalized.drop { $0 == "/" })
    }
}
