/// Every way bringing in a root filesystem or image, writing a bundle, an
/// image or pods can fail, with the facts a person needs to act on it:
/// files, digests, tags, sizes. ctrsh's Commands module words each kind
/// (and says which command to use instead); the runtime says no words.
public enum ImageProblem: Equatable, Sendable {
    // MARK: Naming an image

    /// `oci:DIR[:TAG]` without a directory.
    case noLayoutDirectory(reference: String)
    /// The tag of `oci:DIR:TAG` is not a valid tag.
    case badLayoutTag(String, reference: String)
    /// The tag of `oci-archive:FILE:TAG` is not a valid tag.
    case badArchiveTag(String, reference: String)
    /// `docker://` without a registry, repository and tag.
    case noRegistryImage(reference: String)
    /// `containers-storage:` without a reference.
    case noStorageImage(reference: String)
    /// `SCHEME` without a file, or with an empty file or reference.
    case noArchive(reference: String, scheme: String)
    /// `--platform` not `OS/ARCH[/VARIANT]` in lowercase.
    case badPlatform(String)

    // MARK: OCI image layouts

    /// The layout's path is not a directory.
    case layoutNotDirectory(String)
    /// The directory has no `oci-layout` marker.
    case layoutWithoutMarker(String)
    /// The marker names an `imageLayoutVersion` other than 1.x.
    case layoutVersion(marker: String, version: String)
    /// A descriptor's size is beyond what an image document may be (4 MiB).
    case documentTooLarge(file: String, role: BlobRole, size: Int64)
    /// A blob that must be a regular file is not one.
    case blobNotRegularFile(file: String, role: BlobRole)
    /// A descriptor's digest is not `ALGORITHM:HEX`.
    case digestNotAlgorithmHex(layout: String, role: BlobRole, digest: String)
    /// A descriptor's digest uses an algorithm other than sha256.
    case digestAlgorithm(layout: String, role: BlobRole, algorithm: String)
    /// A sha256 digest that is not 64 lowercase hex digits.
    case digestNotSHA256(layout: String, role: BlobRole, digest: String)
    /// The blob a descriptor names is missing (the layout is damaged).
    case blobMissing(file: String, role: BlobRole, errno: Int32)
    /// A blob's size differs from its descriptor's (the layout is damaged).
    case sizeMismatch(file: String, role: BlobRole, size: Int64, expected: Int64)
    /// A blob's digest differs from its descriptor's (the layout is damaged).
    case digestMismatch(file: String, role: BlobRole, digest: String, expected: String)
    /// An image document could not be opened (ENOENT: the layout is damaged).
    case documentUnreadable(file: String, errno: Int32)
    /// An image document grew beyond 4 MiB while it was read.
    case documentGrew(file: String)
    /// An image document is not the JSON it should be (the layout is damaged).
    case documentInvalid(file: String, DocumentProblem)
    /// No manifest of the index has the tag asked for.
    case noManifestTagged(index: String, tag: String, tags: [String])
    /// The index holds no manifest, and no tag was asked for.
    case indexEmpty(index: String, tags: [String])
    /// The index holds several manifests, none tagged `latest`, and no tag was asked for.
    case indexAmbiguous(index: String, count: Int, tags: [String])
    /// What an index names is neither a manifest nor an index.
    case notManifestOrIndex(index: String, role: BlobRole, mediaType: String)
    /// Indexes nest deeper than ctrsh follows.
    case indexesTooDeep(layout: String, role: BlobRole, depth: Int)
    /// A nested index has no manifest.
    case nestedIndexEmpty(file: String, role: BlobRole)
    /// No manifest of the index is for the platform asked for.
    case noManifestForPlatform(file: String, role: BlobRole, platform: String, offered: [String])
    /// The manifest's config is not an image config.
    case notImageConfig(layout: String, role: BlobRole, mediaType: String)
    /// An `Env` entry of the image config is not `NAME=VALUE`.
    case badConfigEnv(file: String, entry: String)
    /// A layer is neither a plain, gzip nor zstd tar.
    case notTarLayer(layout: String, role: BlobRole, mediaType: String)
    /// A layer uncompressed has another digest than its config's diff ID.
    case diffIDMismatch(blob: String, digest: String, diffID: String)
    /// libarchive could not uncompress a layer (`reason`: its words, if it had any).
    case uncompressFailed(blob: String, reason: String?)
    /// The config's `User` names a user missing from the image's /etc/passwd.
    case imageUserUnknown(image: String, user: String, name: String)
    /// The config's `User` names a group missing from the image's /etc/group.
    case imageGroupUnknown(image: String, user: String, group: String)
    /// The config's `User` gives an ID beyond the largest one.
    case imageIDOutOfRange(image: String, user: String, name: String, id: UInt32, largest: UInt32)
    /// `problem` of an archive unpacked at `unpackedAt`: its paths are
    /// shown as `ARCHIVE!PATH`, the archive's own.
    indirect case inArchive(ImageProblem, archive: String, unpackedAt: String)
    /// A path of the image could not be resolved.
    case unresolvable(path: String, errno: Int32)

