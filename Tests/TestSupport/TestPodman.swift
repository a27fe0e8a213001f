import CtrRuntime
import Glibc
import XCTest

/// podman for a test, with stores of its own in the scratch directory
/// (`--root`, `--runroot`, `--tmpdir`, the vfs driver, which mounts
/// nothing), so the host's images and containers are neither seen nor
/// touched, and the flags this machine's hybrid cgroup layout needs
/// (cgroupfs, runc, explicit rlimits, also in a `containers.conf` of its
/// own for `kube play`, which takes no `--ulimit`; see the field notes). `remove()`
/// removes every container and image it made; call it in a `defer` or
/// the test's teardown (the scratch directory goes with the test).
public final class TestPodman {
    private let store: String

    /// Skips the test, with the reason, when podman is not installed.
    public init(scratch: String) throws {
        try Privileges.require(access("/usr/bin/podman", X_OK) == 0, "needs podman to run the exported image (`apt-get install podman`)")
        store = scratch + "/podman"
        try FileTree.makeDirectory(store)
        try FileText.create(store + "/containers.conf", text: """
            [containers]
            default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

            """)
    }

    /// skopeo's and ctrsh's name of `image` in the test's store:
    /// `containers-storage:[vfs@ROOT+RUNROOT]localhost/web:latest`.
    public func storageReference(_ image: String) -> String {
        "containers-storage:[vfs@\(store)/root+\(store)/run]\(image)"
    }

    /// The global options: the test's own stores.
    public var globalOptions: [String] {
        ["--root", store + "/root", "--runroot", store + "/run", "--tmpdir", store + "/tmp", "--storage-driver", "vfs",
         "--cgroup-manager", "cgroupfs", "--runtime", "runc"]
    }

    /// The options `podman run` and `podman kube play` need here.
    public static let limits = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]

    /// Runs `podman ARGUMENTS` with the test's stores; returns what it
    /// printed (standard output and error together) and its exit status.
    public func run(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let printed = try HostProgram.output(["/bin/sh", "-c", "\"$@\" 2>&1; echo \"podman-status=$?\"", "sh",
                                              "/usr/bin/env", "CONTAINERS_CONF=\(store)/containers.conf", "/usr/bin/podman"]
            + globalOptions + arguments)
        guard let marker = printed.ranges(of: "podman-status=").last, let status = Int32(printed[marker.upperBound...].dropLast()) else {
            throw XCTSkip("podman printed no status: \(printed)")
        }
        return (String(printed[..<marker.lowerBound]), status)
    }

    /// `podman run --rm` of `image` with `command`, without a network.
    public func runContainer(_ image: String, _ command: [String] = []) throws -> (output: String, status: Int32) {
        try run(["run", "--rm", "--network", "none"] + Self.limits + [image] + command)
    }

    /// Removes every container and image in the test's stores.
    public func remove() {
        _ = try? run(["rm", "--all", "--force"])
        _ = try? run(["rmi", "--all", "--force"])
    }
}
