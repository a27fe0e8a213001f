@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// OCI image layouts made into roots: a layout written by umoci from a
/// busybox root (a whiteout layer, an opaque directory, config defaults),
/// and hand-written ones for the other layer compressions, nested indexes
/// with platforms, users and whiteout corner cases. The roots are checked
/// file by file and run in real containers. Needs root (owners, containers).
final class OCIImageTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!
    private var cache: RootfsCache!
    private var scratch: String { rootfs.scratch }

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(
            sessionID: "test-oci-\(getpid())", cgroups: nil, state: StateDirectory(root: rootfs.scratch + "/state"))
        cache = RootfsCache(directory: rootfs.scratch + "/cache/rootfs")
    }

    override func tearDown() {
        runtime?.close()
        XCTAssertEqual(Leftovers.mounts(mentioning: rootfs?.scratch ?? "/nonexistent"), [])
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    /// Paths, types, modes, owners and contents of a tree, without times
    /// (umoci's layers carry the times of its own unpacked copies).
    private func listing(_ path: String) throws -> String {
        let script = """
            cd "$1" && find . -printf '%p %y %m %U:%G %l\\n' | LC_ALL=C sort && \
            find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
            """
        return try HostProgram.output(["/bin/sh", "-c", script, "listing", path])
    }

    private func prepare(_ text: String) throws -> OCIImageRoot {
        try OCIImageRoot.prepare(try OCIImageReference(parsing: text), cache: cache)
    }

    /// A spec entering `image`'s root with its defaults, as `rootfs use` makes it.
    private func spec(for image: OCIImageRoot) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .mnt]
        spec.rootfs = RootfsSpec(path: image.entry.path, overlay: true)
        spec.adoptImageDefaults(image.defaults)
        return spec
    }

    // MARK: - A layout written by umoci

    func testUmociLayoutAppliesWhiteoutsOpaqueDirectoriesAndConfig() throws {
        let layout = scratch + "/layout"
        try UmociLayout.make(at: layout, from: rootfs.path, scratch: scratch)
        // What the three layers should add up to, made with cp and rm.
        let expected = scratch + "/expected"
        _ = try HostProgram.output(["/bin/sh", "-ec", """
            cp -a "$1" "$2"; rm "$2"/etc/os-release; mkdir "$2"/data; echo c > "$2"/data/c; echo keep > "$2"/etc/keep
            """, "sh", rootfs.path, expected])

        let image = try prepare("oci:\(layout)")
        XCTAssertFalse(image.entry.wasCached)
        XCTAssertEqual(image.entry.layers, 3)
        XCTAssertEqual(image.entry.path, cache.directory + "/oci-" + image.defaults.manifestDigest.dropFirst(7))
        let index = try FileText.read(layout + "/index.json")
        XCTAssertTrue(index.contains(image.defaults.manifestDigest), "the manifest tagged latest is the one chosen")
        XCTAssertEqual(image.defaults.source, "oci:\(layout):latest")
        XCTAssertEqual(try listing(image.entry.path), try listing(expected), "the layers with their whiteouts")
        XCTAssertEqual(image.defaults.env, [EnvironmentVariable(name: "GREETING", value: "hello"),
                                            EnvironmentVariable(name: "PATH", value: "/bin:/usr/bin")])
        XCTAssertEqual(image.defaults.workdir, "/data")
        XCTAssertEqual(image.defaults.command, ["/bin/sh", "-c", "echo $GREETING from $(pwd) with $PATH"])
        XCTAssertNil(image.defaults.user)

        let spec = spec(for: image)
        let (output, status) = try probe.run(spec, image.defaults.command)
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "hello from /data with /bin:/usr/bin\n")
        let (files, _) = try probe.run(spec, ["/bin/sh", "-c", "ls /data; cat /etc/keep; test -e /etc/os-release || echo gone"])
        XCTAssertEqual(files, "c\nkeep\ngone\n")

        // The second use reads no layer: a marker in the cached root stays,
        // and even a layer blob gone from the layout is not missed.
        try FileText.create(image.entry.path + "/marker", text: "")
        let manifest = try FileText.read(layout + "/blobs/sha256/" + image.defaults.manifestDigest.dropFirst(7))
        let layers = try XCTUnwrap(manifest.range(of: "\"layers\""))
        let firstLayer = try XCTUnwrap(manifest[layers.upperBound...].range(of: "sha256:"))
        let blob = layout + "/blobs/sha256/" + manifest[firstLayer.upperBound...].prefix(64)
        XCTAssertEqual(rename(blob, blob + ".aside"), 0)
        let again = try prepare("oci:\(layout):latest")
        XCTAssertEqual(rename(blob + ".aside", blob), 0)
        XCTAssertTrue(again.entry.wasCached)
        XCTAssertEqual(again.entry.path, image.entry.path)
        XCTAssertEqual(again.defaults, image.defaults)
        XCTAssertTrue(Directory.exists(image.entry.path + "/marker"))

        // The tag `base` is the first layer alone: its own cache entry.
        let base = try prepare("oci:\(layout):base")
        XCTAssertNotEqual(base.entry.path, image.entry.path)
        XCTAssertTrue(Directory.exists(base.entry.path + "/etc/os-release"))
        XCTAssertEqual(Directory.names(base.entry.path + "/data"), ["a", "b"])
        XCTAssertEqual(base.defaults.command, [], "umoci new makes a config without Cmd")
        XCTAssertEqual(Directory.names(cache.directory).filter { $0.hasPrefix(".") }, [], "partial directories left")
    }

    private var probe: ContainerProbe { ContainerProbe(runtime: runtime) }

    /// `umoci insert IMAGE ROOT /` writes a layer whose first entry is `/`:
    /// the root, as registries and runtimes take it, as they take `./` and
    /// `./x` names.
    func testALayerWithASlashEntryIsTheRoot() throws {
        let inserted = scratch + "/inserted"
        try UmociLayout.makeInsertedAtRoot(at: inserted, from: rootfs.path)
        let image = try prepare("oci:\(inserted)")
        XCTAssertEqual(image.entry.layers, 1)
        XCTAssertTrue(Directory.exists(image.entry.path + "/bin/sh"))
        let (output, status) = try probe.run(spec(for: image), ["/bin/sh", "-c", "echo $GREETING from an inserted root"])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "hello from an inserted root\n")

        // `./`-prefixed names, and `/` again in a later layer, are the same paths.
        let dotted = try HostileTar.write(scratch + "/dotted.tar", [
            .directory("/"), .directory("./etc"), .file("./etc/dotted", contents: "dot"), .file("plain", contents: "plain"),
        ])
        let mixed = try prepare("oci:\(try layout("mixed", [try busyboxLayer(), dotted]).directory)")
        XCTAssertEqual(try FileText.read(mixed.entry.path + "/etc/dotted"), "dot")
        XCTAssertEqual(try FileText.read(mixed.entry.path + "/plain"), "plain")
        XCTAssertTrue(Directory.exists(mixed.entry.path + "/bin/sh"))
    }

    // MARK: - Hand-written layouts

    /// A tar of the paths `members` (in that order) of the tree `tree`,
    /// compressed with `compression` (a tar option, or none).
    private func tar(_ name: String, of tree: String, _ members: [String], compression: String? = nil) throws -> String {
        let path = scratch + "/" + name
        _ = try HostProgram.output(["tar", "--format=posix", "--no-recursion"] + (compression.map { [$0] } ?? [])
                                   + ["-C", tree, "-cf", path] + members)
        return path
    }

    /// Makes `relative` files (with `text`) and directories under `tree`.
    private func tree(_ name: String, files: [String: String], directories: [String] = []) throws -> String {
        let root = scratch + "/" + name
        try FileTree.makeDirectory(root)
        for directory in directories { try FileTree.makeDirectory(root + "/" + directory) }
        for (path, text) in files { try FileText.create(root + "/" + path, text: text) }
        return root
    }

    /// The busybox root as an uncompressed layer, every path in it.
    private func busyboxLayer() throws -> String {
        let path = scratch + "/busybox.tar"
        _ = try HostProgram.output(["tar", "--format=posix", "-C", rootfs.path, "-cf", path, "."])
        return path
    }

    private static let tarType = "application/vnd.oci.image.layer.v1.tar"
    private static let zstdType = "application/vnd.oci.image.layer.v1.tar+zstd"

    func testZstdAndPlainLayersANestedIndexThePlatformAndAUser() throws {
        let upper = try tree("upper", files: [
            "etc/.wh.hostname": "",
            "etc/passwd": "root:x:0:0:root:/root:/bin/sh\napp:x:1234:100:app:/home/app:/bin/sh\n",
            "etc/group": "root:x:0:\nusers:x:100:\nstaff:x:50:\n",
        ], directories: ["etc"])
        let layout = try LayoutWriter(at: scratch + "/layout")
        let config = #"{"architecture":"amd64","os":"linux","config":{"User":"app:staff","Env":["A=1"],"Entrypoint":["/bin/sh","-c"],"Cmd":["id -u; id -g; pwd; echo $A"]}}"#
        let manifest = try layout.manifest(config: config, layers: [
            (Self.tarType, try busyboxLayer()),
            (Self.zstdType, try tar("upper.tar.zst", of: upper, ["etc/.wh.hostname", "etc/passwd", "etc/group"], compression: "--zstd")),
        ])
        let host = OCIManifestChoice.hostPlatform.architecture
        let other = host == "arm64" ? "s390x" : "arm64"
        // The other platform's manifest is not in the layout: choosing it would fail.
        let missing = LayoutWriter.Blob(digest: "sha256:" + String(repeating: "0", count: 64), size: 10, path: "")
        let nested = try layout.blob(LayoutWriter.index([
            LayoutWriter.descriptor(LayoutWriter.manifestType, missing, platform: ("linux", other)),
            LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, platform: ("linux", host)),
        ]))
        let foreign = try layout.blob(LayoutWriter.index([
            LayoutWriter.descriptor(LayoutWriter.manifestType, missing, platform: ("linux", other)),
        ]))
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.indexType, nested, tag: "multi"),
                               LayoutWriter.descriptor(LayoutWriter.indexType, foreign, tag: "foreign")])

        let image = try prepare("oci:\(layout.directory):multi")
        XCTAssertEqual(image.defaults.manifestDigest, manifest.digest)
        XCTAssertEqual(image.defaults.user, "app:staff")
        XCTAssertEqual(image.defaults.uid, 1234)
        XCTAssertEqual(image.defaults.gid, 50)
        XCTAssertEqual(image.defaults.command, ["/bin/sh", "-c", "id -u; id -g; pwd; echo $A"])
        XCTAssertFalse(Directory.exists(image.entry.path + "/etc/hostname"), "the zstd layer's whiteout")
        XCTAssertTrue(Directory.exists(image.entry.path + "/bin/busybox"))
        XCTAssertThrowsError(try prepare("oci:\(layout.directory):foreign")) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.noManifestForPlatform(
                file: layout.directory + "/index.json", role: .index(.taggedManifest("foreign")), platform: "linux/\(host)", offered: ["linux/\(other)"])))
        }
        // Only a user with a passwd entry is a user.
        let nobody = try LayoutWriter(at: scratch + "/nobody")
        let config2 = #"{"config":{"User":"ghost"}}"#
        try nobody.writeIndex([LayoutWriter.descriptor(
            LayoutWriter.manifestType, try nobody.manifest(config: config2, layers: [(Self.tarType, try busyboxLayer())]))])
        XCTAssertThrowsError(try prepare("oci:\(nobody.directory)")) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.imageUserUnknown(image: "oci:\(nobody.directory)", user: "ghost", name: "ghost")))
        }
        // The image's command, as the image's user.
        let tee = try OutputTee()
        let result = try runtime.runForeground(spec(for: image), argv: image.defaults.command, name: "user", tee: tee,
                                               user: image.defaults.identity)
        XCTAssertEqual(result.status, .exited(0), tee.text)
        XCTAssertEqual(tee.text, "1234\n50\n/\n1\n")
    }

    func testWhiteoutsHideOnlyWhatLowerLayersMade() throws {
        let lower = try tree("lower", files: ["a/keep": "1", "a/old": "2", "a/s/t/old": "2", "d/x": "3", "f/inner": "4", "g/h": "lower"],
                             directories: ["a", "a/s", "a/s/t", "d", "f", "g"])
        let upper = try tree("upper", files: ["a/new": "5", "a/s/t/new": "6", "a/.wh..wh..opq": "", "d/.wh.x": "", "f": "now a file",
                                              "g/h": "upper", "g/.wh.h": "", "e/.wh..wh..opq": ""],
                             directories: ["a", "a/s", "a/s/t", "d", "g", "e"])
        let layout = try LayoutWriter(at: scratch + "/layout")
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, try layout.manifest(config: "{}", layers: [
            (Self.tarType, try tar("lower.tar", of: lower, ["a", "a/keep", "a/old", "a/s", "a/s/t", "a/s/t/old", "d", "d/x", "f", "f/inner", "g", "g/h"])),
            // A file this layer wrote before the opaque marker stays, and so
            // does one before its own whiteout: whiteouts hide lower layers only.
            (Self.tarType, try tar("upper.tar", of: upper,
                                   ["a/new", "a/s/t/new", "a/.wh..wh..opq", "d/.wh.x", "f", "g/h", "g/.wh.h", "e/.wh..wh..opq"])),
        ]), tag: "latest")])
        let image = try prepare("oci:\(layout.directory)")
        let root = image.entry.path
        XCTAssertEqual(Directory.names(root), ["a", "d", "e", "f", "g"])
        XCTAssertEqual(Directory.names(root + "/a"), ["new", "s"])
        XCTAssertEqual(Directory.names(root + "/a/s/t"), ["new"], "below an opaque directory, what this layer wrote stays")
        XCTAssertEqual(Directory.names(root + "/d"), [])
        XCTAssertEqual(Directory.names(root + "/e"), [], "an opaque directory no lower layer had")
        XCTAssertEqual(try FileText.read(root + "/f"), "now a file", "a file replaces a lower directory whole")
        XCTAssertEqual(try FileText.read(root + "/g/h"), "upper")
    }

    func testWhiteoutsThatReachOutsideAreRefused() throws {
        let outside = scratch + "/outside"
        try FileTree.makeDirectory(outside)
        try FileText.create(outside + "/file", text: "still here")
        try FileTree.makeDirectory(scratch + "/cache")
        try FileText.create(scratch + "/cache/victim", text: "still here")
        let lowerTree = try tree("lower", files: [:])
        symlink(outside, lowerTree + "/link")
        let lower = try tar("lower.tar", of: lowerTree, ["link"])
        let evil = try tree("evil", files: [".wh.victim": "", ".wh.file": ""])
        let cases: [(String, [String], (String, LayerName) -> ImageProblem)] = [
            ("dotdot.tar", ["-P", "--transform", "s,^\\.wh\\.victim,../../.wh.victim,", ".wh.victim"],
             Self.whiteout("../../.wh.victim", .outsideRoot)),
            ("absolute.tar", ["-P", "--transform", "s,^\\.wh\\.file,\(outside)/.wh.file,", ".wh.file"],
             Self.whiteout("\(outside)/.wh.file", .outsideRoot)),
            ("link.tar", ["--transform", "s,^\\.wh\\.file,link/.wh.file,", ".wh.file"],
             Self.whiteout("link/.wh.file", .throughSymlink("/link"))),
        ]
        for (name, arguments, message) in cases {
            let path = scratch + "/" + name
            _ = try HostProgram.output(["tar", "-C", evil, "-cf", path] + arguments)
            let layout = try LayoutWriter(at: scratch + "/layout-" + name)
            try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, try layout.manifest(
                config: "{}", layers: [(Self.tarType, lower), (Self.tarType, path)]))])
            try assertRefused(layout, top: path, message)
        }
        XCTAssertEqual(try FileText.read(outside + "/file"), "still here")
        XCTAssertEqual(try FileText.read(scratch + "/cache/victim"), "still here")
        XCTAssertEqual(Directory.names(cache.directory), [], "a refused layer left a cache entry or a partial directory")
    }

    // MARK: - Hostile layers

    /// A layout whose manifest has `layers` (uncompressed tar files, bottom first).
    private func layout(_ name: String, _ layers: [String]) throws -> LayoutWriter {
        let layout = try LayoutWriter(at: scratch + "/" + name)
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, try layout.manifest(
            config: "{}", layers: layers.map { (Self.tarType, $0) }))])
        return layout
    }

    /// Asserts `layout` is refused for the problem `expected` gives for its
    /// top layer (the file `top`, layer 2 of 2 of the index's only manifest):
    /// its blob, and the layer as problems name it.
    private func assertRefused(
        _ layout: LayoutWriter, top: String, _ expected: (_ blob: String, _ layer: LayerName) -> ImageProblem,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let blob = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: top))
        let problem = expected(blob, LayerName(blob: blob, role: .layerOf(2, count: 2, .onlyManifest)))
        XCTAssertThrowsError(try prepare("oci:\(layout.directory)"), file: file, line: line) { error in
            XCTAssertEqual(error as? RuntimeError, .image(problem), file: file, line: line)
        }
    }

    /// libarchive refusing entry `entry` of the top layer, in its words, for `advice`.
    private static func archive(_ entry: String?, _ reason: String, _ advice: ArchiveAdvice = .escapes) -> (String, LayerName) -> ImageProblem {
        { blob, layer in .archiveFailed(archive: blob, role: layer.role, place: entry.map { .entry($0) }, reason: reason, advice: advice) }
    }

    /// A whiteout `entry` of the top layer refused for `refusal`.
    private static func whiteout(_ entry: String, _ refusal: WhiteoutRefusal) -> (String, LayerName) -> ImageProblem {
        { _, layer in .whiteoutRefused(layer: layer, entry: entry, refusal) }
    }

    /// Issue 20: `.wh...` stripped of `.wh.` is `..`, and deleting `..` of
    /// the image's partial directory deleted the whole cache: every other
    /// image's root, and the lower layer of every running container. The
    /// hostile image is now refused, and the image cached beside it, with
    /// the container running on it, is whole.
    func testAWhiteoutOfDotDotBesideAnotherCachedImageIsRefused() throws {
        let good = try prepare("oci:\(try layout("good", [try busyboxLayer()]).directory)")
        let before = try TreeSnapshot.of(good.entry.path)
        let container = Container(name: "beside", spec: spec(for: good))
        try runtime.start(container)
        addTeardownBlock { [runtime] in _ = runtime?.remove(container) }

        let base = try HostileTar.write(scratch + "/base.tar", [.directory("etc"), .file("etc/passwd", contents: "x")])
        for (name, whiteout, hidden) in [("top", ".wh...", ".."), ("etc", "etc/.wh...", ".."), ("dot", "etc/.wh..", "."),
                                         ("empty", ".wh.", "")] {
            let evil = try HostileTar.write(scratch + "/evil-\(name).tar", [.file(whiteout)])
            let refusal = WhiteoutRefusal.notInDirectory(whiteout: String(whiteout.split(separator: "/").last ?? ""), hidden: hidden)
            try assertRefused(try layout("evil-" + name, [base, evil]), top: evil, Self.whiteout(whiteout, refusal))
        }

        XCTAssertEqual(Directory.names(cache.directory).filter { $0 != ".digests" }, [String(good.entry.path.dropFirst(cache.directory.count + 1))],
                       "only the good image is cached, and no partial directory is left")
        XCTAssertEqual(try TreeSnapshot.of(good.entry.path), before, "the image cached beside it is whole")
        let tee = try OutputTee()
        let run = try runtime.execForeground(into: container, argv: ["/bin/sh", "-c", "ls /bin/busybox && echo alive"], user: nil, tee: tee)
        XCTAssertEqual(run.status, .exited(0), tee.text)
        XCTAssertEqual(tee.text, "/bin/busybox\nalive\n", "the running container's lower layer is whole")
    }

    /// Layers that try to write or link outside the root, one way each:
    /// refused naming the entry, or applied with everything kept inside.
    /// Nothing outside changes and no refused image is cached.
    func testHostileLayersAreRefusedOrStayInside() throws {
        let outside = scratch + "/outside"
        try FileTree.makeDirectory(outside)
        try FileText.create(outside + "/file", text: "still here")
        let long = "d/" + String(repeating: "n", count: 300)
        let refusedCases: [(String, [HostileTar.Entry], [HostileTar.Entry], (String, LayerName) -> ImageProblem)] = [
            ("symlink then write, across layers", [.symlink("a", target: outside)], [.file("a/passwd", contents: "pwned")],
             Self.archive("a/passwd", "Cannot extract through symlink a/passwd")),
            ("symlink then write, one layer", [], [.symlink("b", target: outside), .file("b/passwd", contents: "pwned")],
             Self.archive("b/passwd", "Cannot extract through symlink b/passwd")),
            ("hardlink up and out", [], [.hardlink("h", target: "../../outside/file", contents: "pwned")], Self.archive("h", "Path contains '..'")),
            ("hardlink to an absolute name", [], [.hardlink("h", target: outside + "/file", contents: "pwned")], Self.archive("h", "Path is absolute")),
            ("hardlink through a lower symlink", [.symlink("l", target: outside)], [.hardlink("h", target: "l/file")],
             Self.archive("h", "Cannot extract through symlink l/file")),
            ("whiteout through a lower symlink", [.symlink("l", target: outside)], [.file("l/.wh.file")],
             Self.whiteout("l/.wh.file", .throughSymlink("/l"))),
            ("opaque marker through a lower symlink", [.symlink("l", target: outside)], [.file("l/.wh..wh..opq")],
             Self.whiteout("l/.wh..wh..opq", .throughSymlink("/l"))),
            ("the root as a symlink", [], [.symlink("/", target: outside)],
             { blob, layer in .rootEntryNotDirectory(archive: blob, role: layer.role, entry: "/") }),
            ("an absolute name after the root", [], [.directory("/"), .file("/passwd", contents: "pwned")], Self.archive("/passwd", "Path is absolute")),
            ("a name longer than NAME_MAX", [], [.file(long, contents: "x")], { blob, layer in
                .nameTooLong(archive: blob, role: layer.role, entry: long, start: String(repeating: "n", count: 32), bytes: 300, limit: 255)
            }),
            // tar gives a hardlink no data: libarchive reads the data as the next header.
            ("hardlink to a lower symlink, with data", [.symlink("l", target: outside + "/file")],
             [.hardlink("h", target: "l", contents: "pwned"), .file("after")], { blob, layer in
                .archiveFailed(archive: blob, role: layer.role, place: .entry("?"), reason: "Invalid empty pathname", advice: .damaged)
            }),
        ]
        for (name, lower, upper, problem) in refusedCases {
            let slug = name.replacing(" ", with: "-")
            let layers = [try HostileTar.write(scratch + "/\(slug)-lower.tar", lower), try HostileTar.write(scratch + "/\(slug)-upper.tar", upper)]
            try assertRefused(try layout(slug, layers), top: layers[1], problem)
        }
        XCTAssertEqual(Directory.names(cache.directory).filter { $0 != ".digests" }, [], "a refused layer left a cache entry")

        // Applied, with everything inside: a hardlink to a lower symlink is
        // a second symlink, not the file it points to; a file over a lower
        // symlink replaces the symlink; a whiteout of the opaque marker is
        // aufs metadata, neither applied nor written; a path longer than
        // PATH_MAX is made and its whiteout applied one directory at a time.
        let deep = (0..<24).map { "directory-\($0)-" + String(repeating: "d", count: 180) }.joined(separator: "/")
        let lower = try HostileTar.write(scratch + "/inside-lower.tar", [
            .symlink("l", target: outside + "/file"), .symlink("p", target: outside + "/file"),
            .directory("d"), .file("d/x", contents: "lower"), .file("d/y", contents: "lower"),
        ] + deep.split(separator: "/").indices.map { .directory(deep.split(separator: "/").prefix($0 + 1).joined(separator: "/")) }
          + [.file(deep + "/gone", contents: "lower"), .file(deep + "/kept", contents: "lower")])
        let upper = try HostileTar.write(scratch + "/inside-upper.tar", [
            .hardlink("h", target: "l"), .file("p", contents: "replaced"),
            .file("d/.wh..wh..wh..opq"), .file("d/.wh.y"), .file(deep + "/.wh.gone"),
        ])
        let image = try prepare("oci:\(try layout("inside", [lower, upper]).directory)")
        let root = image.entry.path
        XCTAssertEqual(try FileText.read(outside + "/file"), "still here")
        XCTAssertEqual(Directory.names(outside), ["file"])
        XCTAssertEqual(RootedPath.linkTarget(root + "/h"), outside + "/file", "a hardlink to a symlink is that symlink")
        XCTAssertEqual(try FileText.read(root + "/p"), "replaced")
        XCTAssertEqual(RootedPath.linkTarget(root + "/p"), nil, "the file replaced the lower symlink")
        XCTAssertEqual(Directory.names(root + "/d"), ["x"], "the opaque marker's whiteout neither hid `x` nor was written")
        let deepFiles = try HostProgram.output(["find", root, "(", "-name", "gone", "-o", "-name", "kept", ")", "-printf", "%P\\n"])
        XCTAssertEqual(deepFiles, deep + "/kept\n", "the whiteout below PATH_MAX's reach")
    }

    /// Device nodes and setuid programs of a layer are kept, as Docker and
    /// podman keep them: the image may need them. The cache that holds them
    /// is root's alone (0700), and in a container the device cgroup decides
    /// which device may be opened.
    func testDeviceNodesAndSetuidFilesAreKeptInRootsOwnCache() throws {
        let layer = try HostileTar.write(scratch + "/special.tar", [
            .directory("dev"), .characterDevice("dev/mem", major: 1, minor: 1), .file("suid", contents: "#!/bin/sh\n", mode: 0o4755),
        ])
        let image = try prepare("oci:\(try layout("special", [layer]).directory)")
        var info = stat()
        XCTAssertEqual(lstat(image.entry.path + "/dev/mem", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(info.st_rdev, 1 << 8 | 1)
        XCTAssertEqual(lstat(image.entry.path + "/suid", &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o4755)
        XCTAssertEqual(lstat(cache.directory, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700, "the cache is root's alone")
    }

    /// An image's User of 4294967295, `(uid_t)-1`, given as a number or
    /// by its /etc/passwd: `setresuid` would leave the process root.
    func testAnImagesUserWhoseIDIsMinusOneIsRefused() throws {
        let layer = try HostileTar.write(scratch + "/user.tar", [
            .directory("etc"), .file("etc/passwd", contents: "app:x:4294967295:4294967295::/:/bin/sh\n"),
        ])
        for user in ["app", "4294967295", "0:4294967295"] {
            let layout = try LayoutWriter(at: scratch + "/layout-\(user.replacing(":", with: "-"))")
            try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, try layout.manifest(
                config: #"{"config":{"User":"\#(user)"}}"#, layers: [(Self.tarType, layer)]))])
            XCTAssertThrowsError(try prepare("oci:\(layout.directory)"), user) { error in
                guard case .image(.imageIDOutOfRange(_, user, _, 4_294_967_295, 2_147_483_647))? = error as? RuntimeError else {
                    return XCTFail("\(user): \(error)")
                }
            }
        }
    }

    /// An image whose /etc/passwd is a FIFO, a device or a huge file: the
    /// config's User is looked up without waiting or reading for ever, and
    /// is not found.
    func testAnImagesPasswdThatIsNotASmallFileIsNotRead() throws {
        for (name, passwd) in [("fifo", HostileTar.Entry.fifo("etc/passwd")),
                               ("zero", .characterDevice("etc/passwd", major: 1, minor: 5))] {
            let layer = try HostileTar.write(scratch + "/\(name).tar", [.directory("etc"), passwd])
            let layout = try LayoutWriter(at: scratch + "/" + name)
            try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, try layout.manifest(
                config: #"{"config":{"User":"app"}}"#, layers: [(Self.tarType, layer)]))])
            XCTAssertThrowsError(try prepare("oci:\(layout.directory)"), name) { error in
                XCTAssertEqual(error as? RuntimeError, .image(.imageUserUnknown(image: "oci:\(layout.directory)", user: "app", name: "app")))
            }
        }
    }
}
