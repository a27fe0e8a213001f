import CLinux
import CtrRuntime
import XCTest

/// The device policy as a value: its rules' text, the decision it makes for
/// a node, and the eBPF program it compiles to for cgroup v2, run here by a
/// small interpreter of the instructions it uses against `permits` for
/// every rule's node and every access (the kernel runs it for real in
/// DevicePolicyKernelTests and in the v2 lane's `Tests/V2Lane/devices.ctrsh`).
final class DevicePolicyTests: XCTestCase {
    func testRulesReadAndPrintAsTheDevicesControllerWritesThem() {
        for text in ["c 1:3 rwm", "b *:* m", "c 136:* rwm", "b 7:0 r", "a *:* rwm"] {
            XCTAssertEqual(DeviceRule(text)?.description, text)
        }
        XCTAssertEqual(DeviceRule("a"), DeviceRule(.all, major: nil, minor: nil, .all))
        for bad in ["", "x 1:3 rwm", "c 1:3", "c 1 rwm", "c 1:3 rwx", "c 1:3 rr", "c -1:3 rwm", "c 1:3 rwm extra", "c"] {
            XCTAssertNil(DeviceRule(bad), bad)
        }
    }

    func testDockerDefaultAllowsTheContainersOwnDevOnly() {
        let policy = DevicePolicy.dockerDefault
        XCTAssertEqual(policy.rules.count, 11)
        for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 2), (136, 0), (136, 7), (10, 200)] {
            XCTAssertTrue(policy.permits(.char, UInt32(major), UInt32(minor), [.read, .write]), "c \(major):\(minor)")
        }
        for (kind, major, minor) in [(DeviceRule.Kind.block, 7, 0), (.char, 1, 11), (.char, 10, 232), (.block, 8, 0), (.char, 1, 1), (.char, 5, 1)] {
            XCTAssertFalse(policy.permits(kind, UInt32(major), UInt32(minor), .read), "\(kind) \(major):\(minor)")
            XCTAssertTrue(policy.permits(kind, UInt32(major), UInt32(minor), .mknod), "mknod of \(kind) \(major):\(minor)")
        }
    }

    func testTheLastRuleCoveringANodeDecides() {
        let policy = DevicePolicy(rules: [
            DeviceRule(.all, major: nil, minor: nil, .all),
            DeviceRule(.char, major: 1, minor: nil, .write, allow: false),
            DeviceRule(.char, major: 1, minor: 3, .all),
        ])
        XCTAssertTrue(policy.permits(.char, 1, 3, [.read, .write]))
        XCTAssertFalse(policy.permits(.char, 1, 11, [.read, .write]), "a deny of `w` covers a read-write open")
        XCTAssertTrue(policy.permits(.char, 1, 11, .read))
        XCTAssertTrue(policy.permits(.block, 8, 0, .read))
        XCTAssertFalse(DevicePolicy(rules: []).permits(.char, 1, 3, .read), "no rule: denied")
    }

    func testTheCompiledProgramDecidesAsThePolicyDoes() throws {
        let policies = [
            DevicePolicy.dockerDefault, DevicePolicy.unrestricted, DevicePolicy(rules: []),
            DevicePolicy(rules: [
                DeviceRule(.all, major: nil, minor: nil, .all),
                DeviceRule(.char, major: 1, minor: nil, .write, allow: false),
                DeviceRule(.block, major: 7, minor: 0, .read),
            ]),
        ]
        let accesses: [DeviceRule.Access] = [.mknod, .read, .write, [.read, .write], .all]
        for policy in policies {
            let program = DeviceFilter.program(for: policy)
            var nodes: [(DeviceRule.Kind, UInt32, UInt32)] = [(.char, 1, 11), (.block, 8, 0), (.char, 4242, 7)]
            for rule in policy.rules {
                for kind in rule.kind == .all ? [DeviceRule.Kind.char, .block] : [rule.kind] {
                    nodes.append((kind, rule.major ?? 99, rule.minor ?? 98))
                }
            }
            for (kind, major, minor) in nodes {
                for access in accesses {
                    let verdict = try run(program, kind: kind == .block ? 1 : 2, access: UInt32(access.rawValue), major: major, minor: minor)
                    XCTAssertEqual(
                        verdict == 1, policy.permits(kind, major, minor, access),
                        "\(kind) \(major):\(minor) \(access) under \(policy.rules.map(\.description))")
                }
            }
        }
    }

    /// Runs a device program on a `bpf_cgroup_dev_ctx`; knows only the
    /// instructions `DeviceFilter` emits.
    private func run(_ program: [ctr_ebpf_instruction], kind: UInt32, access: UInt32, major: UInt32, minor: UInt32) throws -> UInt64 {
        let context = [access << 16 | kind, major, minor]
        var registers = [UInt64](repeating: 0, count: 11)
        var pc = 0
        while pc < program.count {
            let instruction = program[pc]
            let destination = Int(instruction.registers & 0xf)
            let source = Int(instruction.registers >> 4)
            let immediate = UInt32(bitPattern: instruction.immediate)
            pc += 1
            switch instruction.code {
            case 0x61:
                XCTAssertEqual(source, 1, "loads read the context")
                registers[destination] = UInt64(context[Int(instruction.offset) / 4])
            case 0x54: registers[destination] = UInt64(UInt32(truncatingIfNeeded: registers[destination]) & immediate)
            case 0x74: registers[destination] = UInt64(UInt32(truncatingIfNeeded: registers[destination]) >> immediate)
            case 0xb4: registers[destination] = UInt64(immediate)
            case 0xbc: registers[destination] = UInt64(UInt32(truncatingIfNeeded: registers[source]))
            case 0x15: if registers[destination] == UInt64(immediate) { pc += Int(instruction.offset) }
            case 0x55: if registers[destination] != UInt64(immediate) { pc += Int(instruction.offset) }
            case 0x95: return registers[0]
            default: throw XCTSkip("unexpected opcode \(instruction.code): the interpreter needs it")
            }
        }
        XCTFail("the program runs off its end")
        return 0
    }
}
