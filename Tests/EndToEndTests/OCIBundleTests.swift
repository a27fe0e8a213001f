import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `export oci` and `import oci` through the built ctrsh, with the real
/// runc and crun from Debian: an exported bundle runs in both with the
/// hostname, PID 1 and cgroup limits ctrsh's own `exec` gives; their own
/// `spec` output imports and runs in ctrsh; bad bundles and bad export
/// targets are refused with nothing created. crun 1.8 refuses this
/// machine's hybrid cgroup layout, so it runs through scripts/crun-nested
/// (as scripts/bench does): a private mount and cgroup namespace that hide
/// /sys/fs/cgroup/unified and keep crun's groups below ours; the host's
/// mounts never change. Needs root.
final class OCIBundleTests: EndToEndTestCase {
    /// A runtime's program, or a skip naming the package that brings it.
    private func program(_ name: String) throws -> String {
        let candidates: [String] = ["/usr/sbin/" + name, "/usr/bin/" + name]
        guard let path = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw XCTSkip("\(name) is not installed (scripts/install-deps installs it)")
        }
        return path
    }

    /// The command line that runs `runtime` with `arguments`: crun through
    /// scripts/crun-nested on a hybrid layout (a private mount and cgroup
    /// namespace that hide the cgroup2 mount and keep crun's groups below
    /// ours, as runc keeps them).
    private func commandLine(_ runtime: String, _ arguments: [String]) throws -> [String] {
        let path = try program(runtime)
        return runtime == "crun" && Self.hybrid ? [Self.repository + "/scripts/crun-nested"] + arguments : [path] + arguments
    }

    /// This machine mounts cgroup2 beside the v1 hierarchies.
    private static let hybrid = (FileText.readIfPresent("/proc/self/mountinfo") ?? "").contains(" /sys/fs/cgroup/unified ")

    /// The repository's root, from this file's path.
    private static var repository: String {
        "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    }

    /// Every cgroup directory named `name`, in any hierarchy.
    private func cgroups(named name: String) -> [String] {
        Leftovers.ctrshCgroupDirectories().filter { $0.hasSuffix("/" + name) }
    }

    /// Kills what is left in the groups named `name` and removes them.
    private func removeCgroups(named name: String) {
        for directory in cgroups(named: name) {
            for pid in (FileText.readIfPresent(directory + "/cgroup.procs") ?? "").split(separator: "\n").compactMap({ pid_t($0) }) {
                kill(pid, SIGKILL)
            }
            for _ in 0..<200 where rmdir(directory) != 0 && errno == EBUSY { usleep(10_000) }
        }
    }

    func testExportedBundleRunsInRuncAndCrunAsCtrshExecDoes() throws {
        let root = try requireRootfs()
        for runtime in ["runc", "crun"] { _ = try program(runtime) }
        let name = "oci\(getpid())"
        let group = "ctrsh-oci-" + name
        let bundle = scratch + "/bundle"
        let probe = #"hostname; echo $$; grep -E "^(CapBnd|CapEff|NoNewPrivs|Seccomp):" /proc/self/status"#
        defer { removeCgroups(named: group) }
        let result = try ctrsh("-", input: """
            container new \(name)
            ns new pid,uts,mnt,ipc
            hostname oci-box
            cgroup set memory 48M
            cgroup set pids 23
            rootfs use \(root)
            exec /bin/sh -c '\(probe)'
            export oci \(bundle) /bin/sh -c '\(probe); cat /proc/self/cgroup; read line'
            """)
        assertExit(result, 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let ctrshSaw = Array(lines.prefix(6))
        XCTAssertEqual(ctrshSaw.prefix(2), ["oci-box", "1"], result.stdout)
        XCTAssertEqual(ctrshSaw.dropFirst(2).map { $0.prefix(while: { $0 != ":" }) }, ["CapEff", "CapBnd", "NoNewPrivs", "Seccomp"])
        XCTAssertEqual(ctrshSaw.last, "Seccomp:\t2")
        XCTAssertEqual(lines.dropFirst(6), [
            "export oci: copied the root `\(root)` to `\(bundle)/rootfs`",
            "export oci: wrote `\(bundle)/config.json`: `runc run -b \(bundle) ID` or `crun run -b \(bundle) ID` runs it",
        ])
        XCTAssertEqual(try TreeSnapshot.of(bundle + "/rootfs"), try TreeSnapshot.of(root))

        for runtime in ["runc", "crun"] {
            let id = "ctrsh-test-\(runtime)-\(getpid())"
            defer {
                _ = try? HostProgram.output(try commandLine(runtime, ["delete", "-f", id]))
                removeCgroups(named: group)
            }
            let process = try RuntimeProcess(try commandLine(runtime, ["run", "-b", bundle, id]))
            defer { process.finish() }
            let seen = process.readLines(until: { $0.contains { $0.contains("pids:") || $0.hasPrefix("0::") } })
            XCTAssertEqual(Array(seen.prefix(6)), ctrshSaw, "\(runtime): hostname, PID, capabilities, no_new_privs, seccomp")
            let limits = limitsSeen(in: seen, belowOurs: runtime == "crun" && Self.hybrid)
            XCTAssertEqual(limits.memory, "\(48 << 20)", "\(runtime): \(seen)")
            XCTAssertEqual(limits.pids, "23", "\(runtime): \(seen)")
            XCTAssertTrue(limits.path.hasSuffix("/" + group), "\(runtime) put its cgroup at \(limits.path)")
            process.write("\n")
            XCTAssertEqual(process.wait(), .exited(0), "\(runtime): \(process.output)")
            XCTAssertEqual(cgroups(named: group), [], "\(runtime) left its cgroup")
        }
    }

    func testAnImageRootExportsWithTheImagesCommand() throws {
        let root = try requireRootfs()
        _ = try program("runc")
        try UmociLayout.make(at: scratch + "/layout", from: root, scratch: scratch)
        let name = "image\(getpid())"
        let bundle = scratch + "/bundle"
        let id = "ctrsh-test-image-\(getpid())"
        defer {
            _ = try? HostProgram.output(["runc", "delete", "-f", id])
            removeCgroups(named: "ctrsh-oci-" + name)
        }
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        let result = try runner.run(["-c", "container new \(name); ns new pid,mnt; rootfs use oci:layout; exec; export oci \(bundle)"])
        assertExit(result, 0)
        let expected = "hello from /data with /bin:/usr/bin"
        XCTAssertTrue(result.stdout.contains(expected + "\n"), result.stdout)
        let config = try FileText.read(bundle + "/config.json")
        XCTAssertTrue(config.contains(#""echo $GREETING from $(pwd) with $PATH""#), config)
        let run = try runner.run(program: "/usr/sbin/runc", ["runc", "run", "-b", bundle, id])
        XCTAssertEqual(run.status, .exited(0), "\(run)")
        XCTAssertEqual(run.stdout, expected + "\n", "runc runs the image's command, in its working directory, with its env")
    }

    /// The memory and pids limits of the cgroup a process listed in its
    /// `/proc/self/cgroup` lines, read on the host while it runs.
    /// `belowOurs`: the lines come from inside a cgroup namespace rooted at
    /// this test's own cgroups (scripts/crun-nested).
    private func limitsSeen(in lines: [String], belowOurs: Bool = false) -> (memory: String?, pids: String?, path: String) {
        let ours = (FileText.readIfPresent("/proc/self/cgroup") ?? "").split(separator: "\n").map(String.init)
        func path(of controller: String, in lines: [String]) -> String? {
            lines.first { $0.split(separator: ":", maxSplits: 2).dropFirst().first.map { $0.split(separator: ",").contains(Substring(controller)) } == true }
                .map { String($0.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)[2]) }
        }
        func path(of controller: String) -> String? {
            guard let seen = path(of: controller, in: lines) else { return nil }
            guard belowOurs, let own = path(of: controller, in: ours), own != "/" else { return seen }
            return own + seen
        }
        let read = { (file: String) in FileText.readIfPresent(file).map { String($0.trimmed) } }
        if let memory = path(of: "memory"), let pids = path(of: "pids") {
            return (read("/sys/fs/cgroup/memory\(memory)/memory.limit_in_bytes"), read("/sys/fs/cgroup/pids\(pids)/pids.max"), memory)
        }
        let unified = lines.first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) } ?? "?"
        return (read("/sys/fs/cgroup\(unified)/memory.max"), read("/sys/fs/cgroup\(unified)/pids.max"), unified)
    }

    func testRuncSpecImportsAndRunsInCtrsh() throws {
        let root = try requireRootfs()
        let runc = try program("runc")
        let bundle = scratch + "/from-runc"
        XCTAssertEqual(mkdir(bundle, 0o755), 0)
        XCTAssertEqual(symlink(root, bundle + "/rootfs"), 0)
        _ = try HostProgram.output(["/bin/sh", "-c", "cd \"$1\" && \"$2\" spec", "sh", bundle, runc])
        let result = try ctrsh("-", input: """
            import oci \(bundle)
            exec /bin/sh -c 'hostname; echo $$; touch /x'
            expect status 1
            show
            """)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout.split(separator: "\n").prefix(10).map(String.init), [
            "import oci: read `\(bundle)/config.json`: namespaces pid,uts,ipc,net,mnt, hostname runc, root \(root) (read-only), seccomp off (the config has no filter)",
            "import oci: `linux.maskedPaths`: ctrsh hides a fixed list of paths; not hidden: /proc/asound; hidden as well: /sys/devices/virtual/powercap",
            "import oci: `mounts[6]` (/sys/fs/cgroup): ctrsh does not mount the cgroup filesystem in containers; left out",
            "import oci: `process.args`: ctrsh's spec holds no program; run it with `exec sh`",
            "import oci: `process.capabilities.ambient`: ctrsh clears the ambient set; left out",
            "import oci: `process.capabilities.inheritable`: differs from the bounding set; ctrsh gives the bounding set to inheritable too",
            "import oci: `process.rlimits`: ctrsh sets no rlimits; left out",
            "runc",
            "1",
            "  container   default",
        ], result.stdout)
        XCTAssertTrue(result.stderr.contains("touch: /x: Read-only file system"), result.stderr)
    }

    func testExportThenImportGivesTheSameSpec() throws {
        let root = try requireRootfs()
        let bundle = scratch + "/bundle"
        let result = try ctrsh("-", input: """
            ns new pid,uts,ipc,mnt,net,cgroup
            hostname round
            cgroup set memory 64M
            cgroup set cpu 50%
            rootfs use \(root) --readonly
            mount tmpfs /scratch size=8M
            mount bind \(scratch) /data ro
            env GREETING=hi
            workdir /tmp
            cap drop net_raw,mknod
            show
            export oci --no-copy \(bundle)
            export oci \(rootfsScratch ?? "")
            expect error contains 'has a `rootfs` already: remove it, give another directory, or (when it is the root itself) use --no-copy'
            export oci --no-copy \(rootfsScratch ?? "")
            container new again
            import oci \(bundle)
            show
            """)
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export oci: root.path is `rootfs`: the root is in the bundle already"), result.stdout)
        XCTAssertTrue(try FileText.read((rootfsScratch ?? "") + "/config.json").contains(#""path" : "rootfs""#))
        let shows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("  container") }
        XCTAssertEqual(shows.count, 22, result.stdout)
        XCTAssertEqual(Array(shows.prefix(11)), Array(shows.suffix(11)), result.stdout)
        XCTAssertFalse(Directory.exists(bundle + "/rootfs"), "--no-copy copied the root")
        XCTAssertTrue(result.stdout.contains("export oci: root.path is `\(root)` itself: the runtime writes into it"), result.stdout)
    }

    func testBadBundlesAndTargetsAreRefusedWithNothingCreated() throws {
        let root = try requireRootfs()
        try FileTree.makeDirectory(scratch + "/broken")
        try write("{\n  \"ociVersion\": \"1.0.2\",\n  \"process\": {\"args\": [\"sh\"}\n}\n", to: "broken/config.json")
        try FileTree.makeDirectory(scratch + "/typed")
        try write(#"{"ociVersion": "1.0.2", "linux": {"namespaces": [{"type": "pid", "path": 7}]}}"#, to: "typed/config.json")
        try FileTree.makeDirectory(scratch + "/empty")
        let script = try write("""
            export oci ./out
            expect error contains 'export oci: the spec has no root filesystem, and a bundle needs one: `rootfs use DIR` first'
            ns new uts
            import oci ./broken
            expect error contains 'import oci: `\(scratch)/broken/config.json`: not JSON: line 3, column 28: expected `,` or `]` after the list element, found `}`'
            import oci ./typed
            expect error contains 'import oci: `\(scratch)/typed/config.json`: linux.namespaces[0].path: expected a string, found a number'
            import oci ./empty
            expect error contains 'import oci: open `\(scratch)/empty/config.json`: No such file or directory'
            import oci ./missing
            expect error contains 'import oci: resolve `./missing`: No such file or directory'
            ns show
            ns new mnt
            rootfs use \(root) --overlay
            export oci --no-copy ./out
            expect error contains 'export oci: --no-copy: `\(root)` is the base of an overlay and must stay unchanged'
            export oci \(root)/inside
            expect error contains 'is inside the root `\(root)`, which would be copied into itself'
            export oci ./nowhere/out
            expect error contains 'export oci: resolve `./nowhere`: No such file or directory'
            hostname lost
            ns rm uts
            export oci ./out
            expect error contains 'export oci: hostname: needs a uts namespace'
            ns new uts
            export oci ./out
            export oci ./out
            expect error contains 'export oci: `\(scratch)/out` already holds a bundle (`config.json`)'
            """, to: "bad.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
        XCTAssertFalse(Directory.exists(root + "/inside"), "a refused export left its directory")
        XCTAssertFalse(Directory.exists(scratch + "/nowhere"))
        XCTAssertEqual(Directory.names(scratch + "/out"), ["config.json", "rootfs"])
        XCTAssertTrue(result.stdout.contains("  uts "), "a refused import changed the spec: \(result.stdout)")
    }
}

/// A runtime started with its standard input on a pipe and its output
/// (stdout and stderr together) read line by line while it runs.
private final class RuntimeProcess {
    let pid: pid_t
    private var input: Int32
    private let outputFD: Int32
    private(set) var output = ""
    private var status: WaitStatus?

    init(_ argv: [String]) throws {
        let stdin = try Spawn.pipe(), stdout = try Spawn.pipe()
        pid = try Spawn.start(argv[0], argv, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], directory: nil,
                              stdio: .descriptors(input: stdin.read, output: stdout.write, error: stdout.write))
        close(stdin.read)
        close(stdout.write)
        input = stdin.write
        outputFD = stdout.read
    }

    /// The lines read until `done` says so, the output ends, or 20 s pass.
    func readLines(until done: ([String]) -> Bool) -> [String] {
        let deadline = Clock.monotonicSeconds + 20
        var lines: [String] { output.split(separator: "\n").map(String.init) }
        while !done(lines) && Clock.monotonicSeconds < deadline {
            var poller = pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 || errno == EINTR else { break }
            guard poller.revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(outputFD, &buffer, buffer.count)
            if count <= 0 { break }
            output += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return lines
    }

    func write(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(input, $0.baseAddress, $0.count - 1) }
    }

    /// Waits for the exit (killing it after 20 s) and reads what is left.
    func wait() -> WaitStatus? {
        if input >= 0 { close(input); input = -1 }
        _ = readLines { _ in false }
        let deadline = Clock.monotonicSeconds + 20
        var raw: Int32 = 0
        while status == nil {
            if waitpid(pid, &raw, WNOHANG) == pid { status = WaitStatus(raw); break }
            if Clock.monotonicSeconds > deadline { kill(-pid, SIGKILL); kill(pid, SIGKILL) }
            usleep(10_000)
        }
        return status
    }

    /// Ends it if it still runs; always reaps it and closes the pipes.
    func finish() {
        if status == nil {
            kill(-pid, SIGKILL)
            _ = wait()
        }
        close(outputFD)
    }
}