    // MARK: Archives and layers

    /// libarchive refused an archive or one of its entries.
    case archiveFailed(archive: String, role: BlobRole?, place: ArchivePlace?, reason: String, advice: ArchiveAdvice)
    /// An entry naming the root is not a directory.
    case rootEntryNotDirectory(archive: String, role: BlobRole?, entry: String)
    /// An entry's name has a component longer than NAME_MAX.
    case nameTooLong(archive: String, role: BlobRole?, entry: String, start: String, bytes: Int, limit: Int)
    /// A whiteout entry of a layer would reach outside the root.
    case whiteoutRefused(layer: LayerName, entry: String, WhiteoutRefusal)
    /// Removing what a whiteout hides failed.
    indirect case whiteoutRemoval(layer: LayerName, entry: String, problem: RuntimeError)
    /// Making a layer's directories failed.
    case layerDirectory(layer: LayerName, SystemCall, errno: Int32)
    /// A docker-archive is not what `docker save` writes.
    case dockerArchive(archive: String, DockerArchiveProblem)

    // MARK: Registries

    /// Pulling or pushing needs skopeo, which is missing.
    case skopeoMissing(ImageTransfer)
    /// skopeo failed: how it ended and its fatal log lines.
    case skopeoFailed(ImageTransfer, status: ExitStatus, failures: [String])

    // MARK: Host roots and overlays

    /// `rootfs make busybox`: no static busybox on the host.
    case busyboxMissing(path: String)
    /// `rootfs make host` was given the host's own root.
    case hostRootIsHost(directory: String)
    /// A program to copy cannot be found with `stat`.
    case programUnreadable(name: String, errno: Int32)
    /// A program to copy is not a regular file.
    case programNotRegularFile(name: String)
    /// A program name is not on the host's PATH.
    case programNotOnPath(name: String, path: String)
    /// A program needs a library the loader would not find.
    case libraryNotFound(program: String, library: String, standard: [String])
    /// A path to copy does not resolve on the host.
    case hostPathUnresolvable(path: String)
    /// A path to copy is not a regular file.
    case hostPathNotRegularFile(path: String)
    /// The copy would be the host's file itself (a bind mount?).
    case copyIsHostFile(root: String, path: String)
    /// Something else already stands where a copy goes.
    case hostRootInTheWay(path: String, HostEntry)
    /// A step of making a host root failed in the kernel.
    case hostRootKernel(SystemCall, errno: Int32)
    /// An overlay layer left over another base could not be emptied.
    indirect case overlayNotEmptied(problem: RuntimeError)
    /// The overlay's paths do not fit overlayfs's option page.
    case overlayOptionsTooLong(lower: String, directory: String)
    /// A path holds a character overlayfs options cannot carry.
    case overlayBadCharacter(path: String, character: Character)
    /// `rootfs diff` of a container without an overlay layer.
    case noOverlayLayer(container: String)
    /// `gc` found the pull layout's index not an index.
    case pullIndexInvalid(file: String)

