import FoundationEssentials
import Glibc

/// Writes an OCI runtime bundle: the directory, the root filesystem in it,
/// and `config.json` last, so that a bundle with a config is complete.
/// The root is copied to `rootfs/` in the bundle (runc refuses a root that
/// is a symlink, and a bind mount would change the host's mount table), or
/// with `copyRoot` off, `root.path` names the spec's own root. On failure
/// nothing the writer created is left.
public enum RuntimeBundleWriter {
    /// The name of the bundle's copy of the root, and of the config.
    public static let rootName = "rootfs"
    public static let configName = "config.json"

    /// Writes `spec` as a bundle into `directory` (absolute; created when
    /// missing, and holding no `config.json`, nor a `rootfs` to copy onto,
    /// when present) and returns one line for each thing a user should know
    /// about it. With `copyRoot` off and the root at `directory/rootfs`
    /// already, `root.path` is the relative `rootfs`.
    public static func write(
        _ spec: ContainerSpec, to directory: String, copyRoot: Bool, options: RuntimeBundleExport.Options
    ) throws(RuntimeError) -> [String] {
        guard let rootfs = spec.rootfs else {
            throw .invalidSpec("the spec has no root filesystem, and a bundle needs one: `rootfs use DIR` first")
        }
        if !copyRoot && rootfs.overlay {
            throw .invalidSpec("--no-copy: `\(rootfs.path)` is the base of an overlay and must stay unchanged; leave out --no-copy to copy it into the bundle")
        }
        let createdDirectory = try prepare(directory, root: rootfs.path, copyRoot: copyRoot)
        let rootCopy = directory + "/" + rootName
        var copiedRoot = false
        var notes: [String] = []
        do {
            var options = options
            if copyRoot {
                let copy = try TreeCopy.copy(rootfs.path, to: rootCopy)
                copiedRoot = true
                notes.append("copied the root `\(rootfs.path)` to `\(rootCopy)`")
                if copy.skippedDevices > 0 {
                    notes.append("left out \(copy.skippedDevices) device nodes of the root: only root may make them")
                }
            } else if resolved(rootCopy) == resolved(rootfs.path) {
                notes.append("root.path is `rootfs`: the root is in the bundle already, and the runtime writes into it")
            } else {
                options.rootPath = rootfs.path
                notes.append("root.path is `\(rootfs.path)` itself: the runtime writes into it")
            }
            if rootfs.overlay {
                notes.append("`\(rootfs.path)` is an overlay base: the bundle has a copy of it, without what the container wrote in its layer")
            }
            for join in spec.joins {
                let target = join.target == join.path ? "" : " (\(join.target))"
                notes.append("joins the \(join.kind) namespace `\(join.path)`\(target): the bundle runs only while that namespace exists")
            }
            let (config, configNotes) = RuntimeBundleExport.config(for: spec, options: options)
            notes += configNotes
            try writeConfig(config, in: directory)
        } catch {
            if copiedRoot { FileTree.removeTree(rootCopy) }
            if createdDirectory { rmdir(directory) }
            throw error
        }
        return notes
    }

    /// Creates `directory` when missing (true), or checks that it holds no
    /// bundle yet; refuses a directory inside the root about to be copied.
    private static func prepare(_ directory: String, root: String, copyRoot: Bool) throws(RuntimeError) -> Bool {
        var info = stat()
        var created = false
        if lstat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .invalidSpec("`\(directory)` exists and is not a directory") }
            if access(directory + "/" + configName, F_OK) == 0 {
                throw .invalidSpec("`\(directory)` already holds a bundle (`\(configName)`): remove it, or give another directory")
            }
            if copyRoot && access(directory + "/" + rootName, F_OK) == 0 {
                throw .invalidSpec("`\(directory)` has a `\(rootName)` already: remove it, give another directory, or (when it is the root itself) use --no-copy")
            }
        } else {
            guard mkdir(directory, 0o755) == 0 else { throw .lastError("mkdir `\(directory)`") }
            created = true
        }
        if copyRoot, let resolvedRoot = resolved(root), let resolvedDirectory = resolved(directory),
           resolvedDirectory == resolvedRoot || resolvedDirectory.hasPrefix(resolvedRoot + "/") {
            if created { rmdir(directory) }
            throw .invalidSpec("`\(directory)` is inside the root `\(root)`, which would be copied into itself; give a directory outside it")
        }
        return created
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Pretty-printed with sorted keys, written beside and renamed into place.
    private static func writeConfig(_ config: RuntimeBundleConfig, in directory: String) throws(RuntimeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text: String
        do {
            text = String(decoding: try encoder.encode(config), as: UTF8.self) + "\n"
        } catch {
            throw .invalidSpec("encode the config: \(error)")
        }
        let path = directory + "/" + configName
        let temporary = directory + "/." + configName + ".tmp"
        try FileText.create(temporary, text: text)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system(operation: "rename `\(temporary)` to `\(path)`", errno: code)
        }
    }
}
