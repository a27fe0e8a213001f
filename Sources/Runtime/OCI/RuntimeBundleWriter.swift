import CtrKernel
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
    /// when present) and returns a note for each thing a user should know
    /// about it. With `copyRoot` off and the root at `directory/rootfs`
    /// already, `root.path` is the relative `rootfs`.
    public static func write(
        _ spec: ContainerSpec, to directory: String, copyRoot: Bool, options: RuntimeBundleExport.Options
    ) throws(RuntimeError) -> [BundleExportNote] {
        guard let rootfs = spec.rootfs else {
            throw .image(.bundleWithoutRoot)
        }
        if !copyRoot && rootfs.overlay {
            throw .image(.bundleOverlayBaseNoCopy(root: rootfs.path))
        }
        let createdDirectory = try prepare(directory, root: rootfs.path, copyRoot: copyRoot)
        let rootCopy = directory + "/" + rootName
        var copiedRoot = false
        var notes: [BundleExportNote] = []
        do {
            var options = options
            if copyRoot {
                let copy = try TreeCopy.copy(rootfs.path, to: rootCopy)
                copiedRoot = true
                notes.append(.copiedRoot(root: rootfs.path, copy: rootCopy))
                if copy.skippedDevices > 0 {
                    notes.append(.skippedDevices(copy.skippedDevices))
                }
            } else if resolved(rootCopy) == resolved(rootfs.path) {
                notes.append(.rootInBundle)
            } else {
                options.rootPath = rootfs.path
                notes.append(.rootItself(rootfs.path))
            }
            if rootfs.overlay {
                notes.append(.overlayBase(rootfs.path))
            }
            for join in spec.joins {
                notes.append(.joinedNamespace(kind: join.kind, path: join.path, target: join.target == join.path ? nil : join.target))
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
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .image(.bundleNotDirectory(directory)) }
            if access(directory + "/" + configName, F_OK) == 0 {
                throw .image(.bundleExists(directory: directory, config: configName))
            }
            if copyRoot && access(directory + "/" + rootName, F_OK) == 0 {
                throw .image(.bundleRootExists(directory: directory, root: rootName))
            }
        } else {
            guard mkdir(directory, 0o755) == 0 else { throw .lastError(SystemCall("mkdir", directory)) }
            created = true
        }
        if copyRoot, let resolvedRoot = resolved(root), let resolvedDirectory = resolved(directory),
           resolvedDirectory == resolvedRoot || resolvedDirectory.hasPrefix(resolvedRoot + "/") {
            if created { rmdir(directory) }
            throw .image(.bundleInsideRoot(directory: directory, root: root))
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
            throw .image(.encoding(.config, reason: "\(error)"))
        }
        let path = directory + "/" + configName
        let temporary = directory + "/." + configName + ".tmp"
        try FileText.create(temporary, text: text)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .kernel(SystemCall("rename", temporary), errno: code)
        }
    }
}
