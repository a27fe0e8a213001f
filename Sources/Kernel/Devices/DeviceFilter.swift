import CLinux

/// Compiles a `DevicePolicy` into the eBPF program cgroup v2 runs on every
/// mknod and open of a device node (`BPF_PROG_TYPE_CGROUP_DEVICE`), as runc
/// and crun do: v2 has no devices controller. The kernel calls it with a
/// `struct bpf_cgroup_dev_ctx` in r1 and allows the access when it returns 1.
///
/// ```
///     r2 = *(u32 *)(r1 + 0)   ; access_type
///     w2 &= 0xffff            ; its low half: the kind (1 block, 2 char)
///     r3 = *(u32 *)(r1 + 0)
///     w3 >>= 16               ; its high half: the access (1 mknod, 2 read, 4 write)
///     r4 = *(u32 *)(r1 + 4)   ; major
///     r5 = *(u32 *)(r1 + 8)   ; minor
/// rule:                       ; one block per rule, the last rule first
///     if r2 != KIND goto next ; left out for `a`
///     w1 = w3
///     w1 &= ~ACCESS           ; an allowing rule: every bit asked for is allowed
///     if r1 != 0 goto next    ; (a denying one: w1 &= ACCESS, if r1 == 0 goto next)
///     if r4 != MAJOR goto next; left out for `*`
///     if r5 != MINOR goto next; left out for `*`
///     w0 = 1 (allow) or 0 (deny)
///     exit
/// next: …
///     w0 = 0                  ; no rule covers it: denied
///     exit
/// ```
package enum DeviceFilter {
    /// The licence the program is loaded under. It calls no kernel helper,
    /// so the kernel does not require a GPL-compatible one.
    static let license = "Apache-2.0"

    /// `bpf_cgroup_dev_ctx`'s kinds, as `BPF_DEVCG_DEV_*` numbers them.
    static func kindNumber(_ kind: DeviceRule.Kind) -> Int32? {
        switch kind {
        case .block: 1
        case .char: 2
        case .all: nil
        }
    }

    /// The program for `policy`.
    package static func program(for policy: DevicePolicy) -> [ctr_ebpf_instruction] {
        var program = [
            loadWord(into: 2, offset: 0),
            alu32(Code.and, 2, 0xffff),
            loadWord(into: 3, offset: 0),
            alu32(Code.rightShift, 3, 16),
            loadWord(into: 4, offset: 4),
            loadWord(into: 5, offset: 8),
        ]
        for rule in policy.rules.reversed() {
            program += block(for: rule)
        }
        program += [move32(0, 0), exit()]
        return program
    }

    /// One rule's block; each jump lands just past the block's end.
    static func block(for rule: DeviceRule) -> [ctr_ebpf_instruction] {
        let kind = kindNumber(rule.kind)
        let checksAccess = rule.access != .all || !rule.allow
        let numbers = [(register: UInt8(4), value: rule.major), (5, rule.minor)].compactMap { check in
            check.value.map { (register: check.register, value: Int32(bitPattern: $0)) }
        }
        let length = (kind == nil ? 0 : 1) + (checksAccess ? 3 : 0) + numbers.count + 2
        var block: [ctr_ebpf_instruction] = []
        func skipBlock(_ code: UInt8, _ register: UInt8, _ value: Int32) {
            block.append(jump(code, register, value, offset: Int16(length - block.count - 1)))
        }
        if let kind { skipBlock(Code.jumpIfNotEqual, 2, kind) }
        if checksAccess {
            let bits = Int32(rule.access.rawValue)
            block.append(move32(1, fromRegister: 3))
            if rule.allow {
                block.append(alu32(Code.and, 1, ~bits))
                skipBlock(Code.jumpIfNotEqual, 1, 0)
            } else {
                block.append(alu32(Code.and, 1, bits))
                skipBlock(Code.jumpIfEqual, 1, 0)
            }
        }
        for number in numbers { skipBlock(Code.jumpIfNotEqual, number.register, number.value) }
        block += [move32(0, rule.allow ? 1 : 0), exit()]
        return block
    }

    // MARK: - Instructions

    /// Opcodes: class | operation | source (`BPF_K` is an immediate, 0).
    enum Code {
        static let loadWordFromMemory: UInt8 = 0x61  // BPF_LDX | BPF_MEM | BPF_W
        static let and: UInt8 = 0x54  // BPF_ALU | BPF_AND | BPF_K
        static let rightShift: UInt8 = 0x74  // BPF_ALU | BPF_RSH | BPF_K
        static let moveImmediate: UInt8 = 0xb4  // BPF_ALU | BPF_MOV | BPF_K
        static let moveRegister: UInt8 = 0xbc  // BPF_ALU | BPF_MOV | BPF_X
        static let jumpIfEqual: UInt8 = 0x15  // BPF_JMP | BPF_JEQ | BPF_K
        static let jumpIfNotEqual: UInt8 = 0x55  // BPF_JMP | BPF_JNE | BPF_K
        static let exit: UInt8 = 0x95  // BPF_JMP | BPF_EXIT
    }

    static func instruction(_ code: UInt8, destination: UInt8 = 0, source: UInt8 = 0, offset: Int16 = 0, immediate: Int32 = 0)
        -> ctr_ebpf_instruction
    {
        ctr_ebpf_instruction(code: code, registers: destination | source << 4, offset: offset, immediate: immediate)
    }

    /// `rD = *(u32 *)(r1 + offset)`: a field of the context.
    static func loadWord(into register: UInt8, offset: Int16) -> ctr_ebpf_instruction {
        instruction(Code.loadWordFromMemory, destination: register, source: 1, offset: offset)
    }

    static func alu32(_ code: UInt8, _ register: UInt8, _ value: Int32) -> ctr_ebpf_instruction {
        instruction(code, destination: register, immediate: value)
    }

    static func move32(_ register: UInt8, _ value: Int32) -> ctr_ebpf_instruction {
        instruction(Code.moveImmediate, destination: register, immediate: value)
    }

    static func move32(_ register: UInt8, fromRegister source: UInt8) -> ctr_ebpf_instruction {
        instruction(Code.moveRegister, destination: register, source: source)
    }

    static func jump(_ code: UInt8, _ register: UInt8, _ value: Int32, offset: Int16) -> ctr_ebpf_instruction {
        instruction(code, destination: register, offset: offset, immediate: value)
    }

    static func exit() -> ctr_ebpf_instruction {
        instruction(Code.exit)
    }
}
