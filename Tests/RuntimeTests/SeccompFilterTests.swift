import CLinux
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The deny-list table against the kernel's own headers, and the BPF
/// program built from it, run for both architectures by a small classic-BPF
/// interpreter (the kernel runs the x86_64 one in SeccompTests; nothing here
/// can run the aarch64 one for real).
final class SeccompFilterTests: XCTestCase {
    private let allowed: UInt32 = 0x7FFF_0000
    private let killed: UInt32 = 0x8000_0000
    private func refused(_ code: Int32) -> UInt32 { 0x0005_0000 | UInt32(code) }

    // MARK: - The table

    /// `#define __NR_name N` lines of a kernel header.
    private func numbers(in header: String) throws -> [String: Int32] {
        try Privileges.require(access(header, R_OK) == 0, "no \(header) (Debian's linux-libc-dev) to check the numbers against")
        var numbers: [String: Int32] = [:]
        for line in try FileText.read(header).split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count == 3, words[0] == "#define", words[1].hasPrefix("__NR_"), let number = Int32(words[2]) else { continue }
            numbers[String(words[1].dropFirst(5))] = number
        }
        return numbers
    }

    func testX86NumbersAreTheKernelHeaders() throws {
        let header = try numbers(in: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h")
        for call in SeccompSyscall.deniedByDefault {
            XCTAssertEqual(call.x86_64, header[call.name], call.name)
        }
    }

    func testAarch64NumbersAreTheGenericKernelHeaders() throws {
        let header = try numbers(in: "/usr/include/asm-generic/unistd.h")
        for call in SeccompSyscall.deniedByDefault {
            XCTAssertEqual(call.aarch64, header[call.name], call.name)
        }
    }

    func testNamesAreUniqueAndCapabilitiesReal() {
        let names = SeccompSyscall.deniedByDefault.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for call in SeccompSyscall.deniedByDefault {
            for capability in call.allowedWith {
                XCTAssertNotNil(Capability.number(of: capability), "\(call.name): \(capability)")
            }
        }
    }

    func testTheDefaultCapabilitiesGiveNoCallBackAndSysAdminGivesMountBack() {
        let standard = SeccompProfile.standard(keeping: Capability.dockerDefault).rules.map(\.name)
        XCTAssertEqual(standard, SeccompSyscall.deniedByDefault.map(\.name), "Docker's 14 allow none of the listed calls")
        let admin = SeccompProfile.standard(keeping: Capability.dockerDefault + ["sys_admin"]).rules.map(\.name)
        XCTAssertFalse(admin.contains("mount"))
        XCTAssertFalse(admin.contains("unshare"))
        XCTAssertTrue(admin.contains("keyctl"))
        XCTAssertTrue(admin.contains("pivot_root"), "Docker never allows pivot_root")
        XCTAssertNil(SeccompProfile.forMode(.off, keeping: []))
    }

    // MARK: - The program

    /// What the program returns for one call, as the kernel would run it.
    private func run(
        _ program: [ctr_bpf_instruction], arch: UInt32, number: UInt32, firstArgument: UInt64 = 0,
        secondArgument: UInt64 = 0, file: StaticString = #filePath, line: UInt = #line
    ) -> UInt32 {
        var accumulator: UInt32 = 0
        var counter = 0
        while counter < program.count {
            let instruction = program[counter]
            switch instruction.code {
            case 0x20:  // ld [k]
                switch instruction.k {
                case 0: accumulator = number
                case 4: accumulator = arch
                case 16: accumulator = UInt32(truncatingIfNeeded: firstArgument)
                case 24: accumulator = UInt32(truncatingIfNeeded: secondArgument)
                default:
                    XCTFail("load of offset \(instruction.k)", file: file, line: line)
                    return 0
                }
                counter += 1
            case 0x15: counter += 1 + Int(accumulator == instruction.k ? instruction.jt : instruction.jf)
            case 0x45: counter += 1 + Int(accumulator & instruction.k != 0 ? instruction.jt : instruction.jf)
            case 0x06: return instruction.k
            default:
                XCTFail("opcode \(instruction.code)", file: file, line: line)
                return 0
            }
        }
        XCTFail("the program ran off its end", file: file, line: line)
        return 0
    }

    private func program(_ architecture: SeccompArchitecture, keeping capabilities: [String] = Capability.dockerDefault) throws -> [ctr_bpf_instruction] {
        try SeccompFilter.program(for: .standard(keeping: capabilities), on: architecture)
    }

    func testEveryListedCallIsRefusedWithItsErrnoOnBothArchitectures() throws {
        for architecture in SeccompArchitecture.allCases {
            let filter = try program(architecture)
            XCTAssertLessThanOrEqual(filter.count, 4096, "BPF_MAXINSNS")
            for call in SeccompSyscall.deniedByDefault {
                guard let number = architecture.number(of: call) else { continue }
                var arguments: [UInt64] = [call.firstArgumentFlags ?? 0, 0]
                if let condition = call.argumentValues { arguments[condition.index] = UInt64(condition.values[0]) }
                XCTAssertEqual(
                    run(filter, arch: architecture.auditArch, number: UInt32(number), firstArgument: arguments[0],
                        secondArgument: arguments[1]),
                    refused(call.errno), "\(architecture) \(call.name)")
            }
        }
    }

    func testOtherCallsAreAllowed() throws {
        let x86 = try program(.x86_64)
        for number: UInt32 in [0, 1, 39, 59, 231] {  // read, write, getpid, execve, exit_group
            XCTAssertEqual(run(x86, arch: SeccompArchitecture.x86_64.auditArch, number: number), allowed, "x86_64 \(number)")
        }
        let arm = try program(.aarch64)
        for number: UInt32 in [63, 64, 172, 221, 94] {  // read, write, getpid, execve, exit_group
            XCTAssertEqual(run(arm, arch: SeccompArchitecture.aarch64.auditArch, number: number), allowed, "aarch64 \(number)")
        }
    }

    func testCloneIsRefusedOnlyWithANamespaceFlag() throws {
        for architecture in SeccompArchitecture.allCases {
            let filter = try program(architecture)
            let clone = UInt32(try XCTUnwrap(SeccompSyscall.deniedByDefault.first { $0.name == "clone" }.flatMap(architecture.number)))
            let fork: UInt64 = 0x0120_0011  // CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD, as glibc's fork
            XCTAssertEqual(run(filter, arch: architecture.auditArch, number: clone, firstArgument: fork), allowed)
            for kind in NamespaceKind.allCases where kind != .time {
                XCTAssertEqual(
                    run(filter, arch: architecture.auditArch, number: clone, firstArgument: fork | kind.cloneFlag),
                    refused(EPERM), "\(architecture) clone with CLONE_NEW \(kind)")
            }
        }
    }

    /// TIOCSTI and TIOCLINUX are refused, with any high bits in the request
    /// (the kernel reads an int); every other ioctl, a terminal's TIOCGWINSZ
    /// or TCGETS, passes. Likewise `socket` for AF_VSOCK only.
    func testIoctlIsRefusedOnlyForTerminalInjectionAndSocketOnlyForVsock() throws {
        for architecture in SeccompArchitecture.allCases {
            let filter = try program(architecture)
            let arch = architecture.auditArch
            let ioctl: UInt32 = architecture == .x86_64 ? 16 : 29
            let socket: UInt32 = architecture == .x86_64 ? 41 : 198
            for request: UInt64 in [0x5412, 0x541C, 0xFFFF_FFFF_0000_5412, 0x1_0000_541C] {
                XCTAssertEqual(run(filter, arch: arch, number: ioctl, firstArgument: 0, secondArgument: request), refused(EPERM),
                               "\(architecture) ioctl \(request)")
            }
            for request: UInt64 in [0x5401, 0x5413, 0x5414, 0x540E, 0x5411] {  // TCGETS TIOCGWINSZ TIOCSWINSZ TIOCSCTTY TIOCOUTQ
                XCTAssertEqual(run(filter, arch: arch, number: ioctl, secondArgument: request), allowed, "\(architecture) ioctl \(request)")
            }
            XCTAssertEqual(run(filter, arch: arch, number: socket, firstArgument: 40), refused(EPERM), "\(architecture) AF_VSOCK")
            XCTAssertEqual(run(filter, arch: arch, number: socket, firstArgument: 0x1_0000_0028), refused(EPERM))
            for family: UInt64 in [1, 2, 10, 16, 17] {  // unix, inet, inet6, netlink, packet
                XCTAssertEqual(run(filter, arch: arch, number: socket, firstArgument: family), allowed, "\(architecture) family \(family)")
            }
        }
    }

    func testAnotherABIIsKilled() throws {
        let x86 = try program(.x86_64)
        XCTAssertEqual(run(x86, arch: 0x4000_0003, number: 20), killed, "i386 (AUDIT_ARCH_I386) getpid")
        XCTAssertEqual(run(x86, arch: SeccompArchitecture.x86_64.auditArch, number: 0x4000_0000 | 39), killed, "x32 getpid")
        let arm = try program(.aarch64)
        XCTAssertEqual(run(arm, arch: 0x4000_0028, number: 20), killed, "arm32 (AUDIT_ARCH_ARM) getpid")
    }

    func testAKeptCapabilityLetsItsCallsThrough() throws {
        let filter = try program(.x86_64, keeping: Capability.dockerDefault + ["sys_admin"])
        let x86 = SeccompArchitecture.x86_64.auditArch
        XCTAssertEqual(run(filter, arch: x86, number: 165), allowed, "mount")
        XCTAssertEqual(run(filter, arch: x86, number: 56, firstArgument: UInt64(CTR_CLONE_NEWUSER)), allowed, "clone(CLONE_NEWUSER)")
        XCTAssertEqual(run(filter, arch: x86, number: 250), refused(EPERM), "keyctl")
    }

    func testAnUnknownCallIsAnError() {
        let profile = SeccompProfile(rules: [.init(name: "no_such_call", errno: EPERM)])
        XCTAssertThrowsError(try SeccompFilter.program(for: profile, on: .x86_64)) { error in
            XCTAssertEqual(error as? RuntimeError, .spec(.seccompUnknownCall("no_such_call")))
        }
    }
}
