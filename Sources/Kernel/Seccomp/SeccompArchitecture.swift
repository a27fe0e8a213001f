/// The architectures ctrsh builds seccomp filters for: the number that
/// `seccomp_data.arch` holds for their native ABI, and where each system
/// call's number comes from.
package enum SeccompArchitecture: String, Sendable, CaseIterable {
    case x86_64
    case aarch64

    /// The architecture ctrsh was built for, or nil when ctrsh knows no
    /// system call numbers for it.
    package static var native: SeccompArchitecture? {
        #if arch(x86_64)
        .x86_64
        #elseif arch(arm64)
        .aarch64
        #else
        nil
        #endif
    }

    /// `AUDIT_ARCH_X86_64` or `AUDIT_ARCH_AARCH64` (<linux/audit.h>): a call
    /// through another ABI (i386's `int 0x80`, arm32) carries another value.
    package var auditArch: UInt32 {
        switch self {
        case .x86_64: 0xC000_003E
        case .aarch64: 0xC000_00B7
        }
    }

    /// x86_64's x32 ABI shares AUDIT_ARCH_X86_64 and sets this bit in the
    /// call's number (`__X32_SYSCALL_BIT`); nil where there is no such ABI.
    package var x32Bit: UInt32? {
        switch self {
        case .x86_64: 0x4000_0000
        case .aarch64: nil
        }
    }

    /// `call`'s number here, or nil when this architecture has no such call.
    package func number(of call: SeccompSyscall) -> Int32? {
        switch self {
        case .x86_64: call.x86_64
        case .aarch64: call.aarch64
        }
    }
}