    // MARK: Bundles (config.json)

    /// The spec has no root filesystem, and a bundle needs one.
    case bundleWithoutRoot
    /// Not copying the root is refused for an overlay base.
    case bundleOverlayBaseNoCopy(root: String)
    /// The bundle directory exists and is not a directory.
    case bundleNotDirectory(String)
    /// The directory holds a bundle already.
    case bundleExists(directory: String, config: String)
    /// The directory has a root already.
    case bundleRootExists(directory: String, root: String)
    /// The bundle directory lies inside the root to copy.
    case bundleInsideRoot(directory: String, root: String)
    /// A program or library to copy is a damaged ELF file.
    case damagedELF(path: String, ELFDamage)
    /// A config.json is not a regular file.
    case configNotRegularFile(String)
    /// A config.json is larger than ctrsh reads.
    case configTooLarge(file: String, size: UInt64, limit: UInt64)
    /// A config.json grew beyond the limit while it was read.
    case configGrew(file: String, limit: UInt64)
    /// A config.json is not JSON at all: where and what.
    case configNotJSON(file: String, JSONSyntaxProblem)
    /// A config.json is JSON, but not a runtime-spec config.
    case configInvalid(file: String, ConfigDecodeProblem)
    /// A config.json's settings could not be read: `error` says why.
    indirect case inConfig(file: String, RuntimeError)
    /// A value of config.json no runtime could use.
    case configValue(ConfigValueProblem)
    /// Encoding a document (config.json, an image document, a pod) failed.
    case encoding(EncodedDocument, reason: String)

    // MARK: Images and pods out

    /// The spec has no root filesystem to make an image of.
    case imageWithoutRoot
    /// An export writes a new archive, and the file exists.
    case exportFileExists(String)
    /// The image layout directory exists and is not a directory.
    case exportLayoutNotDirectory(String)
    /// The directory is neither empty nor an OCI image layout.
    case exportDirectoryNotLayout(String)
    /// The layout's index.json is not a JSON object.
    case exportIndexNotObject(String)
    /// libarchive could not write a tar (`reason`: its words, if it had any).
    case tarWrite(file: String, TarStep, reason: String?)
    /// A base image's manifest changed since the root came from it.
    case baseManifestChanged(file: String, role: BlobRole)
    /// A base image's manifest and config disagree about its layers.
    case baseLayerCount(layout: String, role: BlobRole, layers: Int, diffIDs: Int)
    /// No container of the session has a root filesystem: no pod to write.
    case noPodToWrite
}

/// Which blob of an image a problem is about, as a path of facts:
/// "layer 2 of 3 of the manifest tagged `latest`".
public indirect enum BlobRole: Equatable, Sendable {
    /// The manifest with this tag.
    case taggedManifest(String)
    /// The index's only manifest.
    case onlyManifest
    /// A blob by its digest.
    case blob(String)
    /// The manifest of a base image, by its digest.
    case baseManifest(String)
    /// `role` chosen for a platform.
    case forPlatform(BlobRole, String)
    /// `role`, which is an index.
    case index(BlobRole)
    /// The config of `role`.
    case config(BlobRole)
    /// Layer `number` of `role`.
    case layer(Int, BlobRole)
    /// Layer `number` of `count` of `role`.
    case layerOf(Int, count: Int, BlobRole)
}

/// A layer being applied: its blob and which layer it is.
public struct LayerName: Equatable, Sendable {
    public var blob: String
    public var role: BlobRole

    public init(blob: String, role: BlobRole) {
        self.blob = blob
        self.role = role
    }
}

/// What is wrong with an image document's JSON.
public enum DocumentProblem: Equatable, Sendable {
    /// Not JSON at all.
    case notJSON
    /// Not JSON at `path` (may be empty): the parser's own words.
    case notJSONAt(path: String, detail: String)
    /// A required field is missing (`path` may be empty).
    case missingField(String, path: String)
    /// A field has the wrong type (`path` may be empty).
    case wrongType(path: String)
    /// Any other decoding failure, in the decoder's words.
    case unreadable(String)
}

