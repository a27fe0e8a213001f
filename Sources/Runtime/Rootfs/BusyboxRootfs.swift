import CtrKernel
import Glibc

/// Builds a minimal root filesystem from the host's static busybox: the
/// binary, a symlink per applet, and the few files a shell expects.
public enum BusyboxRootfs {
    /// Where Debian's `busybox-static` package installs the binary.
    public static let defaultBusybox = "/bin/busybox"

    /// Fills `directory` (created if missing) with a busybox root.
    public static func make(at directory: String, busybox: String = defaultBusybox) throws(RuntimeError) {
        guard isStaticExecutable(busybox) else {
            throw .image(.busyboxMissing(path: busybox))
        }
        let applets = try HostProgram.output([busybox, "--list-full"])
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        for dir in ["", "bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "root", "tmp", "var", "home"] {
            try FileTree.makeDirectory(directory + "/" + dir, mode: dir == "tmp" ? 0o1777 : 0o755)
        }
        try FileTree.copyFile(busybox, to: directory + "/bin/busybox", mode: 0o755)
        for applet in applets where applet != "bin/busybox" {
            let depth = applet.split(separator: "/").count - 1
            let target = String(repeating: "../", count: depth) + "bin/busybox"
            try FileTree.replaceSymlink(at: directory + "/" + applet, target: target)
        }
        for (path, text) in files { try FileText.create(directory + "/" + path, text: text) }
    }

    private static let files: [(String, String)] = [
        ("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"),
        ("etc/group", "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n"),
        ("etc/hostname", "ctrsh\n"),
        // As in every distribution's base image: ctrsh binds its own over
        // them when a veth is up, and never creates them in the host's directory.
        ("etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
        ("etc/resolv.conf", ""),
        ("etc/os-release", "NAME=\"ctrsh busybox\"\nID=ctrsh-busybox\nPRETTY_NAME=\"a busybox root made by ctrsh\"\n"),
    ]

    /// True for an ELF file without a `PT_INTERP` program header.
    private static func isStaticExecutable(_ path: String) -> Bool {
        guard let header = try? FileTree.readPrefix(path, count: 64 * 1024), header.count > 64,
              header[0] == 0x7f, header[1] == 0x45, header[2] == 0x4c, header[3] == 0x46, header[4] == 2
        else { return false }
        func word(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(header[offset + $1]) << (8 * $1) }
        }
        let programHeaders = word(0x20, 8), entrySize = word(0x36, 2), count = word(0x38, 2)
        for index in 0..<count {
            let offset = programHeaders + index * entrySize
            guard offset + 4 <= header.count else { return false }
            if word(offset, 4) == 3 { return false }  // PT_INTERP: dynamically linked
        }
        return true
    }
}
