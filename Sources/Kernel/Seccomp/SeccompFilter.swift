import CLinux
import Synchronization

/// Compiles a `SeccompProfile` into the classic BPF program that
/// `seccomp(SECCOMP_SET_MODE_FILTER)` takes; no libseccomp. The program,
/// run by the kernel on every system call with a `struct seccomp_data`:
///
/// ```
///     ld  arch                      ; another ABI (i386, arm32): kill
///     jeq AUDIT_ARCH_…, +1, 0
///     ret KILL_PROCESS
///     ld  nr
///     jset __X32_SYSCALL_BIT, 0, +1 ; x86_64 only: an x32 call: kill
///     ret KILL_PROCESS
///     jeq keyctl, →EPERM, 0         ; one jeq per refused call
///     jeq clone, →check-clone, 0
///     jeq ioctl, →check-ioctl, 0
///     …
///     ret ALLOW                     ; everything else
/// check-clone:                      ; one block per call with flags
///     ld  args[0] (low word)
///     jset CLONE_NEW…, →EPERM, 0
///     ret ALLOW
/// check-ioctl:                      ; or with refused values
///     ld  args[1] (low word)
///     jeq TIOCSTI, →EPERM, 0
///     jeq TIOCLINUX, →EPERM, 0
///     ret ALLOW
/// EPERM:  ret ERRNO|EPERM           ; one return per errno used
/// ENOSYS: ret ERRNO|ENOSYS
/// ```
///
/// A classic BPF jump goes forward only, by at most 255 instructions: the
/// returns come last, and the deny-list is short enough to reach them.
package enum SeccompFilter {
    /// What the last program was built from, and the program: a session's
    /// containers mostly share both, and building it again was 1 % of a
    /// 200-run script's samples. (The kernel still converts and compiles
    /// it at each container's `seccomp()`: only inheritance shares that.)
    private static let lastBuilt = Mutex<(mode: SeccompMode, capabilities: [String], program: [ctr_bpf_instruction])?>(nil)

    /// The program a container of `spec` runs under: the default profile
    /// for the capabilities it keeps; empty with `seccomp off`.
    static func program(for spec: ContainerSpec) throws(RuntimeError) -> [ctr_bpf_instruction] {
        if let last = lastBuilt.withLock({ $0 }), last.mode == spec.seccomp, last.capabilities == spec.capabilities {
            return last.program
        }
        guard let profile = SeccompProfile.forMode(spec.seccomp, keeping: spec.capabilities) else { return [] }
        guard let architecture = SeccompArchitecture.native else {
            throw .spec(.seccompArchitectureUnknown)
        }
        let program = try program(for: profile, on: architecture)
        lastBuilt.withLock { $0 = (spec.seccomp, spec.capabilities, program) }
        return program
    }

    /// The program for `profile` on `architecture`. A rule names a call
    /// `SeccompSyscall.deniedByDefault` must list; a call the architecture
    /// lacks (iopl on aarch64) is left out.
    package static func program(
        for profile: SeccompProfile, on architecture: SeccompArchitecture
    ) throws(RuntimeError) -> [ctr_bpf_instruction] {
        var calls: [(number: UInt32, rule: SeccompProfile.Rule)] = []
        for rule in profile.rules {
            guard let call = SeccompSyscall.deniedByDefault.first(where: { $0.name == rule.name }) else {
                throw .spec(.seccompUnknownCall(rule.name))
            }
            guard let number = architecture.number(of: call) else { continue }
            calls.append((UInt32(number), rule))
        }

        var program = [
            load(offset: Offset.arch),
            jump(Code.jumpIfEqual, architecture.auditArch, ifTrue: 1, ifFalse: 0),
            returning(Action.killProcess),
            load(offset: Offset.number),
        ]
        if let x32Bit = architecture.x32Bit {
            program += [jump(Code.jumpIfAnyBit, x32Bit, ifTrue: 0, ifFalse: 1), returning(Action.killProcess)]
        }

        // Where everything after the chain of comparisons lands.
        let chainStart = program.count
        let allow = chainStart + calls.count
        let checked = calls.filter { checkLength(of: $0.rule) > 0 }
        var checkStarts: [Int] = []
        var position = allow + 1
        for (_, rule) in checked {
            checkStarts.append(position)
            position += checkLength(of: rule)
        }
        var errnos: [Int32] = []
        for (_, rule) in calls where !errnos.contains(rule.errno) { errnos.append(rule.errno) }
        let returnsStart = position
        func errnoReturn(_ code: Int32) -> Int { returnsStart + (errnos.firstIndex(of: code) ?? 0) }

        var checkIndex = 0
        for (number, rule) in calls {
            let target: Int
            if checkLength(of: rule) > 0 {
                target = checkStarts[checkIndex]
                checkIndex += 1
            } else {
                target = errnoReturn(rule.errno)
            }
            program.append(try jump(Code.jumpIfEqual, number, from: program.count, to: target))
        }
        program.append(returning(Action.allow))
        for (_, rule) in checked {
            if let flags = rule.firstArgumentFlags {
                program.append(load(offset: Offset.argumentLowWord(0)))
                let bits = UInt32(truncatingIfNeeded: flags)
                program.append(try jump(Code.jumpIfAnyBit, bits, from: program.count, to: errnoReturn(rule.errno)))
            } else if let condition = rule.argumentValues {
                program.append(load(offset: Offset.argumentLowWord(condition.index)))
                for value in condition.values {
                    program.append(try jump(Code.jumpIfEqual, value, from: program.count, to: errnoReturn(rule.errno)))
                }
            }
            program.append(returning(Action.allow))
        }
        for code in errnos {
            program.append(returning(Action.errno | (UInt32(code) & Action.dataMask)))
        }
        return program
    }

    // MARK: - Instructions

    /// Opcodes (<linux/bpf_common.h>).
    private enum Code {
        static let loadWordAbsolute: UInt16 = 0x20  // BPF_LD | BPF_W | BPF_ABS
        static let jumpIfEqual: UInt16 = 0x15       // BPF_JMP | BPF_JEQ | BPF_K
        static let jumpIfAnyBit: UInt16 = 0x45      // BPF_JMP | BPF_JSET | BPF_K
        static let returnConstant: UInt16 = 0x06    // BPF_RET | BPF_K
    }

    /// Offsets in `struct seccomp_data` (<linux/seccomp.h>).
    private enum Offset {
        static let number: UInt32 = 0
        static let arch: UInt32 = 4
        /// `args[index]`'s low 32 bits, on a little-endian machine (both of ctrsh's).
        static func argumentLowWord(_ index: Int) -> UInt32 { 16 + 8 * UInt32(index) }
    }

    /// Return values (<linux/seccomp.h>).
    private enum Action {
        static let killProcess: UInt32 = 0x8000_0000  // SECCOMP_RET_KILL_PROCESS
        static let errno: UInt32 = 0x0005_0000        // SECCOMP_RET_ERRNO
        static let allow: UInt32 = 0x7FFF_0000        // SECCOMP_RET_ALLOW
        static let dataMask: UInt32 = 0x0000_FFFF     // SECCOMP_RET_DATA
    }

    /// The length of a rule's argument check: a load, one jump per value
    /// (one for a set of flags) and the return that allows the call; 0
    /// for a rule refused whatever its arguments.
    private static func checkLength(of rule: SeccompProfile.Rule) -> Int {
        if rule.firstArgumentFlags != nil { return 3 }
        if let condition = rule.argumentValues { return 2 + condition.values.count }
        return 0
    }

    private static func load(offset: UInt32) -> ctr_bpf_instruction {
        ctr_bpf_instruction(code: Code.loadWordAbsolute, jt: 0, jf: 0, k: offset)
    }

    private static func returning(_ value: UInt32) -> ctr_bpf_instruction {
        ctr_bpf_instruction(code: Code.returnConstant, jt: 0, jf: 0, k: value)
    }

    private static func jump(_ code: UInt16, _ value: UInt32, ifTrue: UInt8, ifFalse: UInt8) -> ctr_bpf_instruction {
        ctr_bpf_instruction(code: code, jt: ifTrue, jf: ifFalse, k: value)
    }

    /// A conditional jump at `position` to `target` when true, on to the
    /// next instruction when false.
    private static func jump(_ code: UInt16, _ value: UInt32, from position: Int, to target: Int) throws(RuntimeError) -> ctr_bpf_instruction {
        let distance = target - position - 1
        guard distance >= 0, distance <= Int(UInt8.max) else {
            throw .spec(.seccompProfileTooLong(jump: distance))
        }
        return jump(code, value, ifTrue: UInt8(distance), ifFalse: 0)
    }
}
