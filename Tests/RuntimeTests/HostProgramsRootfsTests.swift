@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `rootfs make host`: roots of host programs with the libraries their ELF
/// headers name, run in new namespaces; the libraries found compared with
/// what the host's `ldd` (the loader itself) says; RUNPATH with `$ORIGIN`;
/// bad program names; damaged ELF files. Needs root (containers).
final class HostProgramsRootfsTests: RootfsTestCase {
    private var hostRoot: String { rootfs.scratch + "/hostroot" }

    /// The real paths of the libraries the loader maps for `program`, as
    /// `ldd` prints them (the vDSO left out).
    private func lddLibraries(_ program: String) throws -> Set<String> {
        let output = try HostProgram.output(["ldd", program])
        var paths = Set<String>()
        for line in output.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let path = words.count >= 3 && words[1] == "=>" ? words[2] : words.first ?? ""
            guard path.hasPrefix("/") else { continue }
            paths.insert(try realPath(String(path)))
        }
        return paths
    }

    private func realPath(_ path: String) throws -> String {
        let resolved = try XCTUnwrap(realpath(path, nil), path)
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Every regular file in the root, relative.
    private func files(_ root: String) throws -> [String] {
        try HostProgram.output(["/bin/sh", "-c", "cd \"$1\" && find . -type f | LC_ALL=C sort", "sh", root])
            .split(separator: "\n").map { String($0.dropFirst(2)) }
    }

    func testBashAndEnvRunInARootOfTheirOwn() throws {
        let summary = try HostProgramsRootfs.make(at: hostRoot, programs: ["/bin/bash", "env"])
        XCTAssertEqual(summary.programs, ["/bin/bash", try HostProgramsRootfs.locate("env")])
        let found = Set(try summary.libraries.map(realPath))
        XCTAssertEqual(found, try lddLibraries("/bin/bash").union(lddLibraries("/usr/bin/env")), "the loader maps other libraries")
        // Only those files, at their real paths, and the loader's cache.
        let expected = (found.union([try realPath("/bin/bash"), try realPath("/usr/bin/env")]).map { String($0.dropFirst()) }
                        + ["etc/ld.so.cache"]).sorted()
        XCTAssertEqual(try files(hostRoot), expected)
        for directory in ["proc", "sys", "dev", "tmp", "etc"] { XCTAssertTrue(Directory.isDirectory(hostRoot + "/" + directory), directory) }
        // The host's symlinks on the way are symlinks inside too.
        for link in ["/bin", "/lib64", "/lib"] {
            XCTAssertEqual(RootedPath.linkTarget(hostRoot + link), RootedPath.linkTarget(link), link)
        }

        let version = try HostProgram.output(["/bin/bash", "-c", "echo $BASH_VERSION"])
        let (output, status) = try probe.run(
            hostSpec([.pid, .uts]), ["/bin/bash", "-c", "echo $BASH_VERSION $$; /usr/bin/env -i A=1 /usr/bin/env; echo /*"])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "\(version.dropLast()) 1\nA=1\n" + Directory.names(hostRoot).map { "/" + $0 }.joined(separator: " ") + "\n")
    }

    private func hostSpec(_ namespaces: Set<NamespaceKind>) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = namespaces.union([.mnt])
        spec.rootfs = RootfsSpec(path: hostRoot)
        return spec
    }

    func testRunpathRpathAndOriginAreFollowed() throws {
        let compiler = ["clang", "cc"].first { name in (try? HostProgramsRootfs.locate(name)) != nil }
        try Privileges.require(compiler != nil, "needs a C compiler (clang or cc) to build programs with an RPATH or RUNPATH")
        let cc = try XCTUnwrap(compiler)
        let app = rootfs.scratch + "/app"
        for directory in [app, app + "/bin", app + "/lib", app + "/lib2"] { try FileTree.makeDirectory(directory) }
        try FileText.create(app + "/deep.c", text: "int deep(void) { return 42; }\n")
        try FileText.create(app + "/greet.c", text: """
            int deep(void);
            const char *greeting(void) { return deep() == 42 ? "hello from $ORIGIN/../lib" : "wrong"; }

            """)
        try FileText.create(app + "/main.c", text: """
            #include <stdio.h>
            const char *greeting(void);
            int main(void) { puts(greeting()); return 0; }

            """)
        try FileText.create(app + "/both.c", text: """
            #include <stdio.h>
            const char *greeting(void);
            int deep(void);
            int main(void) { printf("%s %d\\n", greeting(), deep()); return 0; }

            """)
        func compile(_ arguments: String...) throws { _ = try HostProgram.output([cc] + arguments) }
        try compile("-shared", "-fPIC", "-o", app + "/lib2/libdeep.so", app + "/deep.c")
        try compile("-shared", "-fPIC", "-o", app + "/lib/libgreet.so", app + "/greet.c", "-L" + app + "/lib2", "-ldeep")
        let link = ["-L" + app + "/lib", "-lgreet", "-Wl,-rpath-link," + app + "/lib2"]
        // hello: libgreet needs libdeep, found through the program's
        // DT_RPATH, which what the program loads inherits.
        _ = try HostProgram.output([cc, "-o", app + "/bin/hello", app + "/main.c"] + link
                                   + ["-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib:${ORIGIN}/../lib2"])
        // hello2: the same as a DT_RUNPATH, which is not inherited.
        _ = try HostProgram.output([cc, "-o", app + "/bin/hello2", app + "/main.c"] + link
                                   + ["-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib:$ORIGIN/../lib2"])
        // hello3: a RUNPATH, but the program needs libdeep itself: libgreet
        // gets the one already loaded.
        _ = try HostProgram.output([cc, "-o", app + "/bin/hello3", app + "/both.c"] + link
                                   + ["-L" + app + "/lib2", "-ldeep", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib:$ORIGIN/../lib2"])
        let hello = try XCTUnwrap(try ELFFile.read(app + "/bin/hello"))
        XCTAssertEqual(hello.rpath, ["$ORIGIN/../lib", "${ORIGIN}/../lib2"])
        XCTAssertEqual(hello.runpath, [])
        XCTAssertTrue(hello.needed.contains("libgreet.so"), "\(hello.needed)")
        XCTAssertEqual(try ELFFile.read(app + "/bin/hello2")?.runpath, ["$ORIGIN/../lib", "$ORIGIN/../lib2"])

        for (program, expected) in [("hello", "hello from $ORIGIN/../lib\n"), ("hello3", "hello from $ORIGIN/../lib 42\n")] {
            let summary = try HostProgramsRootfs.make(at: hostRoot, programs: [app + "/bin/" + program])
            XCTAssertEqual(Set(try summary.libraries.map(realPath)), try lddLibraries(app + "/bin/" + program), program)
            let (output, status) = try probe.run(hostSpec([.pid]), [app + "/bin/" + program])
            XCTAssertEqual(status, .exited(0), output)
            XCTAssertEqual(output, expected, program)
        }
        // The host's loader cannot run hello2, and ctrsh says why.
        XCTAssertThrowsError(try HostProgram.output([app + "/bin/hello2"]))
        XCTAssertThrowsError(try HostProgramsRootfs.make(at: rootfs.scratch + "/other", programs: [app + "/bin/hello2"])) { error in
            guard case .image(.libraryNotFound("\(app)/bin/../lib/libgreet.so", "libdeep.so", _))? = error as? RuntimeError else {
                return XCTFail("\(error)")
            }
        }
    }

    func testScriptsBringTheirInterpreter() throws {
        let script = rootfs.scratch + "/hello.sh"
        try FileText.create(script, text: "#!/bin/bash -e\necho \"hello from ${BASH_VERSINFO[0]}\"\n", mode: 0o755)
        let summary = try HostProgramsRootfs.make(at: hostRoot, programs: [script])
        XCTAssertEqual(summary.libraries.first, "/bin/bash")
        let (output, status) = try probe.run(hostSpec([.pid]), [script])
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertTrue(output.hasPrefix("hello from "), output)
    }

    func testBadProgramsAreRefusedBeforeAnythingIsMade() throws {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for (program, problem) in [
            ("no-such-program-here", ImageProblem.programNotOnPath(name: "no-such-program-here", path: path)),
            ("/nonexistent/bin/sh", .programUnreadable(name: "/nonexistent/bin/sh", errno: ENOENT)),
            ("/etc", .programNotRegularFile(name: "/etc")),
        ] {
            XCTAssertThrowsError(try HostProgramsRootfs.make(at: hostRoot, programs: ["/bin/bash", program])) { error in
                XCTAssertEqual(error as? RuntimeError, .image(problem))
            }
        }
        XCTAssertFalse(Directory.exists(hostRoot), "a refused program list made the root")
        // The host's own root, or a directory bound to it, is never written.
        XCTAssertThrowsError(try HostProgramsRootfs.make(at: "/", programs: ["/bin/bash"])) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.hostRootIsHost(directory: "/")))
        }
        let hostBash = try realPath("/bin/bash")
        try FileTree.makeDirectory(hostRoot)
        XCTAssertEqual(symlink("/usr", hostRoot + "/usr"), 0)
        XCTAssertThrowsError(try HostProgramsRootfs.make(at: hostRoot, programs: [hostBash])) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.hostRootInTheWay(path: hostRoot + "/usr", .directory)))
        }
        XCTAssertTrue(access(hostBash, X_OK) == 0, "the host's bash is gone")
    }

    func testDamagedELFFilesAreErrorsNotCrashes() throws {
        let bash = try FileTree.readPrefix("/bin/bash", count: 1 << 21)
        let copy = rootfs.scratch + "/damaged"
        func write(_ bytes: [UInt8]) {
            let fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        write(Array(bash.prefix(100)))
        XCTAssertThrowsError(try ELFFile.read(copy)) { error in
            guard case .image(.damagedELF(copy, _))? = error as? RuntimeError else { return XCTFail("\(error)") }
        }
        write(Array("#!/bin/sh\n".utf8))
        XCTAssertNil(try ELFFile.read(copy))
        // Cut anywhere, or with header bytes changed at random: an error or
        // a result, never a crash. The seed replays a failure.
        var random = SplitMix(seed: 0x0c1_e1f)
        for round in 0..<300 {
            var bytes = Array(bash.prefix(round < 100 ? random.below(bash.count) : bash.count))
            if round >= 100 {
                for _ in 0..<(1 + random.below(8)) {
                    bytes[random.below(min(bytes.count, 4096))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            write(bytes)
            _ = try? ELFFile.read(copy)
        }
    }
}
