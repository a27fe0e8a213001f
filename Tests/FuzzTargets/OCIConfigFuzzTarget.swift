import CtrRuntime

/// The OCI runtime-bundle importer (`import oci`): the input is a
/// `config.json`. `RuntimeBundleImport.load` is a pure function of the
/// bytes, so the fuzzer calls it directly. Its promises: it never crashes,
/// and a config it refuses gets an error kind that names the file and, for
/// text that is not JSON, says where (never a bare "not valid JSON").
enum OCIConfigFuzzTarget {
    static let target = FuzzTarget(
        name: "oci-config", summary: "import oci: config.json → spec and notes",
        dictionary: dictionary
    ) { bytes in
        problems(in: Array(bytes))
    }

    private static let file = "config.json"
    private static let context = RuntimeBundleImport.Context(
        bundleDirectory: "/nonexistent/ctrsh-fuzz-bundle", cgroupVersion: .v1, callerUID: 0, callerGID: 0)

    static func problems(in bytes: [UInt8]) -> [String] {
        do throws(RuntimeError) {
            _ = try RuntimeBundleImport.load(bytes, file: file, context: context)
            return []
        } catch {
            switch error {
            case .image(.configInvalid(file, .notValidJSON)): return ["import oci: an error without a position: \(error)"]
            case .image(.configNotJSON(file, _)), .image(.configInvalid(file, _)), .image(.inConfig(file, _)): return []
            default: return ["import oci: the error does not name the file: \(error)"]
            }
        }
    }

    /// The runtime-spec's field names and values, for libFuzzer to splice in.
    static let dictionary: [String] = [
        "\"ociVersion\"", "\"1.0.2\"", "\"process\"", "\"args\"", "\"env\"", "\"cwd\"", "\"user\"", "\"uid\"",
        "\"gid\"", "\"terminal\"", "\"capabilities\"", "\"bounding\"", "\"effective\"", "\"CAP_SYS_ADMIN\"",
        "\"noNewPrivileges\"", "\"root\"", "\"path\"", "\"readonly\"", "\"hostname\"", "\"mounts\"",
        "\"destination\"", "\"type\"", "\"source\"", "\"options\"", "\"bind\"", "\"rbind\"", "\"tmpfs\"",
        "\"linux\"", "\"namespaces\"", "\"pid\"", "\"network\"", "\"mount\"", "\"user\"", "\"cgroup\"",
        "\"resources\"", "\"memory\"", "\"limit\"", "\"swap\"", "\"pids\"", "\"cpu\"", "\"quota\"", "\"period\"",
        "\"uidMappings\"", "\"gidMappings\"", "\"containerID\"", "\"hostID\"", "\"size\"", "\"seccomp\"",
        "\"defaultAction\"", "\"SCMP_ACT_ALLOW\"", "\"syscalls\"", "\"maskedPaths\"", "\"readonlyPaths\"",
        "\"unified\"", "\"hooks\"", "\"sysctl\"", "-1", "18446744073709551616", "1e400", "null", "true", "[]", "{}",
    ]
}
