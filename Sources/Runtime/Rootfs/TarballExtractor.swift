import CArchive
import CtrKernel
import Glibc

/// Unpacks a tar archive (plain, gzip, xz, zstd, bzip2: whatever libarchive
/// recognises) into an empty directory, refusing any entry that would land
/// outside it: a `..` component, an absolute name, or a path through a
/// symlink the archive made. Owners (as root), modes, times and extended
/// attributes are kept; device nodes are made only as root (skipped and
/// counted otherwise). An entry named `/` is the root, as `./` is. The first bad or damaged entry stops it with an
/// error naming the archive and the entry.
struct TarballExtractor {
    /// How far an extraction has come, for a progress line.
    struct Progress: Sendable {
        var entries = 0
        var bytes: UInt64 = 0
    }

    /// What an extraction did.
    struct Summary: Equatable, Sendable {
        var entries = 0
        /// Device nodes left out because only root may make them.
        var skippedDevices = 0
    }

    /// The archive, as the user named it (for messages) and as opened.
    let archive: String
    /// An empty directory to unpack into.
    let destination: String
    /// Keep owners and make device nodes (only root can).
    var asRoot: Bool = geteuid() == 0
    /// Asked before each entry is written, with the entry's name and file
    /// type: false leaves the entry out. An image layer's whiteouts are
    /// handled here (`OCILayerApplier`).
    var admit: ((_ name: String, _ type: mode_t) throws(RuntimeError) -> Bool)?
    /// What the archive is, for messages (`layer 2 of 3 of …`), if more
    /// than its path says.
    var role: BlobRole?
    /// Accept an archive that ends right after its last entry's data,
    /// without the padding and the end-of-archive blocks. Go's archive/tar
    /// reads such tars, so containerd and Docker do, and umoci 0.4's
    /// `insert` writes its image layers that way (umoci issue 436).
    var acceptsMissingFooter = false

    /// The options for archive_write_disk: the three SECURE ones refuse
    /// what would escape `destination`.
    private var diskOptions: Int32 {
        var options = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS
            | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR
        if asRoot { options |= ARCHIVE_EXTRACT_OWNER }
        return options
    }

    /// Unpacks every entry; `progress` is called after each one.
    func extract(progress: (Progress) -> Void = { _ in }) throws(RuntimeError) -> Summary {
        guard let reader = archive_read_new(), let writer = archive_write_disk_new() else {
            throw .kernel(SystemCall("libarchive"), errno: ENOMEM)
        }
        defer {
            archive_read_free(reader)
            archive_write_free(writer)
        }
        archive_read_support_filter_all(reader)
        archive_read_support_format_tar(reader)
        archive_write_disk_set_options(writer, diskOptions)
        guard archive_read_open_filename(reader, archive, 1 << 16) == ARCHIVE_OK else {
            throw failure(reader, entry: nil)
        }
        // libarchive writes names relative to the working directory: go
        // into the destination for the extraction, and back afterwards.
        let home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard home >= 0 else { throw .lastError(SystemCall("open", ".")) }
        defer {
            fchdir(home)
            close(home)
        }
        guard chdir(destination) == 0 else { throw .lastError(SystemCall("chdir", destination)) }
        var summary = Summary()
        var state = Progress()
        var previous: String?
        var rootTimes: [timespec]?
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                throw failure(reader, entry: nil, after: previous)
            }
            let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? "?"
            previous = name
            if Self.namesRoot(name) {
                // `/` (umoci insert … /) is the root as `./` is; libarchive
                // would refuse it as absolute, so it is written as `.`.
                archive_entry_set_pathname(entry, ".")
                rootTimes = [timespec(tv_sec: archive_entry_atime(entry), tv_nsec: archive_entry_atime_nsec(entry)),
                             timespec(tv_sec: archive_entry_mtime(entry), tv_nsec: archive_entry_mtime_nsec(entry))]
            }
            let type = archive_entry_filetype(entry) & S_IFMT
            if Self.namesRoot(name), type != S_IFDIR {
                throw .image(.rootEntryNotDirectory(archive: archive, role: role, entry: name))
            }
            if !asRoot && (type == S_IFCHR || type == S_IFBLK) {
                summary.skippedDevices += 1
                continue
            }
            if let long = name.split(separator: "/").first(where: { $0.utf8.count > Int(NAME_MAX) }) {
                throw .image(.nameTooLong(
                    archive: archive, role: role, entry: name, start: String(long.prefix(32)), bytes: long.utf8.count, limit: Int(NAME_MAX)))
            }
            if let admit, try !admit(name, type) { continue }
            guard archive_write_header(writer, entry) >= ARCHIVE_WARN else { throw failure(writer, entry: name) }
            let copied = try copyData(from: reader, to: writer, entry: name, size: archive_entry_size(entry))
            state.bytes += copied.bytes
            guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else { throw failure(writer, entry: name) }
            summary.entries += 1
            state.entries += 1
            progress(state)
            if copied.endedWithoutFooter { break }
        }
        // Directories get their modes and times last, as they are closed.
        guard archive_write_close(writer) >= ARCHIVE_WARN else { throw failure(writer, entry: nil) }
        // libarchive leaves the times of `.` itself alone.
        if let rootTimes { _ = rootTimes.withUnsafeBufferPointer { utimensat(AT_FDCWD, ".", $0.baseAddress, 0) } }
        return summary
    }

    /// True for the names of the root itself: `.`, `./`, `/`, `//.`…;
    /// any other name starting with `/` stays absolute, and refused.
    static func namesRoot(_ name: String) -> Bool {
        !name.isEmpty && name.split(separator: "/").allSatisfy { $0 == "." }
    }

    /// Copies one entry's data, block by block (holes stay holes), and says
    /// whether the archive ended right after it (`acceptsMissingFooter`).
    private func copyData(
        from reader: OpaquePointer, to writer: OpaquePointer, entry: String, size expected: Int64
    ) throws(RuntimeError) -> (bytes: UInt64, endedWithoutFooter: Bool) {
        var copied: UInt64 = 0
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(reader, &block, &size, &offset)
            if status == ARCHIVE_EOF { return (copied, false) }
            if status < ARCHIVE_WARN, acceptsMissingFooter, copied == UInt64(max(expected, 0)),
               archive_error_string(reader).map({ String(cString: $0).hasPrefix("Truncated input file") }) ?? false {
                return (copied, true)  // the data is whole; only the padding is missing
            }
            guard status >= ARCHIVE_WARN else { throw failure(reader, entry: entry) }
            guard archive_write_data_block(writer, block, size, offset) >= ARCHIVE_WARN else {
                throw failure(writer, entry: entry)
            }
            copied += UInt64(size)
        }
    }

    /// libarchive's own words for what went wrong, naming the archive and
    /// the entry (or the last good one, when the damage is between entries).
    private func failure(_ handle: OpaquePointer, entry: String?, after previous: String? = nil) -> RuntimeError {
        let reason = archive_error_string(handle).map { String(cString: $0) } ?? errnoText(archive_errno(handle))
        let place: ArchivePlace? = entry.map { .entry($0) } ?? previous.map { .after($0) }
        var advice = ArchiveAdvice.damaged
        let lowered = reason.lowercased()
        if lowered.contains("..") || lowered.contains("absolute") || lowered.contains("symlink") {
            advice = .escapes
        } else if lowered.contains("unrecognized archive format") {
            advice = .notTar
        }
        return .image(.archiveFailed(archive: archive, role: role, place: place, reason: reason, advice: advice))
    }
}
