import CLinux
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `mount bind` and `mount tmpfs` on the real kernel: what mountinfo shows
/// inside, writes refused on a read-only bind, destinations created when
/// missing, and destinations that lead out of the root refused with
/// nothing mounted or created on the host. Needs root.
final class MountTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!
    private var probe: ContainerProbe { ContainerProbe(runtime: runtime) }

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(sessionID: "test-mount-\(getpid())", cgroups: nil)
    }

    override func tearDown() {
        runtime?.close()
        XCTAssertEqual(Leftovers.mounts(mentioning: rootfs?.scratch ?? "/nonexistent"), [], "mounts left on the host")
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    private func spec(_ mounts: [MountSpec]) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .mnt]
        spec.rootfs = RootfsSpec(path: rootfs.path)
        spec.mounts = mounts
        return spec
    }

    /// A host directory holding one file, for binding.
    private func hostDirectory(_ name: String) throws -> String {
        let path = rootfs.scratch + "/" + name
        try FileTree.makeDirectory(path)
        try FileText.create(path + "/hello", text: "hello from the host\n")
        return path
    }

    private func mountLine(_ output: String, at mountPoint: String) -> MountInfoLine? {
        MountInfoLine.parse(output).last { $0.mountPoint == mountPoint }
    }

    func testReadOnlyAndReadWriteBindsShowTheirFlagsAndRefuseWritesWhenReadOnly() throws {
        let data = try hostDirectory("data")
        let mounts = [
            MountSpec(source: .bind(data), destination: "/ro", readonly: true),
            MountSpec(source: .bind(data), destination: "/rw"),
        ]
        let script = "cat /proc/self/mountinfo; cat /ro/hello; echo x > /ro/new 2>/dev/null || echo ro-refused; "
            + "echo written > /rw/new && echo rw-written"
        let (output, status) = try probe.run(spec(mounts), ["/bin/sh", "-c", script])
        XCTAssertEqual(status, .exited(0), output)
        let readonly = try XCTUnwrap(mountLine(output, at: "/ro"), output)
        let readwrite = try XCTUnwrap(mountLine(output, at: "/rw"), output)
        XCTAssertTrue(readonly.options.contains("ro"), readonly.description)
        XCTAssertTrue(readwrite.options.contains("rw"), readwrite.description)
        XCTAssertTrue(output.contains("hello from the host\n"), output)
        XCTAssertTrue(output.contains("ro-refused\n"), output)
        XCTAssertTrue(output.contains("rw-written\n"), output)
        XCTAssertEqual(try FileText.read(data + "/new"), "written\n", "the rw bind writes through to the host")
    }

    func testReadOnlyBindIsReadOnlyOnItsSubmountsToo() throws {
        // A tmpfs on /src/sub first (in the container's namespace only),
        // then /src, submount and all, bound read-only onto /ro.
        try FileTree.makeDirectory(rootfs.path + "/src")
        let mounts = [
            MountSpec(source: .tmpfs(size: nil), destination: "/src/sub"),
            MountSpec(source: .bind(rootfs.path + "/src"), destination: "/ro", readonly: true),
        ]
        let (output, status) = try probe.run(
            spec(mounts), ["/bin/sh", "-c", "touch /src/sub/a && echo src-written; touch /ro/sub/b 2>&1; true"])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertTrue(output.hasPrefix("src-written\n"), output)
        XCTAssertTrue(output.contains("/ro/sub/b: Read-only file system"), output)
    }

    func testTmpfsHasItsSizeAndNoDevices() throws {
        let (output, status) = try probe.run(
            spec([MountSpec(source: .tmpfs(size: 16 << 20), destination: "/scratch")]),
            ["/bin/sh", "-c", "cat /proc/self/mountinfo; echo x > /scratch/f && echo wrote"])
        XCTAssertEqual(status, .exited(0), output)
        let line = try XCTUnwrap(mountLine(output, at: "/scratch"), output)
        XCTAssertEqual(line.type, "tmpfs")
        XCTAssertTrue(line.superOptions.contains("size=16384k"), line.description)
        XCTAssertTrue(line.options.contains("nodev") && line.options.contains("nosuid"), line.description)
        XCTAssertTrue(output.hasSuffix("wrote\n"), output)
    }

    func testMissingDestinationsAreCreatedAsDirectoryOrFile() throws {
        let data = try hostDirectory("data")
        let config = rootfs.scratch + "/app.conf"
        try FileText.create(config, text: "key=value\n")
        let mounts = [
            MountSpec(source: .bind(data), destination: "/srv/deep/data"),
            MountSpec(source: .bind(config), destination: "/etc/app/app.conf", readonly: true),
            MountSpec(source: .tmpfs(size: nil), destination: "/srv/deep/data/scratch"),
        ]
        let (output, status) = try probe.run(
            spec(mounts), ["/bin/sh", "-c", "cat /etc/app/app.conf /srv/deep/data/hello; ls -d /srv/deep/data/scratch"])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "key=value\nhello from the host\n/srv/deep/data/scratch\n")
        XCTAssertTrue(Directory.isDirectory(rootfs.path + "/srv/deep/data"))
        var info = stat()
        XCTAssertEqual(lstat(rootfs.path + "/etc/app/app.conf", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG, "a bound file gets an empty file to sit on")
        XCTAssertEqual(info.st_size, 0)
    }

    func testDestinationsLeadingOutOfTheRootAreRefusedAndNothingHappensOnTheHost() throws {
        let outside = rootfs.scratch + "/outside"
        try FileTree.makeDirectory(outside)
        symlink("/", rootfs.path + "/escape")
        symlink(outside, rootfs.path + "/absolute")
        symlink("../../outside", rootfs.path + "/relative")
        let hostMountsBefore = MountInfoLine.host().map(\.mountPoint)
        // EXDEV: out of the root; ELOOP: a /proc magic link on the way.
        let cases: [(String, Int32)] = [
            ("/escape", EXDEV),
            ("/escape" + outside, EXDEV),
            ("/absolute/x", EXDEV),
            ("/relative/x", EXDEV),
            ("/proc/self/root" + outside, ELOOP),
        ]
        for (destination, code) in cases {
            XCTAssertThrowsError(
                try probe.run(spec([MountSpec(source: .tmpfs(size: nil), destination: destination)]), ["/bin/true"])
            ) { error in
                guard case .childSetup(let failure) = error as? RuntimeError else { return XCTFail("\(destination): \(error)") }
                XCTAssertEqual(failure.step, CTR_STEP_MOUNT_TARGET, destination)
                XCTAssertEqual(failure.path, destination)
                XCTAssertEqual(failure.errno, code, destination)
            }
        }
        XCTAssertEqual(Directory.names(outside), [], "nothing may be created outside the root")
        XCTAssertEqual(MountInfoLine.host().map(\.mountPoint), hostMountsBefore, "the host's mount table changed")
    }

    func testSymlinkInsideTheRootIsFollowedWithinIt() throws {
        symlink("usr/bin", rootfs.path + "/ub")
        let (output, status) = try probe.run(
            spec([MountSpec(source: .tmpfs(size: nil), destination: "/ub/scratch")]),
            ["/bin/sh", "-c", "cat /proc/self/mountinfo"])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertNotNil(mountLine(output, at: "/usr/bin/scratch"), output)
    }

    func testMountErrorsNameTheMount() throws {
        XCTAssertThrowsError(
            try probe.run(spec([MountSpec(source: .bind(rootfs.scratch + "/missing"), destination: "/data")]), ["/bin/true"])
        ) { error in
            XCTAssertEqual(error as? RuntimeError, .launch(.bindSource(
                source: rootfs.scratch + "/missing", destination: "/data",
                cause: .kernel(SystemCall("open", rootfs.scratch + "/missing"), errno: ENOENT))))
        }
        let file = rootfs.scratch + "/file"
        try FileText.create(file, text: "")
        XCTAssertThrowsError(
            try probe.run(spec([MountSpec(source: .bind(rootfs.scratch), destination: "/etc/passwd")]), ["/bin/true"])
        ) { error in
            guard case .childSetup(let failure) = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.step, CTR_STEP_MOUNT_EXTRA)
            XCTAssertEqual(failure.path, "/etc/passwd")
            XCTAssertEqual(failure.mount?.source, .bind(rootfs.scratch))
            XCTAssertEqual(failure.errno, ENOTDIR)
        }
        var noRoot = ContainerSpec()
        noRoot.namespaces = [.mnt]
        noRoot.mounts = [MountSpec(source: .tmpfs(size: nil), destination: "/scratch")]
        XCTAssertThrowsError(try probe.run(noRoot, ["/bin/true"])) { error in
            XCTAssertEqual(error as? RuntimeError, .spec(.mountsWithoutRootfs))
        }
    }
}
