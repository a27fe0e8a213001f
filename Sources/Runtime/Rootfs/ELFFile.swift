import CtrKernel
import Glibc

/// What the dynamic loader reads of an ELF file to run it: its class and
/// machine, the `PT_INTERP` interpreter, and from the `PT_DYNAMIC` section
/// the libraries it needs (`DT_NEEDED`), where to look for them
/// (`DT_RPATH`, `DT_RUNPATH`) and its own name (`DT_SONAME`). Read with `pread`, every offset checked
/// against the file, so a damaged file is an error and never a crash.
struct ELFFile: Equatable {
    /// ELFCLASS64 rather than ELFCLASS32.
    var is64Bit: Bool
    /// ELFDATA2LSB rather than ELFDATA2MSB.
    var isLittleEndian: Bool
    /// `e_machine`: 62 is x86-64, 183 AArch64.
    var machine: UInt16
    /// The program interpreter, `/lib64/ld-linux-x86-64.so.2`; nil for a
    /// static program or a library.
    var interpreter: String?
    var needed: [String] = []
    /// `DT_SONAME`: the name a library answers to once it is loaded.
    var soname: String?
    var rpath: [String] = []
    var runpath: [String] = []

    /// True when `other` can be loaded into the same process.
    func isCompatible(with other: ELFFile) -> Bool {
        is64Bit == other.is64Bit && isLittleEndian == other.isLittleEndian && machine == other.machine
    }

    /// The ELF file at `path`; nil when it is not one (no ELF magic).
    static func read(_ path: String) throws(RuntimeError) -> ELFFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .lastError(SystemCall("stat", path)) }
        var reader = Reader(fd: fd, size: Int(info.st_size), path: path)
        let ident = try? reader.bytes(at: 0, count: 16)
        guard let ident, ident[0] == 0x7f, ident[1] == 0x45, ident[2] == 0x4c, ident[3] == 0x46 else { return nil }
        guard (1...2).contains(ident[4]), (1...2).contains(ident[5]) else {
            throw reader.damaged(.unknownClass(Int(ident[4]), encoding: Int(ident[5])))
        }
        reader.is64Bit = ident[4] == 2
        reader.isLittleEndian = ident[5] == 1
        var file = ELFFile(is64Bit: reader.is64Bit, isLittleEndian: reader.isLittleEndian, machine: UInt16(try reader.word(at: 18, 2)))
        let segments = try reader.programHeaders()
        if let interp = segments.first(where: { $0.type == 3 }) {
            file.interpreter = try reader.string(at: interp.offset, limit: interp.fileSize)
        }
        if let dynamic = segments.first(where: { $0.type == 2 }) {
            try file.readDynamicSection(dynamic, loads: segments.filter { $0.type == 1 }, reader: reader)
        }
        return file
    }

    /// `DT_NEEDED`, `DT_RPATH` and `DT_RUNPATH`, whose strings are in
    /// `DT_STRTAB`, an address that the `PT_LOAD` segments map to the file.
    private mutating func readDynamicSection(_ dynamic: Segment, loads: [Segment], reader: Reader) throws(RuntimeError) {
        let entrySize = is64Bit ? 16 : 8
        var entries: [(tag: Int, value: Int)] = []
        for index in 0..<(dynamic.fileSize / entrySize) {
            let offset = dynamic.offset &+ index &* entrySize
            let tag = try reader.word(at: offset, entrySize / 2)
            if tag == 0 { break }  // DT_NULL
            entries.append((tag, try reader.word(at: offset &+ entrySize / 2, entrySize / 2)))
        }
        guard let table = entries.first(where: { $0.tag == 5 })?.value else { return }  // DT_STRTAB
        guard let load = loads.first(where: { $0.address <= table && table < $0.address &+ $0.fileSize }) else {
            throw reader.damaged(.stringTableOutside)
        }
        let strings = table &- load.address &+ load.offset
        let stringsEnd = entries.first(where: { $0.tag == 10 }).map { strings &+ $0.value } ?? reader.size  // DT_STRSZ
        func string(_ offset: Int) throws(RuntimeError) -> String {
            guard offset >= 0, strings &+ offset < stringsEnd else { throw reader.damaged(.pastStringTable) }
            return try reader.string(at: strings &+ offset, limit: stringsEnd &- strings &- offset)
        }
        for entry in entries {
            switch entry.tag {
            case 1: needed.append(try string(entry.value))  // DT_NEEDED
            case 14: soname = try string(entry.value)  // DT_SONAME
            case 15: rpath += try string(entry.value).split(separator: ":").map(String.init)  // DT_RPATH
            case 29: runpath += try string(entry.value).split(separator: ":").map(String.init)  // DT_RUNPATH
            default: break
            }
        }
    }

    /// A program header, as far as it matters here.
    private struct Segment {
        var type: Int
        var offset: Int
        var address: Int
        var fileSize: Int
    }

    /// Bounds-checked, endian-aware reads from the file.
    private struct Reader {
        let fd: Int32
        let size: Int
        let path: String
        var is64Bit = true
        var isLittleEndian = true

        func damaged(_ damage: ELFDamage) -> RuntimeError {
            .image(.damagedELF(path: path, damage))
        }

        func bytes(at offset: Int, count: Int) throws(RuntimeError) -> [UInt8] {
            guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
                throw damaged(.endsBefore(offset &+ count))
            }
            var buffer = [UInt8](repeating: 0, count: count)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            guard read == count else { throw .lastError(SystemCall("read", path)) }
            return buffer
        }

        /// An unsigned `size`-byte word; a value beyond `Int` is damage.
        func word(at offset: Int, _ size: Int) throws(RuntimeError) -> Int {
            let raw = try bytes(at: offset, count: size)
            let ordered = isLittleEndian ? raw.reversed() : raw
            let value = ordered.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard value <= UInt64(Int.max) else { throw damaged(.notOffset(value)) }
            return Int(value)
        }

        /// A NUL-terminated string of at most `limit` bytes.
        func string(at offset: Int, limit: Int) throws(RuntimeError) -> String {
            let bytes = try bytes(at: offset, count: min(max(limit, 0), size - min(offset, size), 4096))
            guard let end = bytes.firstIndex(of: 0) else { throw damaged(.unterminatedString(at: offset)) }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }

        func programHeaders() throws(RuntimeError) -> [Segment] {
            let table = try word(at: is64Bit ? 32 : 28, is64Bit ? 8 : 4)
            let entrySize = try word(at: is64Bit ? 54 : 42, 2)
            let count = try word(at: is64Bit ? 56 : 44, 2)
            guard count == 0 || entrySize >= (is64Bit ? 56 : 32) else { throw damaged(.programHeaderSize(entrySize)) }
            var segments: [Segment] = []
            for index in 0..<count {
                let base = table &+ index &* entrySize
                let field = is64Bit ? [8, 16, 32] : [4, 8, 16]  // p_offset, p_vaddr, p_filesz
                let width = is64Bit ? 8 : 4
                segments.append(Segment(
                    type: try word(at: base, 4), offset: try word(at: base &+ field[0], width),
                    address: try word(at: base &+ field[1], width), fileSize: try word(at: base &+ field[2], width)))
            }
            return segments
        }
    }
}
