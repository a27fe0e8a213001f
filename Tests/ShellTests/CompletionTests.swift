import CtrCommands
import CtrRuntime
import CtrShell
import Dispatch
import Glibc
import TestSupport
import XCTest

/// `CompletionEngine.complete`: what TAB inserts and lists for partial
/// lines, from the registry's declarations and the session's state.
final class CompletionTests: XCTestCase {
    private var session: Session!
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        session = Session(runtime: ContainerRuntime(sessionID: "t", cgroups: nil))
        _ = Shell(session: session)  // registers `source` and `history`, as the prompt has them
        directory = try TemporaryDirectory(prefix: "ctrsh-test-completion-")
    }

    override func tearDown() {
        directory?.remove()
        session?.close()
    }

    private func complete(_ text: String, in session: Session? = nil) -> Completion {
        CompletionEngine(session: session ?? self.session).complete(text)
    }

    /// One partial line: what TAB inserts and which candidates it lists.
    private struct Case {
        var text: String
        var insertion: String
        var candidates: [String]?
        var line: UInt
        init(_ text: String, _ insertion: String, _ candidates: [String]? = nil, line: UInt = #line) {
            self.text = text
            self.insertion = insertion
            self.candidates = candidates
            self.line = line
        }
    }

    private func check(_ cases: [Case], in session: Session? = nil) {
        for item in cases {
            let completion = complete(item.text, in: session)
            XCTAssertEqual(completion.insertion, item.insertion, "insertion for \(item.text.debugDescription)", line: item.line)
            if let candidates = item.candidates {
                XCTAssertEqual(completion.candidates, candidates, "candidates for \(item.text.debugDescription)", line: item.line)
            }
        }
    }

    func testEmptyLineListsEveryCommand() {
        let completion = complete("")
        XCTAssertEqual(completion.insertion, "")
        let families = session.registry.families.map(\.name)
        XCTAssertEqual(completion.candidates, families.sorted())
        for name in ["ns", "cgroup", "rootfs", "exec", "run", "help", "expect", "quit", "source", "history"] {
            XCTAssertTrue(completion.candidates.contains(name), name)
        }
        XCTAssertEqual(complete("   ").candidates, families.sorted(), "blanks before the cursor")
    }

    func testCommandNames() {
        check([
            Case("cg", "roup ", ["cgroup"]),
            Case("cgr", "oup ", ["cgroup"]),
            Case("cgroup", " ", ["cgroup"]),
            Case("ro", "otfs ", ["rootfs"]),
            Case("ex", "", ["exec", "exit", "expect", "explain", "export"]),
            Case("exp", "", ["expect", "explain", "export"]),
            Case("expo", "rt ", ["export"]),
            Case("im", "port ", ["import"]),
            Case("expe", "ct ", ["expect"]),
            Case("h", "", ["help", "history", "host", "hostname"]),
            Case("hos", "t", ["host", "hostname"]),
            Case("con", "tainer ", ["container"]),
            Case("secc", "omp ", ["seccomp"]),
            Case("zz", "", []),
            Case("echo a; cg", "roup ", ["cgroup"]),
            Case("echo a\ncg", "roup ", ["cgroup"]),
        ])
    }

    func testSubcommands() {
        check([
            Case("cgroup ", "", ["set", "show", "unset"]),
            Case("cgroup s", "", ["set", "show"]),
            Case("cgroup se", "t ", ["set"]),
            Case("cgroup u", "nset ", ["unset"]),
            Case("ns ", "", ["join", "new", "rm", "show"]),
            Case("ns n", "ew ", ["new"]),
            Case("rootfs ", "", ["diff", "make", "use"]),
            Case("expect ", "", ["error", "output", "status"]),
            Case("expect output ", "", ["contains", "matches"]),
            Case("expect output m", "atches ", ["matches"]),
            Case("rootfs make ", "", ["busybox", "host"]),
            Case("rootfs make h", "ost ", ["host"]),
            Case("export ", "", ["image", "kube", "oci"]),
            Case("export k", "ube ", ["kube"]),
            Case("import o", "ci ", ["oci"]),
            Case("seccomp ", "", ["default", "off", "show"]),
            Case("seccomp o", "ff ", ["off"]),
            Case("device ", "", ["allow", "default", "deny", "show"]),
            Case("device allow ", "", ["a", "b", "c"]),
            Case("cgroup bogus ", "", []),
        ])
    }

    func testControllers() {
        check([
            Case("cgroup set ", "", CgroupLimitTable.words.sorted()),
            Case("cgroup set m", "emory", ["memory", "memory.reservation", "memory.swap"]),
            Case("cgroup set memory.", "", ["memory.reservation", "memory.swap"]),
            Case("cgroup set memory.s", "wap ", ["memory.swap"]),
            Case("cgroup set p", "ids ", ["pids"]),
            Case("cgroup set c", "pu", ["cpu", "cpuset"]),
            Case("cgroup set memory ", "", []),
        ])
    }

    /// Issue 18: `cgroup unset` offers the limits that are set, not every file.
    func testUnsetOffersOnlyTheLimitsSet() throws {
        check([Case("cgroup unset ", "", [])])
        try session.updateLimits { limits in
            limits.memory = ByteLimit.bytes(64 << 20)
            limits.ioWeight = 100
        }
        check([
            Case("cgroup unset ", "", ["io.weight", "memory"]),
            Case("cgroup unset i", "o.weight ", ["io.weight"]),
            Case("cgroup unset p", "", []),
        ])
    }

    /// Issue 18: capability names after `cap add` and `cap drop`, item by item in a comma list.
    func testCapabilityNames() {
        check([
            Case("cap add sys_ad", "min ", ["sys_admin"]),
            Case("cap drop net_r", "aw ", ["net_raw"]),
            Case("cap drop net_raw,mk", "nod ", ["mknod"]),
            Case("cap drop a", "", ["all", "audit_control", "audit_read", "audit_write"]),
            Case("cap drop chown,a", "udit_", ["audit_control", "audit_read", "audit_write"]),
        ])
    }

    /// Issue 18: `$NAME` completes the session's variables and the environment's.
    func testVariableNames() {
        session.variables["ROOTFS_DIR"] = "/tmp"
        setenv("CTRSH_COMPLETION_PROBE", "1", 1)
        defer { unsetenv("CTRSH_COMPLETION_PROBE") }
        check([
            Case("echo $ROOTFS_", "DIR ", ["$ROOTFS_DIR"]),
            Case("rootfs use $ROOTF", "S_DIR ", ["$ROOTFS_DIR"]),
            Case("echo x$CTRSH_COMPLETION_PR", "OBE ", ["x$CTRSH_COMPLETION_PROBE"]),
            Case("echo \"$ROOTFS_", "DIR\" ", ["$ROOTFS_DIR"]),
            Case("echo $NO_SUCH_VARIABLE_X", "", []),
        ])
    }

    /// Issue 18: containers are offered only where the command applies to
    /// their state; none of these runs, so `exec`, `ps`, `ns join` offer none.
    func testContainersByState() throws {
        try session.addContainer(named: "web")
        check([
            Case("ps ", "", []),
            Case("stop ", "", []),
            Case("ns join net ", "", []),
            Case("resume ", "", []),
            Case("container rm w", "eb ", ["web"]),
            Case("cgroup show w", "eb ", ["web"]),
        ])
    }

    /// Issue 18: `ns nwe` is one swap from `new`.
    func testSubcommandTypoSuggestion() {
        XCTAssertThrowsError(try session.registry.prepare(["ns", "nwe", "pid"])) { error in
            XCTAssertEqual((error as? CommandError)?.message, "ns: unknown subcommand `nwe` — did you mean `new`? (new, rm, join, show)")
        }
        XCTAssertThrowsError(try session.registry.prepare(["ns", "new", "pid,,uts"])) { error in
            XCTAssertEqual((error as? CommandError)?.message,
                           "ns new: `pid,,uts` has an empty item (two commas, or one at an end): write the types with one comma between each, e.g. `pid,uts`")
        }
    }

    func testControllersIncludeTheDriversRawFiles() throws {
        let v2 = Session(runtime: ContainerRuntime(
            sessionID: "t", cgroups: CgroupV2Driver(mountPoint: directory.path, session: "t")))
        defer { v2.close() }
        let completion = complete("cgroup set m", in: v2)
        XCTAssertEqual(completion.insertion, "emory")
        for name in ["memory", "memory.swap", "memory.high", "memory.max", "memory.swap.max"] {
            XCTAssertTrue(completion.candidates.contains(name), "\(name) in \(completion.candidates)")
        }
        XCTAssertTrue(completion.candidates.allSatisfy { $0.hasPrefix("m") }, "\(completion.candidates)")
        check([Case("cgroup set memory.hi", "gh ", ["memory.high"]), Case("cgroup set cpu.ma", "x", ["cpu.max", "cpu.max.burst"])], in: v2)
    }

    func testNamespaceLists() {
        let all = NamespaceKind.allCases.map(\.rawValue)
        check([
            Case("ns new ", "", (all + ["all"]).sorted()),
            Case("ns new p", "id ", ["pid"]),
            Case("ns new a", "ll ", ["all"]),
            Case("ns new pid,u", "", ["user", "uts"]),
            Case("ns new pid,ut", "s ", ["uts"]),
            Case("ns new pid,uts,", "", all.filter { $0 != "pid" && $0 != "uts" }.sorted()),
            Case("ns new pid,uts,n", "et ", ["net"]),
            Case("ns new pid,a", "", []),
            Case("ns rm m", "nt ", ["mnt"]),
            Case("ns new ", "", (all + ["all"]).sorted()),
        ])
    }

    func testFlags() {
        check([
            Case("rootfs use -", "-", ["--overlay", "--platform", "--readonly"]),
            Case("rootfs use --r", "eadonly ", ["--readonly"]),
            Case("show --", "json ", ["--json"]),
            Case("exec -", "", ["--detach", "--env", "--interactive", "--tty", "--user", "-d", "-e", "-i", "-t", "-u"]),
            Case("logs -", "", ["--follow", "-f"]),
            Case("exec --u", "ser ", ["--user"]),
        ])
    }

    /// The parser's rule, not a rule of TAB's own: a command's flags end at
    /// `--` and at its program's first word (`exec sh -c`: `-c` is sh's).
    func testFlagsAreOfferedOnlyWhileTheParserTakesFlags() {
        check([
            Case("exec sh -", "", []),
            Case("exec -d sh -", "", []),
            Case("exec -- -", "", []),
            Case("exec -d -", "", ["--detach", "--env", "--interactive", "--tty", "--user", "-d", "-e", "-i", "-t", "-u"]),
            Case("export oci ./bundle /bin/sh -", "", []),
        ])
    }

    /// Every example `help` shows parses, and TAB, given the words before
    /// each flag or fixed word of it and that word's first letter, offers
    /// the word where the parser takes it.
    func testEveryExampleIsCompletedWhereTheParserTakesEachWord() throws {
        var checked = 0
        for family in session.registry.families {
            for example in family.examples where !example.contains(where: { ";$'\"".contains($0) }) {
                let words = example.split(separator: " ").map(String.init)
                XCTAssertNoThrow(try session.registry.prepare(words), example)
                guard let (verb, start) = family.verb(for: words) else { continue }
                let walk = ArgumentWalk(words, from: start, verb: verb) { self.session.container(named: $0) != nil }
                for step in walk.steps {
                    let index: Int, expected: String
                    switch step {
                    case .option(_, let at):
                        (index, expected) = (at, words[at])
                    case .switches(_, let at) where words[at].hasPrefix("--") || words[at].count == 2:
                        (index, expected) = (at, words[at])  // not `-it`, two switches in one word
                    case .operand(let parameter, let taken):
                        let kind = verb.parameters[parameter].kind
                        let first = String(words[taken.lowerBound].split(separator: ",").first ?? "")
                        guard kind.fixedWords.contains(first) else { continue }
                        (index, expected) = (taken.lowerBound, first)
                    default: continue
                    }
                    let text = words[..<index].joined(separator: " ") + " " + expected.prefix(expected.hasPrefix("--") ? 3 : 1)
                    XCTAssertTrue(complete(text).candidates.contains(expected),
                                  "\(example): TAB after \(text.debugDescription) offers \(expected)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testHelpCompletesCommandNames() {
        check([
            Case("help cg", "roup ", ["cgroup"]),
            Case("help ro", "otfs ", ["rootfs"]),
            Case("help cgroup ", "", []),
        ])
    }

    func testContainerNames() throws {
        try session.addContainer(named: "web")
        try session.addContainer(named: "worker")
        session.registry.register(CommandFamily("pick", summary: "test", verbs: [
            Verb([Operand("NAME", .containerName)], summary: "pick one") { _ in { _ in } },
        ]))
        check([
            Case("pick ", "", ["default", "web", "worker"]),
            Case("pick w", "", ["web", "worker"]),
            Case("pick wo", "rker ", ["worker"]),
            Case("pick d", "efault ", ["default"]),
        ])
    }

    func testSignals() {
        session.registry.register(CommandFamily("signal", summary: "test", verbs: [
            Verb([Operand("SIGNAL", .signal)], summary: "send one") { _ in { _ in } },
        ]))
        let completion = complete("signal SIGKI")
        XCTAssertEqual(completion.candidates, ["SIGKILL"])
        XCTAssertEqual(completion.insertion, "LL ")
    }

    func testPaths() throws {
        try directory.makeDirectories("rootfs/bin")
        try directory.makeDirectories("roots")
        try directory.makeDirectories("my dir")
        try directory.write("", to: "readme.txt")
        try directory.write("", to: ".hidden")
        let base = directory.path
        check([
            Case("rootfs use \(base)/rootf", "s/", ["\(base)/rootfs/"]),
            Case("rootfs use \(base)/ro", "ot", ["\(base)/rootfs/", "\(base)/roots/"]),
            Case("rootfs use \(base)/rootfs/", "bin/", ["\(base)/rootfs/bin/"]),
            Case("rootfs make busybox \(base)/re", "", []),
            Case("rootfs use oci:\(base)/rootf", "s/", ["oci:\(base)/rootfs/"]),
            Case("rootfs use oci:\(base)/re", "", []),
            Case("rootfs use docker-archive:\(base)/re", "adme.txt ", ["docker-archive:\(base)/readme.txt"]),
            Case("rootfs use oci-archive:\(base)/rootf", "s/", ["oci-archive:\(base)/rootfs/"]),
            Case("rootfs use \(base)/re", "adme.txt ", ["\(base)/readme.txt"]),
            Case("source \(base)/re", "adme.txt ", ["\(base)/readme.txt"]),
            Case("source \(base)/.h", "idden ", ["\(base)/.hidden"]),
            Case("rootfs use \(base)/my", "\\ dir/", ["\(base)/my dir/"]),
            Case("rootfs use \"\(base)/my", " dir/", ["\(base)/my dir/"]),
            Case("rootfs use '\(base)/my", " dir/", ["\(base)/my dir/"]),
            Case("source \"\(base)/my dir/", "", []),
            Case("source \"\(base)/rea", "dme.txt\" ", ["\(base)/readme.txt"]),
            Case("source '\(base)/rea", "dme.txt' ", ["\(base)/readme.txt"]),
            Case("source \(base)/my\\ dir/", "", []),
            Case("rootfs use \(base)/nothing/", "", []),
        ])
        XCTAssertFalse(complete("source \(base)/").candidates.contains("\(base)/.hidden"), "hidden files only when asked")
    }

    func testRelativePathsFromTheWorkingDirectory() throws {
        try directory.makeDirectories("rootfs")
        var saved = [CChar](repeating: 0, count: 4096)
        XCTAssertNotNil(getcwd(&saved, saved.count))
        XCTAssertEqual(chdir(directory.path), 0)
        defer { chdir(saved) }
        check([
            Case("rootfs use ./ro", "otfs/", ["./rootfs/"]),
            Case("rootfs use ro", "otfs/", ["rootfs/"]),
        ])
    }

    func testProgramsInsideTheContainersRoot() throws {
        try directory.makeDirectories("bin")
        try directory.write("", to: "bin/busybox", mode: 0o755)
        try session.compose("test") { spec in spec.rootfs = RootfsSpec(path: directory.path) }
        check([
            Case("exec /bin/bu", "sybox ", ["/bin/busybox"]),
            Case("exec bu", "sybox ", ["busybox"]),  // issue 18: the first word is looked for in the container's PATH
            Case("exec -it bu", "sybox ", ["busybox"]),
            Case("exec busybox bu", "", []),  // an argument, not a program
            Case("exec -- bu", "sybox ", ["busybox"]),
            Case("run /b", "in/", ["/bin/"]),
        ])
    }

    /// The container's PATH is looked up inside its root: a PATH directory
    /// that is a symlink out of the root (absolute, or climbing with `..`)
    /// stays inside it, and the host's programs are never offered.
    func testPathSearchStaysInsideTheRoot() throws {
        try directory.makeDirectories("root/usr/bin")
        try directory.makeDirectories("outside")
        try directory.write("", to: "outside/hostonly-program", mode: 0o755)
        try directory.write("", to: "root/usr/bin/hostinside", mode: 0o755)
        try directory.write("", to: "root/usr/bin/hostdata", mode: 0o644)
        XCTAssertEqual(symlink("usr/bin", directory.path + "/root/bin"), 0)
        XCTAssertEqual(symlink(directory.path + "/outside", directory.path + "/root/sbin"), 0)
        XCTAssertEqual(symlink("../../outside", directory.path + "/root/usr/sbin"), 0)
        try session.compose("test") { spec in
            spec.rootfs = RootfsSpec(path: directory.path + "/root")
            spec.setEnvironment("PATH", "/sbin:/usr/sbin:/bin:/usr/local/bin")
        }
        check([
            Case("exec host", "inside ", ["hostinside"]),
            Case("exec hosto", "", []),
            // A path typed whole is looked up the same way.
            Case("exec /bin/host", "", ["/bin/hostdata", "/bin/hostinside"]),
            Case("exec /sbin/host", "", []),
            Case("exec /usr/sbin/", "", []),
        ])
    }

    /// An image's PATH may name one directory a million times: TAB reads
    /// a bounded number of entries over all of PATH, and answers.
    func testAPathNamingADirectoryAMillionTimesStillAnswers() throws {
        try directory.makeDirectories("root/bin")
        for number in 0..<2_000 { try directory.write("", to: "root/bin/tool\(number)", mode: 0o755) }
        let searchPath = Array(repeating: "/bin", count: 1_000_000).joined(separator: ":")
        let root = directory.path + "/root"
        final class Found: @unchecked Sendable { var names: [String] = [] }
        let found = Found()
        let answered = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            found.names = ProgramSearch.programs(startingWith: "tool", searchPath: searchPath, root: root)
            answered.signal()
        }
        // A bound on a hang, not a speed: each of the million reads the whole directory.
        XCTAssertEqual(answered.wait(timeout: .now() + 60), .success, "TAB did not answer")
        XCTAssertEqual(found.names.count, 2_000)
    }

    func testNothingInsideACommentOrAfterAnUnknownCommand() {
        check([
            Case("echo a # cg", "", []),
            Case("nosuch a", "", []),
            Case("echo ", "", []),
        ])
    }
}
