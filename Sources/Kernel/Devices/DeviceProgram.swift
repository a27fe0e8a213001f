import CLinux
import Glibc

/// Loads a compiled device program (`DeviceFilter`) into the kernel, and
/// attaches a loaded one to a cgroup v2 directory, where it checks every
/// mknod and open of a device node by the group's processes (and its
/// descendants'). `CgroupV2DevicePrograms` loads each policy once a session.
enum DeviceProgram {
    /// How much of the verifier's log a refusal quotes.
    static let logSize = 4096

    /// Loads `program` into the kernel, which verifies and compiles it;
    /// returns its descriptor (close-on-exec, as the kernel makes it).
    static func load(_ program: [ctr_ebpf_instruction]) throws(RuntimeError) -> Int32 {
        let programFD = bpfLoad(program)
        guard programFD >= 0 else {
            let code = errno
            // Again with the verifier's log, which a load that succeeds must
            // not ask for: a full log buffer fails it with ENOSPC.
            var log = [CChar](repeating: 0, count: logSize)
            let retried = log.withUnsafeMutableBufferPointer { bpfLoad(program, log: $0) }
            if retried >= 0 { close(retried) }
            let verifier = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let lines = verifier.split(separator: "\n").suffix(3).joined(separator: "; ")
            throw .cgroup(.devicePolicyLoad(errno: code, verifier: lines.isEmpty ? nil : lines))
        }
        return programFD
    }

    /// Attaches the loaded program `programFD` to `directory` with
    /// `BPF_F_ALLOW_MULTI`. The attachment holds a reference of its own to
    /// the program: it goes with the group, whatever becomes of `programFD`.
    static func attach(_ programFD: Int32, to directory: String) throws(RuntimeError) {
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw .lastError(SystemCall("open", directory)) }
        defer { close(directoryFD) }
        guard ctr_bpf_attach_device_program(programFD, directoryFD) == 0 else {
            throw .lastError(SystemCall("bpf(BPF_PROG_ATTACH)", directory))
        }
    }

    /// bpf(BPF_PROG_LOAD); with `log`, the verifier writes into it.
    private static func bpfLoad(_ program: [ctr_ebpf_instruction], log: UnsafeMutableBufferPointer<CChar>? = nil) -> Int32 {
        program.withUnsafeBufferPointer { instructions in
            DeviceFilter.license.withCString { license in
                ctr_bpf_load_device_program(
                    instructions.baseAddress, UInt32(instructions.count), license, log?.baseAddress, UInt32(log?.count ?? 0))
            }
        }
    }
}
