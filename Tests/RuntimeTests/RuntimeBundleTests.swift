@testable import CtrRuntime
import FoundationEssentials
import Glibc
import TestSupport
import XCTest

/// OCI runtime bundles as data: a spec exported to a config.json and read
/// back is the same spec; `runc spec` and `crun spec` configs import with
/// the namespaces they list; every field ctrsh cannot represent is named;
/// and a config.json that is not JSON, or has a field of the wrong type,
/// is refused naming the file and the line and column or the field.
final class RuntimeBundleTests: XCTestCase {
    private let file = "/srv/bundle/config.json"

    private func context(_ version: CgroupVersion? = .v1) -> RuntimeBundleImport.Context {
        RuntimeBundleImport.Context(bundleDirectory: "/srv/bundle", cgroupVersion: version, callerUID: 0, callerGID: 0)
    }

    /// A spec using every part export maps.
    private func composedSpec() -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .uts, .ipc, .mnt, .net]
        spec.hostname = "box"
        spec.rootfs = RootfsSpec(path: "/srv/root", readonly: true)
        spec.mounts = [
            MountSpec(source: .bind("/srv/data"), destination: "/data", readonly: true),
            MountSpec(source: .bind("/srv/log"), destination: "/var/log"),
            MountSpec(source: .tmpfs(size: 16 << 20), destination: "/scratch"),
            MountSpec(source: .tmpfs(size: nil), destination: "/run", readonly: true),
        ]
        spec.cgroup.memory = .bytes(64 << 20)
        spec.cgroup.memorySwap = .bytes(32 << 20)
        spec.cgroup.pids = 20
        spec.cgroup.cpu = CPULimit(cpus: 0.5)
        spec.cgroup.cpuset = "0"
        spec.cgroup.ioWeight = 300
        spec.setEnvironment("GREETING", "hello world")
        spec.workdir = "/srv"
        spec.capabilities = ["chown", "kill", "net_bind_service"]
        spec.noNewPrivileges = false
        return spec
    }

    private func export(_ spec: ContainerSpec, version: CgroupVersion? = .v1, rootPath: String = "/srv/root") -> (RuntimeBundleConfig, [BundleExportNote]) {
        var options = RuntimeBundleExport.Options(argv: ["/bin/sh", "-c", "echo $$"], callerUID: 0, callerGID: 0)
        options.rootPath = rootPath
        options.cgroupsPath = RuntimeBundleExport.cgroupsPathPrefix + "default"
        options.cgroupVersion = version
        return RuntimeBundleExport.config(for: spec, options: options)
    }

    private func encode(_ config: RuntimeBundleConfig) throws -> [UInt8] {
        Array(try JSONEncoder().encode(config))
    }

    private func load(_ text: String, version: CgroupVersion? = .v1) throws(RuntimeError) -> RuntimeBundleImport.Result {
        try RuntimeBundleImport.load(Array(text.utf8), file: file, context: context(version))
    }

    /// What a config is refused for; nil when it is accepted.
    private func refusal(_ text: String) -> ImageProblem? {
        do {
            _ = try load(text)
            return nil
        } catch {
            guard case .image(let problem) = error else { XCTFail("\(error)"); return nil }
            return problem
        }
    }

    // MARK: - Export

    func testExportDescribesWhatCtrshDoes() throws {
        let (config, notes) = export(composedSpec())
        XCTAssertEqual(notes, [])
        XCTAssertEqual(config.ociVersion, "1.0.2")
        XCTAssertEqual(config.hostname, "box")
        XCTAssertEqual(config.root, RuntimeBundleConfig.Root(path: "/srv/root", readonly: true))
        let process = try XCTUnwrap(config.process)
        XCTAssertEqual(process.args, ["/bin/sh", "-c", "echo $$"])
        XCTAssertEqual(process.terminal, false)
        XCTAssertEqual(process.user, RuntimeBundleConfig.User(uid: 0, gid: 0))
        XCTAssertEqual(process.cwd, "/srv")
        XCTAssertEqual(process.env?.last, "GREETING=hello world")
        XCTAssertEqual(process.noNewPrivileges, false)
        let capabilities = ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
        for set in [\RuntimeBundleConfig.Capabilities.bounding, \.effective, \.permitted, \.inheritable] {
            XCTAssertEqual(process.capabilities?[keyPath: set], capabilities)
        }
        XCTAssertNil(process.capabilities?.ambient)
        let linux = try XCTUnwrap(config.linux)
        XCTAssertEqual(linux.namespaces?.map(\.type), ["pid", "uts", "ipc", "network", "mount"])
        XCTAssertEqual(linux.cgroupsPath, "ctrsh-oci-default")
        XCTAssertEqual(linux.resources?.memory?.limit?.value, 64 << 20)
        XCTAssertEqual(linux.resources?.memory?.swap?.value, 96 << 20, "swap counts memory too")
        XCTAssertEqual(linux.resources?.pids?.limit.value, 20)
        XCTAssertEqual(linux.resources?.cpu?.quota?.value, 50_000)
        XCTAssertEqual(linux.resources?.cpu?.period?.value, 100_000)
        XCTAssertEqual(linux.resources?.cpu?.cpus, "0")
        XCTAssertEqual(linux.resources?.blockIO?.weight?.value, 300)
        XCTAssertNil(linux.resources?.unified)
        XCTAssertEqual(linux.maskedPaths?.first, "/proc/acpi")
        XCTAssertEqual(linux.maskedPaths, ProtectedKernelPaths.masked)
        XCTAssertEqual(linux.readonlyPaths, ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
        XCTAssertNil(linux.uidMappings)
        let seccomp = try XCTUnwrap(linux.seccomp)
        XCTAssertEqual(seccomp.defaultAction, "SCMP_ACT_ALLOW")
        XCTAssertEqual(seccomp.architectures, [RuntimeBundleSeccomp.ociName(of: try XCTUnwrap(SeccompArchitecture.native))])
        let rules = seccomp.syscalls ?? []
        XCTAssertEqual(rules.first?.action, "SCMP_ACT_ERRNO")
        XCTAssertEqual(rules.first?.errnoRet?.value, UInt32(EPERM))
        XCTAssertTrue(rules.first?.names.contains("keyctl") == true, "\(rules)")
        XCTAssertEqual(rules.first { $0.names == ["clone3"] }?.errnoRet?.value, UInt32(ENOSYS))
        let clone = rules.filter { $0.names == ["clone"] }
        XCTAssertEqual(clone.count, 7, "one rule per CLONE_NEW* flag")
        XCTAssertEqual(clone.compactMap { $0.args?.first?.value.value }.reduce(0, |), SeccompSyscall.namespaceFlags)
        XCTAssertTrue(clone.allSatisfy { $0.args?.first?.op == "SCMP_CMP_MASKED_EQ" && $0.args?.first?.valueTwo == $0.args?.first?.value })
        // ioctl: TIOCSTI and TIOCLINUX on the second argument, socket: AF_VSOCK on the first, low 32 bits each.
        let ioctl = rules.filter { $0.names == ["ioctl"] }.compactMap(\.args?.first)
        XCTAssertEqual(ioctl.map(\.index.value), [1, 1])
        XCTAssertEqual(ioctl.compactMap(\.valueTwo?.value), [0x5412, 0x541C])
        XCTAssertTrue(ioctl.allSatisfy { $0.op == "SCMP_CMP_MASKED_EQ" && $0.value.value == 0xFFFF_FFFF })
        let socket = rules.filter { $0.names == ["socket"] }.compactMap(\.args?.first)
        XCTAssertEqual(socket.map { [$0.index.value, UInt32($0.valueTwo?.value ?? 0)] }, [[0, 40]])
        XCTAssertFalse(rules.contains { ($0.names.contains("ioctl") || $0.names.contains("socket")) && $0.args == nil },
                       "ioctl and socket are refused only with their arguments")
        var open = composedSpec()
        open.seccomp = .off
        XCTAssertNil(export(open).0.linux?.seccomp)
        open.seccomp = .default
        open.capabilities.append("sys_admin")
        XCTAssertFalse(export(open).0.linux?.seccomp?.syscalls?.contains { $0.names.contains("mount") } ?? true,
                       "sys_admin gives mount back, as in ctrsh's own filter")
        XCTAssertEqual(config.mounts?.map(\.destination), [
            "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/data", "/var/log", "/scratch", "/run",
        ])
        XCTAssertEqual(config.mounts?[6], .init(destination: "/data", type: "bind", source: "/srv/data", options: ["rbind", "rro"]))
        XCTAssertEqual(config.mounts?[7].options, ["rbind"])
        XCTAssertEqual(config.mounts?[8].options, ["nosuid", "nodev", "mode=1777", "size=16777216"])
        XCTAssertEqual(config.mounts?[9].options, ["nosuid", "nodev", "mode=1777", "ro"])
    }

    func testExportNamesWhatRuntimeSpecCannotCarry() {
        var spec = composedSpec()
        spec.loopbackUp = true
        spec.veth = try? VethSpec(parsing: "10.200.1.2/24")
        spec.cgroup.ioWeight = 5000
        spec.cgroup.raw = [RawCgroupSetting(file: "memory.swappiness", value: "0")]
        spec.cgroup.memory = nil
        let (config, notes) = export(spec)
        XCTAssertEqual(notes, [
            .swapWithoutMemory, .ioWeightOutOfRange(5000), .cgroupFileOnV1("memory.swappiness"), .networkUp,
            .networkVeth(container: "10.200.1.2/24"),
        ])
        XCTAssertNil(config.linux?.resources?.memory)
        XCTAssertNil(config.linux?.resources?.blockIO)
        let (v2, v2Notes) = export(spec, version: .v2)
        XCTAssertEqual(v2.linux?.resources?.unified, ["io.weight": "5000", "memory.swappiness": "0"])
        XCTAssertEqual(v2Notes.count, 3, "\(v2Notes)")
    }

    func testUserNamespaceGetsTheMapsCtrshWrites() {
        var spec = composedSpec()
        spec.namespaces.insert(.user)
        let options = RuntimeBundleExport.Options(argv: ["sh"], callerUID: 1000, callerGID: 1001)
        var linux = RuntimeBundleExport.config(for: spec, options: options).config.linux
        XCTAssertEqual(linux?.uidMappings, [.init(containerID: 0, hostID: 1000, size: 1)], "the caller as root")
        XCTAssertEqual(linux?.gidMappings, [.init(containerID: 0, hostID: 1001, size: 1)])
        spec.uidMappings = [IDMapping(containerID: 0, hostID: 100_000, count: 65536)]
        spec.gidMappings = [IDMapping(containerID: 0, hostID: 200_000, count: 1000), IDMapping(containerID: 1000, hostID: 1001, count: 1)]
        linux = RuntimeBundleExport.config(for: spec, options: options).config.linux
        XCTAssertEqual(linux?.uidMappings, [.init(containerID: 0, hostID: 100_000, size: 65536)])
        XCTAssertEqual(linux?.gidMappings, [.init(containerID: 0, hostID: 200_000, size: 1000), .init(containerID: 1000, hostID: 1001, size: 1)])
    }

    // MARK: - Round trip

    func testExportThenImportKeepsTheSpec() throws {
        var specs: [(String, ContainerSpec, CgroupVersion?)] = [("composed", composedSpec(), .v1)]
        var joined = composedSpec()
        joined.namespaces.remove(.net)
        joined.joins = [JoinedNamespace(kind: .net, path: "/proc/4242/ns/net", target: "/proc/4242/ns/net")]
        specs.append(("joined", joined, .v1))
        var user = composedSpec()
        user.namespaces.insert(.user)
        specs.append(("user, caller as root", user, .v1))
        user.uidMappings = [IDMapping(containerID: 0, hostID: 100_000, count: 65536)]
        specs.append(("user, uids mapped", user, .v1))
        user.gidMappings = [IDMapping(containerID: 0, hostID: 100_000, count: 65536), IDMapping(containerID: 70000, hostID: 5, count: 1)]
        specs.append(("user, uids and gids mapped", user, .v1))
        var v2 = composedSpec()
        v2.cgroup.ioWeight = 8000
        v2.cgroup.raw = [RawCgroupSetting(file: "memory.high", value: "33554432")]
        specs.append(("cgroup v2", v2, .v2))
        var noFilter = composedSpec()
        noFilter.seccomp = .off
        noFilter.capabilities = Capability.names
        specs.append(("seccomp off, every capability", noFilter, .v1))
        var unlimited = composedSpec()
        unlimited.cgroup.memory = .unlimited
        unlimited.cgroup.memorySwap = .unlimited
        unlimited.workdir = nil
        specs.append(("no limits", unlimited, nil))
        var kvm = composedSpec()
        kvm.devices.rules.append(DeviceRule(.char, major: 10, minor: 232, [.read, .write]))
        kvm.devices.rules.append(DeviceRule(.char, major: 1, minor: nil, .write, allow: false))
        specs.append(("another device list", kvm, .v1))
        for (name, spec, version) in specs {
            let (config, _) = export(spec, version: version)
            let result = try RuntimeBundleImport.load(try encode(config), file: file, context: context(version))
            XCTAssertEqual(result.spec, spec, name)
            XCTAssertEqual(result.notes, [.processArgs(["/bin/sh", "-c", "echo $$"])], name)
        }
        let (relative, _) = export(composedSpec(), rootPath: "rootfs")
        let result = try RuntimeBundleImport.load(try encode(relative), file: file, context: context())
        XCTAssertEqual(result.spec.rootfs?.path, "/srv/bundle/rootfs", "root.path is relative to the bundle")
    }

    /// Export writes "deny everything" and then the rules, as runc and
    /// crun take them; import drops that leading denial and appends the
    /// Docker rules a list lacks, as runc does, and names a rule it cannot read.
    func testDeviceAllowListGoesOutAndComesBackAsRuncReadsIt() throws {
        let (config, _) = export(ContainerSpec())
        let devices = try XCTUnwrap(config.linux?.resources?.devices)
        XCTAssertEqual(devices.first, RuntimeBundleConfig.DeviceCgroupRule(allow: false, access: "rwm"))
        XCTAssertEqual(devices.count, 12)
        XCTAssertEqual(devices[3], RuntimeBundleConfig.DeviceCgroupRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm"))
        XCTAssertEqual(devices[9], RuntimeBundleConfig.DeviceCgroupRule(allow: true, type: "c", major: 136, access: "rwm"))

        let result = try load("""
            {"ociVersion": "1.0.2", "linux": {"resources": {"devices": [
                {"allow": false, "access": "rwm"},
                {"allow": true, "type": "c", "major": 10, "minor": 232, "access": "rw"},
                {"allow": true, "type": "c", "major": -1, "minor": 5},
                {"allow": true, "type": "x", "access": "rwm"},
                {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwz"}
            ]}}}
            """)
        XCTAssertEqual(result.spec.devices.rules, [
            DeviceRule(.char, major: 10, minor: 232, [.read, .write]),
            DeviceRule(.char, major: nil, minor: 5, .all),
        ] + DevicePolicy.dockerDefault.rules)
        XCTAssertEqual(result.notes.filter { if case .deviceRule = $0 { true } else { false } }, [.deviceRule(index: 3), .deviceRule(index: 4)])
        XCTAssertEqual(try load(#"{"ociVersion": "1.0.2"}"#).spec.devices, .dockerDefault, "no list: Docker's")
    }

    // MARK: - runc's and crun's own configs

    func testRuncAndCrunSpecImportWithTheNamespacesTheyList() throws {
        for runtime in ["runc", "crun"] {
            let candidates: [String] = ["/usr/sbin/" + runtime, "/usr/bin/" + runtime]
            guard let program = candidates.first(where: { access($0, X_OK) == 0 }) else {
                throw XCTSkip("\(runtime) is not installed (scripts/install-deps installs it)")
            }
            let directory = try TemporaryDirectory(prefix: "ctrtest-\(runtime)-spec-")
            defer { directory.remove() }
            _ = try HostProgram.output(["/bin/sh", "-c", "cd \"$1\" && \"$2\" spec", "spec", directory.path, program])
            let bytes = Array(try directory.read("config.json").utf8)
            let listed = try JSONDecoder().decode(ListedNamespaces.self, from: Data(bytes)).linux.namespaces.map(\.type)
            let context = RuntimeBundleImport.Context(bundleDirectory: directory.path, cgroupVersion: .v1, callerUID: 0, callerGID: 0)
            let result = try RuntimeBundleImport.load(bytes, file: directory.path + "/config.json", context: context)
            XCTAssertEqual(Set(result.spec.namespaces.map(\.ociName)), Set(listed), runtime)
            XCTAssertEqual(result.spec.namespaces.count, listed.count, runtime)
            XCTAssertEqual(result.spec.hostname, runtime)
            XCTAssertEqual(result.spec.rootfs, RootfsSpec(path: directory.path + "/rootfs", readonly: true))
            XCTAssertEqual(result.spec.capabilities, ["kill", "net_bind_service", "audit_write"])
            XCTAssertEqual(result.spec.env.map(\.name), ["PATH", "TERM"])
            XCTAssertTrue(result.spec.noNewPrivileges)
            XCTAssertEqual(result.spec.mounts, [])
            XCTAssertEqual(result.spec.seccomp, .off, "no linux.seccomp: no filter")
            XCTAssertEqual(result.spec.devices, .dockerDefault, "deny everything, and the runtime adds Docker's list")
            XCTAssertEqual(result.notes.count, 6, "\(runtime): \(result.notes)")
            XCTAssertTrue(result.notes.contains { if case .protectedPaths(.masked, _, _) = $0 { true } else { false } }, "\(result.notes)")
            for note in [BundleImportNote.cgroupMount(MountField(index: 6, destination: "/sys/fs/cgroup")), .processArgs(["sh"]),
                         .ambientCleared, .capabilitySetDiffers("inheritable"), .unmapped(field: "process.rlimits", pattern: "process.rlimits")] {
                XCTAssertTrue(result.notes.contains(note), "\(runtime): \(note) in \(result.notes)")
            }
        }
    }

    private struct ListedNamespaces: Decodable {
        struct Linux: Decodable { var namespaces: [Namespace] }
        struct Namespace: Decodable { var type: String }
        var linux: Linux
    }

    // MARK: - What cannot be represented

    func testEveryUnrepresentableFieldIsNamedOnce() throws {
        let result = try load("""
            {"ociVersion": "1.1.0", "hooks": {"prestart": [{"path": "/bin/true"}]}, "annotations": {},
             "domainname": "example", "zzz": 1,
             "process": {"args": ["it's", "a b"], "cwd": "/work", "user": {"uid": 1000, "gid": 100, "additionalGids": [5]},
                         "apparmorProfile": "p", "rlimits": [], "oomScoreAdj": 0, "env": ["A=1", "broken"],
                         "capabilities": {"bounding": ["CAP_KILL", "CAP_NOPE"], "effective": ["CAP_KILL"]}},
             "root": {"path": "../other/root"},
             "hostname": "lonely",
             "mounts": [{"destination": "/data", "type": "bind", "source": "data", "options": ["rbind", "nosuid", "ro"]},
                        {"destination": "/nfs", "type": "nfs", "source": "server:/x"},
                        {"destination": "/t", "type": "tmpfs", "options": ["size=65536k", "noexec"]},
                        {"destination": "/data", "type": "tmpfs"},
                        {"destination": "/proc", "type": "proc", "options": ["ro"]}],
             "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "pid"}, {"type": "bogus"},
                                      {"type": "user", "path": "/proc/1/ns/user"}, {"type": "network", "path": "/run/netns/a"}],
                       "seccomp": {"defaultAction": "SCMP_ACT_ALLOW"}, "sysctl": {"net.ipv4.ip_forward": "1"},
                       "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
                       "resources": {"memory": {"limit": 1048576, "swap": 1024, "reservation": 1}, "cpu": {"shares": 1024},
                                     "unified": {"memory.high": "1M"}},
                       "cgroupsPath": "/mine", "maskedPaths": ["/proc/kcore"], "readonlyPaths": []}}
            """)
        assertNotes(result.notes, [
            .unmapped(field: "domainname", pattern: "domainname"), .unmapped(field: "hooks", pattern: "hooks"),
            .unmapped(field: "linux.resources.cpu.shares", pattern: "linux.resources.cpu.shares"),
            .unmapped(field: "linux.sysctl", pattern: "linux.sysctl"),
            .unmapped(field: "process.apparmorProfile", pattern: "process.apparmorProfile"),
            .unmapped(field: "process.oomScoreAdj", pattern: "process.oomScoreAdj"),
            .unmapped(field: "process.user.additionalGids", pattern: "process.user.additionalGids"),
            .unmapped(field: "zzz", pattern: "zzz"),
            .hostnameWithoutUTS("lonely"), .cgroupsPath("/mine"),
            .protectedPaths(.masked, notDone: [], alsoDone: ProtectedKernelPaths.masked.filter { $0 != "/proc/kcore" }),
            .namespaceTwice(index: 2, type: "pid"), .namespaceTypeUnknown(index: 3, type: "bogus"),
            .namespaceNotJoinable(index: 4, type: "user", path: "/proc/1/ns/user", ofAnotherRoot: false),
            .mountNamespaceAdded, .protectedPaths(.readonly, notDone: [], alsoDone: ProtectedKernelPaths.readonly),
            .swapWithoutMemory(1024), .unifiedWithoutV2(files: ["memory.high"], cgroupV1: true), .seccompProfileDiffers,
            .idMapsWithoutUserNamespace,
            .bindOptions(MountField(index: 0, destination: "/data"), ["nosuid"]),
            .mountType(MountField(index: 1, destination: "/nfs"), type: "nfs"),
            .tmpfsOptions(MountField(index: 2, destination: "/t"), ["noexec"]),
            .mountTwice(MountField(index: 3, destination: "/data"), destination: "/data"),
            .processArgs(["it's", "a b"]), .capabilitiesUnknown(["CAP_NOPE"]),
            .capabilitySetDiffers("inheritable"), .capabilitySetDiffers("permitted"),
            .envNotNameValue(index: 1, entry: "broken"), .processUser(uid: 1000, gid: 100),
        ])
        let spec = result.spec
        XCTAssertEqual(spec.namespaces, [.pid, .ipc, .mnt])
        XCTAssertEqual(spec.joins, [JoinedNamespace(kind: .net, path: "/run/netns/a", target: "/run/netns/a")])
        XCTAssertNil(spec.hostname)
        XCTAssertEqual(spec.cgroup.memoryReservation, .bytes(1), "`cgroup set memory.reservation` since it is in the limits table")
        XCTAssertEqual(spec.rootfs, RootfsSpec(path: "/srv/other/root"))
        XCTAssertEqual(spec.workdir, "/work")
        XCTAssertEqual(spec.env, [EnvironmentVariable(name: "A", value: "1")])
        XCTAssertEqual(spec.capabilities, ["kill"])
        XCTAssertFalse(spec.noNewPrivileges)
        XCTAssertEqual(spec.seccomp, .default)
        XCTAssertEqual(spec.mounts, [
            MountSpec(source: .bind("/srv/bundle/data"), destination: "/data", readonly: true),
            MountSpec(source: .tmpfs(size: 64 << 20), destination: "/t"),
        ])
        XCTAssertEqual(spec.cgroup.memory, .bytes(1 << 20))
        XCTAssertNil(spec.cgroup.memorySwap)
        XCTAssertEqual(spec.cgroup.raw, [])
    }

    func testAConfigWithOnlyTheVersionIsAnEmptySpec() throws {
        let result = try load(#"{"ociVersion": "1.0.0", "hooks": {}, "annotations": null}"#)
        XCTAssertEqual(result.notes, [.processMissing])
        XCTAssertEqual(result.spec, ContainerSpec())
    }

    // MARK: - Bad input

    func testTextThatIsNotJSONIsRefusedWithItsPosition() {
        let cases: [(String, Int, Int, JSONSyntaxProblem.Kind)] = [
            ("", 1, 1, .expectedValue(found: .endOfFile)),
            ("{\n  \"ociVersion\": \"1.0.2\",\n  \"process\": {\"args\": [\"sh\"\n}", 4, 1, .expectedCommaOrBracket(found: .character("}"))),
            ("{\"ociVersion\": \"1.0.2\", 7}", 1, 25, .expectedMemberName(found: .character("7"))),
            ("{\"ociVersion\": '1.0.2'}", 1, 16, .expectedValue(found: .character("'"))),
            ("{\"ociVersion\" \"1.0.2\"}", 1, 15, .expectedColon(found: .character("\""))),
            ("{\"ociVersion\": \"1.0", 1, 20, .unclosedString),
            ("{\"ociVersion\": \"a\tb\"}", 1, 18, .controlCharacter(9)),
            ("{\"ociVersion\": \"1\\q\"}", 1, 19, .unknownEscape(found: .character("q"))),
            ("{\"ociVersion\": \"1\"} x", 1, 21, .trailingText(found: .character("x"))),
            ("{\"ociVersion\": -x}", 1, 17, .expectedDigit(found: .character("x"))),
            ("{\"ociVersion\": tru}", 1, 19, .expectedLiteral("true", found: .character("}"))),
            ("{\"a\": " + String(repeating: "[", count: 600), 1, 518, .tooDeep(512)),
            ("\u{7F}", 1, 1, .expectedValue(found: .byte(0x7f))),
            // JSONDecoder takes these; ctrsh's strict grammar does not.
            ("{\"ociVersion\": \"1.0.2\",\n}", 2, 1, .expectedMemberName(found: .character("}"))),
            ("{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"sh\",]}}", 1, 51, .expectedValue(found: .character("]"))),
            ("{\"ociVersion\": \"1\", \"hostname\": \"a\\u0000b\"}", 1, 35, .nulCharacter),
            ("{\"ociVersion\": \"1\", \"hostname\": \"\\ud800\"}", 1, 34, .loneHighSurrogate("d800")),
            ("{\"ociVersion\": \"1\", \"hostname\": \"\\ud800\\u0041\"}", 1, 34, .loneHighSurrogate("d800")),
            ("{\"ociVersion\": \"1\", \"hostname\": \"x\\udc00\"}", 1, 35, .loneLowSurrogate("dc00")),
        ]
        for (text, line, column, kind) in cases {
            XCTAssertEqual(refusal(text), .configNotJSON(file: file, JSONSyntaxProblem(line: line, column: column, kind: kind)), text)
        }
        XCTAssertEqual(JSONSyntaxLocator.firstProblem(in: Array(#"{"a": [1, -2.5e+3, "\u00e9é\ud83d\ude00", true, null, {}]}"#.utf8)), nil)
    }

    func testLimitsNoRuntimeCouldUseAreRefusedByName() throws {
        let cases: [(String, ConfigValueProblem)] = [
            (#"{"memory": {"limit": -5}}"#, .limit(field: "linux.resources.memory.limit", value: -5, unit: .bytes)),
            (#"{"memory": {"limit": 1048576, "swap": -2}}"#, .limit(field: "linux.resources.memory.swap", value: -2, unit: .bytes)),
            (#"{"pids": {"limit": -7}}"#, .limit(field: "linux.resources.pids.limit", value: -7, unit: .processes)),
            (#"{"cpu": {"quota": 50000, "period": 0}}"#, .cpuPeriod(0)),
            (#"{"cpu": {"period": 5000000}}"#, .cpuPeriod(5_000_000)),
            (#"{"cpu": {"quota": -3}}"#, .limit(field: "linux.resources.cpu.quota", value: -3, unit: .microseconds)),
            (#"{"blockIO": {"weight": 5000}}"#, .blockIOWeight(5000)),
        ]
        for (resources, expected) in cases {
            XCTAssertEqual(refusal(#"{"ociVersion": "1.0.2", "linux": {"resources": "# + resources + "}}"),
                           .inConfig(file: file, .image(.configValue(expected))), resources)
        }
        let none = try load(#"{"ociVersion": "1.0.2", "linux": {"resources": {"memory": {"limit": -1}, "cpu": {"quota": -1, "period": 100000}, "pids": {"limit": 0}}}}"#)
        XCTAssertEqual(none.spec.cgroup.memory, .unlimited)
        XCTAssertNil(none.spec.cgroup.cpu)
        XCTAssertNil(none.spec.cgroup.pids)
    }

    func testFieldsOfTheWrongTypeAreRefusedByName() {
        let cases: [(String, ConfigDecodeProblem)] = [
            ("[]", .expected(field: nil, .object, found: .list)),
            ("{}", .missing(field: "ociVersion")),
            (#"{"ociVersion": 1}"#, .expected(field: "ociVersion", .string, found: .number)),
            (#"{"ociVersion": "1", "process": {"args": ["sh", 3]}}"#, .expected(field: "process.args[1]", .string, found: .number)),
            (#"{"ociVersion": "1", "process": {"user": {"uid": -1, "gid": 0}}}"#, .notWholeNumber(field: "process.user.uid", min: "0", max: "4294967295")),
            (#"{"ociVersion": "1", "process": {"user": {"uid": 1.5, "gid": 0}}}"#, .notWholeNumber(field: "process.user.uid", min: "0", max: "4294967295")),
            (#"{"ociVersion": "1", "process": {"user": {"uid": "0", "gid": 0}}}"#, .expected(field: "process.user.uid", .wholeNumber, found: .string)),
            (#"{"ociVersion": "1", "process": {"user": {"uid": 0}}}"#, .missing(field: "process.user.gid")),
            (#"{"ociVersion": "1", "process": {"terminal": "yes"}}"#, .expected(field: "process.terminal", .bool, found: .string)),
            (#"{"ociVersion": "1", "root": {"path": null}}"#, .expected(field: "root.path", .string, found: .null)),
            (#"{"ociVersion": "1", "mounts": {"destination": "/x"}}"#, .expected(field: "mounts", .list, found: .object)),
            (#"{"ociVersion": "1", "linux": {"namespaces": [{"type": 5}]}}"#, .expected(field: "linux.namespaces[0].type", .string, found: .number)),
            (#"{"ociVersion": "1", "linux": {"resources": {"memory": {"limit": "64M"}}}}"#,
             .expected(field: "linux.resources.memory.limit", .wholeNumber, found: .string)),
            (#"{"ociVersion": "1", "linux": {"resources": {"blockIO": {"weight": 70000}}}}"#,
             .notWholeNumber(field: "linux.resources.blockIO.weight", min: "0", max: "65535")),
            (#"{"ociVersion": "1", "linux": {"resources": {"unified": {"memory.high": 5}}}}"#,
             .expected(field: "linux.resources.unified.memory.high", .string, found: .number)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(refusal(text), .configInvalid(file: file, expected), text)
        }
    }

    /// Random damage to a real config is refused or read, never a crash.
    func testDamagedConfigsNeverCrashTheReader() throws {
        let (config, _) = export(composedSpec())
        let original = try encode(config)
        var random = SplitMix(seed: 0x0c1_b0d1e)
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0...random.below(4) {
                let index = random.below(bytes.count)
                switch random.next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: index)
                default: bytes = Array(bytes[..<index])
                }
                if bytes.isEmpty { break }
            }
            do throws(RuntimeError) {
                _ = try RuntimeBundleImport.load(bytes, file: file, context: context())
            } catch {
                switch error {
                case .image(.configNotJSON(file, _)), .image(.inConfig(file, _)): break
                case .image(.configInvalid(file, let problem)):
                    if case .notValidJSON = problem { XCTFail("no position for: \(String(decoding: bytes, as: UTF8.self))") }
                default: XCTFail("\(error)")
                }
            }
        }
    }

    /// The notes are `expected`, in any order.
    private func assertNotes(_ notes: [BundleImportNote], _ expected: [BundleImportNote], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(notes.count, expected.count, "\(notes)", file: file, line: line)
        for note in expected { XCTAssertTrue(notes.contains(note), "\(note) in \(notes)", file: file, line: line) }
    }
}