/// Where in an archive libarchive failed.
public enum ArchivePlace: Equatable, Sendable {
    /// At this entry.
    case entry(String)
    /// Between entries, after this one.
    case after(String)
}

/// What libarchive's failure means for the person.
public enum ArchiveAdvice: Equatable, Sendable {
    /// The archive is damaged or incomplete.
    case damaged
    /// An entry tried to reach outside the root.
    case escapes
    /// Not a tar archive.
    case notTar
}

/// Why a whiteout entry was refused.
public enum WhiteoutRefusal: Equatable, Sendable {
    /// It names a path outside the root.
    case outsideRoot
    /// It names an entry that is not of its directory.
    case notInDirectory(whiteout: String, hidden: String)
    /// It would go through a symlink.
    case throughSymlink(String)
}

/// What is wrong with a docker-archive.
public enum DockerArchiveProblem: Equatable, Sendable {
    /// The config's digest is not the one its name says.
    case configDigest(config: String, digest: String)
    /// manifest.json and the config count different layers.
    case layerCount(layers: Int, config: String, diffIDs: Int)
    /// A layer's digest is not the diff ID its config lists.
    case layerDigest(number: Int, name: String, digest: String, diffID: String)
    /// Several images and none named.
    case severalImages(count: Int, tags: [String])
    /// No image has the tag asked for.
    case noImageTagged(String, tags: [String])
    /// manifest.json names a path outside the archive.
    case memberOutside(String)
    /// A file manifest.json names is missing.
    case memberMissing(String)
    /// A file manifest.json names is not a regular file.
    case memberNotRegularFile(String)
    /// A document is not the JSON a docker-archive holds.
    case notJSON(file: String, reason: String)
}

/// Where skopeo copies an image: in from a source, or out to a destination.
public enum ImageTransfer: Equatable, Sendable {
    /// Pulling the image named so.
    case pull(String)
    /// Copying the image out to this destination.
    case push(String)
}

/// What a host root found in the way of a copy.
public enum HostEntry: Equatable, Sendable {
    /// A directory.
    case directory
    /// A symlink to `to`.
    case symlink(to: String)
}

/// A config.json value no runtime could use.
public enum ConfigValueProblem: Equatable, Sendable {
    /// `linux.resources.cpu.period` outside 1 ms to 1 s.
    case cpuPeriod(UInt64)
    /// `linux.resources.blockIO.weight` outside 10 to 1000.
    case blockIOWeight(Int64)
    /// A limit that is neither a number of `unit` nor -1.
    case limit(field: String, value: Int64, unit: LimitUnit)
}

/// What a config.json limit counts.
public enum LimitUnit: Equatable, Sendable {
    /// Bytes (memory).
    case bytes
    /// Processes (pids).
    case processes
    /// Microseconds (CPU quota).
    case microseconds
}

/// What is wrong in a damaged ELF file.
public enum ELFDamage: Equatable, Sendable {
    /// Its class or data encoding is neither 1 nor 2.
    case unknownClass(Int, encoding: Int)
    /// DT_STRTAB lies in no loaded segment.
    case stringTableOutside
    /// A dynamic entry points past the string table.
    case pastStringTable
    /// The file ends before this byte.
    case endsBefore(Int)
    /// A field holds a value that is no file offset or size.
    case notOffset(UInt64)
    /// A string at this byte has no end.
    case unterminatedString(at: Int)
    /// Program headers of this many bytes each.
    case programHeaderSize(Int)
}

/// Which document could not be encoded.
public enum EncodedDocument: Equatable, Sendable {
    /// A bundle's config.json.
    case config
    /// An image index, manifest or config.
    case imageDocument
    /// The pod of this name, as YAML.
    case pod(String)
}

/// The step of writing a tar that failed.
public enum TarStep: Equatable, Sendable {
    /// Opening the archive.
    case open
    /// Closing it.
    case finish
    /// Writing the data of this entry.
    case write(String)
    /// Writing this entry's header.
    case writeEntry(String)
}
