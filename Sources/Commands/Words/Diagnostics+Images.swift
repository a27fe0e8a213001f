import CtrRuntime
import Glibc

/// The words for what goes wrong bringing in a root filesystem or image
/// (`rootfs use`, `rootfs make`, `gc`), reading or writing a bundle
/// (`import oci`, `export oci`) and writing images and pods
/// (`export image`, `export kube`): the remedy names the command to use.
extension ImageProblem {
    var phrase: Phrase {
        switch self {
        case .noLayoutDirectory, .badLayoutTag, .badArchiveTag, .noRegistryImage, .noStorageImage, .noArchive:
            "rootfs: \(referencePhrase ?? Phrase(verbatim: "\(self)"))"
        case .badPlatform(let text):
            "rootfs --platform: `\(text)` is not OS/ARCH or OS/ARCH/VARIANT in lowercase (e.g. linux/amd64, linux/arm64/v8)"
        case .layoutNotDirectory(let directory):
            "rootfs: `\(directory)` is not a directory, so not an OCI image layout"
        case .layoutWithoutMarker(let directory):
            "rootfs: `\(directory)` is not an OCI image layout: it has no `oci-layout` file (a layout holds `oci-layout`, `index.json` and `blobs/`, as `umoci init --layout` or `skopeo copy … oci:DIR` make it)"
        case .layoutVersion(let marker, let version):
            "rootfs: `\(marker)`: imageLayoutVersion `\(version)` is not one ctrsh reads (1.x)"
        case .documentTooLarge(let file, let role, let size):
            "rootfs: `\(file)`: \(role.phrase) is \(size) bytes, more than an image document may be (4 MiB)"
        case .blobNotRegularFile(let file, let role):
            "rootfs: `\(file)`: \(role.phrase) is not a regular file"
        case .digestNotAlgorithmHex(let layout, let role, let digest):
            "rootfs: `\(layout)`: \(role.phrase) has the digest `\(digest)`, which is not ALGORITHM:HEX"
        case .digestAlgorithm(let layout, let role, let algorithm):
            "rootfs: `\(layout)`: \(role.phrase) has a `\(algorithm)` digest; ctrsh verifies sha256 digests only"
        case .digestNotSHA256(let layout, let role, let digest):
            "rootfs: `\(layout)`: \(role.phrase) has the digest `\(digest)`, which is not sha256: and 64 lowercase hex digits"
        case .blobMissing(let file, let role, let errno):
            "rootfs: `\(file)`: \(role.phrase) is missing from the layout: \(ErrnoWords.phrase(errno)) \(Self.layoutDamaged)"
        case .sizeMismatch(let file, let role, let size, let expected):
            "rootfs: `\(file)`: \(role.phrase) is \(size) bytes, not the \(expected) its descriptor says \(Self.layoutDamaged)"
        case .digestMismatch(let file, let role, let digest, let expected):
            "rootfs: `\(file)`: \(role.phrase) has the digest \(digest), not the \(expected) its descriptor says \(Self.layoutDamaged)"
        case .documentUnreadable(let file, let errno):
            errno == ENOENT
                ? "rootfs: `\(file)`: \(ErrnoWords.phrase(errno)) \(Self.layoutDamaged)" : "rootfs: `\(file)`: \(ErrnoWords.phrase(errno))"
        case .documentGrew(let file):
            "rootfs: `\(file)`: larger than an image document may be (4 MiB)"
        case .documentInvalid(let file, let problem):
            "rootfs: `\(file)`: \(problem.phrase) \(Self.layoutDamaged)"
        case .noManifestTagged(let index, let tag, let tags):
            "rootfs: `\(index)`: no manifest is tagged `\(tag)` (\(Self.layoutTags(tags)))"
        case .indexEmpty(let index, let tags):
            "rootfs: `\(index)`: holds no manifest: name one as oci:DIR:TAG (\(Self.layoutTags(tags)))"
        case .indexAmbiguous(let index, let count, let tags):
            "rootfs: `\(index)`: holds \(count) manifests and none is tagged `latest`: name one as oci:DIR:TAG (\(Self.layoutTags(tags)))"
        case .notManifestOrIndex(let index, let role, let mediaType):
            "rootfs: `\(index)`: \(role.phrase) is a `\(mediaType)`, not an image manifest or index"
        case .indexesTooDeep(let layout, let role, let depth):
            "rootfs: `\(layout)`: \(role.phrase) nests image indexes more than \(depth) deep (a loop?)"
        case .nestedIndexEmpty(let file, let role):
            "rootfs: `\(file)`: \(role.phrase) is an image index with no manifest"
        case .noManifestForPlatform(let file, let role, let platform, let offered):
            "rootfs: `\(file)`: \(role.phrase) has no manifest for \(platform) (it has: \(offered.joined(separator: ", ")))"
        case .notImageConfig(let layout, let role, let mediaType):
            "rootfs: `\(layout)`: \(role.phrase) is a `\(mediaType)`, not an image config: not a container image"
        case .badConfigEnv(let file, let entry):
            "rootfs: `\(file)`: the image config's Env entry `\(entry)` is not NAME=VALUE"
        case .notTarLayer(let layout, let role, let mediaType):
            "rootfs: `\(layout)`: \(role.phrase) is a `\(mediaType)`, not a tar layer (plain, gzip or zstd)"
        case .diffIDMismatch(let blob, let digest, let diffID):
            "`\(blob)` uncompressed has the digest \(digest), not the diff ID \(diffID) its image's config lists \(Self.layoutDamaged)"
        case .uncompressFailed(let blob, let reason):
            "uncompress `\(blob)`: \(Self.libarchive(reason))"
        case .imageUserUnknown(let image, let user, let name):
            "rootfs: `\(image)`: the image config's User `\(user)` names `\(name)`, which is not in the image's /etc/passwd"
        case .imageGroupUnknown(let image, let user, let group):
            "rootfs: `\(image)`: the image config's User `\(user)` names the group `\(group)`, which is not in the image's /etc/group"
        case .imageIDOutOfRange(let image, let user, let name, let id, let largest):
            "rootfs: `\(image)`: the image config's User `\(user)` gives `\(name)` the ID \(id), beyond \(largest)"
        case .inArchive(let problem, let archive, let unpacked):
            problem.phrase.mappingFacts { $0.replacing(unpacked + "/", with: archive + "!").replacing(unpacked, with: archive) }
        case .unresolvable(let path, let errno):
            "rootfs: `\(path)`: \(ErrnoWords.phrase(errno))"
        case .archiveFailed(let archive, let role, let place, let reason, let advice):
            "rootfs: \(Self.archive(archive, role))\(Self.place(place)): \(reason) \(advice.phrase)"
        case .rootEntryNotDirectory(let archive, let role, let entry):
            "rootfs: \(Self.archive(archive, role)): entry `\(entry)` names the root but is not a directory (refused: the root stays a directory)"
        case .nameTooLong(let archive, let role, let entry, let start, let bytes, let limit):
            "rootfs: \(Self.archive(archive, role)): entry `\(entry)`: the name `\(start)…` is \(bytes) bytes, more than the \(limit) a Linux file name may have"
        case .whiteoutRefused(let layer, let entry, let refusal):
            "rootfs: \(layer.phrase): entry `\(entry)`: \(refusal.phrase) (refused: an entry may not reach outside the root)"
        case .whiteoutRemoval(let layer, let entry, let problem):
            "rootfs: \(layer.phrase): entry `\(entry)`: \(problem)"
        case .layerDirectory(let layer, let call, let errno):
            "rootfs: \(layer.phrase): \(call): \(ErrnoWords.phrase(errno))"
        case .dockerArchive(let archive, let problem):
            "rootfs: `\(archive)` (a docker-archive): \(problem.phrase)"
        case .skopeoMissing(.pull(let source)):
            "rootfs: pulling `\(source)` needs skopeo (`apt-get install skopeo`), which is not installed"
        case .skopeoMissing(.push(let destination)):
            "copying the image to `\(destination)` needs skopeo (`apt-get install skopeo`), which is not installed; `oci:DIR` and `docker-archive:FILE` need nothing"
        case .skopeoFailed(.pull(let source), let status, let failures):
            "rootfs: pulling `\(source)` failed: skopeo \(status): \(failures.joined(separator: "; ")) (check the name, the tag and that the registry answers: `skopeo inspect \(source)`)"
        case .skopeoFailed(.push(let destination), let status, let failures):
            "copying the image to `\(destination)` failed: skopeo \(status): \(failures.joined(separator: "; ")) (check the name and that the registry answers and takes pushes)"
        case .busyboxMissing(let path):
            "rootfs make busybox: `\(path)` is missing or not statically linked; install it with `apt-get install busybox-static`"
        case .hostRootIsHost(let directory):
            "rootfs make host: `\(directory)` is the host's own root: name a new directory"
        case .programUnreadable(let name, let errno):
            "rootfs make host: `\(name)`: \(ErrnoWords.phrase(errno))"
        case .programNotRegularFile(let name):
            "rootfs make host: `\(name)` is not a regular file, so not a program to copy"
        case .programNotOnPath(let name, let path):
            "rootfs make host: `\(name)` is not a program on the host's PATH (\(path)); give its full path"
        case .libraryNotFound(let program, let library, let standard):
            "rootfs make host: `\(program)` needs `\(library)`, which is in none of the directories the loader searches (its RPATH/RUNPATH, /etc/ld.so.conf, \(standard.joined(separator: ", ")))"
        case .hostPathUnresolvable(let path):
            "rootfs make host: `\(path)` cannot be resolved on the host (a missing file, or a symlink loop)"
        case .hostPathNotRegularFile(let path):
            "rootfs make host: `\(path)` is not a regular file, so not a program or library to copy"
        case .copyIsHostFile(let root, let path):
            "rootfs make host: `\(root)/\(path)` is the host's `/\(path)` itself (a bind mount?): refused"
        case .hostRootInTheWay(let path, .directory):
            "rootfs make host: `\(path)` is in the way: on the host it is a directory (make the root in an empty directory)"
        case .hostRootInTheWay(let path, .symlink(let target)):
            "rootfs make host: `\(path)` is in the way: on the host it is a symlink to `\(target)` (make the root in an empty directory)"
        case .hostRootKernel(let call, let errno):
            "rootfs make host: \(call): \(ErrnoWords.phrase(errno))"
        case .overlayNotEmptied(let problem):
            "rootfs --overlay: \(problem)"
        case .overlayOptionsTooLong(let lower, let directory):
            "rootfs --overlay: the paths of `\(lower)` and `\(directory)` are too long for overlayfs's options (4 KiB)"
        case .overlayBadCharacter(let path, let character):
            "rootfs --overlay: `\(path)` contains `\(character)`, which overlayfs options cannot carry; rename the directory or use a symlink without it"
        case .noOverlayLayer(let container):
            "rootfs diff: `\(container)` has no overlay layer to compare: `rootfs use DIR --overlay` keeps DIR unchanged and records the changes"
        case .pullIndexInvalid(let file):
            "gc: `\(file)` is not an image index \(Self.layoutDamaged)"
        case .damagedELF(let path, let damage):
            "`\(path)` is a damaged ELF file: \(damage.phrase)"
        case .bundleWithoutRoot, .bundleOverlayBaseNoCopy, .bundleNotDirectory, .bundleExists, .bundleRootExists, .bundleInsideRoot,
             .configNotRegularFile, .configTooLarge, .configGrew, .configNotJSON, .configInvalid, .inConfig, .configValue, .encoding,
             .imageWithoutRoot, .exportFileExists, .exportLayoutNotDirectory, .exportDirectoryNotLayout, .exportIndexNotObject, .tarWrite,
             .baseManifestChanged, .baseLayerCount, .noPodToWrite:
            bundleAndExportPhrase
        }
    }

    /// What is wrong with an image's name, said the same whichever command
    /// was given it (`rootfs use`, `export image`); nil for other kinds.
    var referencePhrase: Phrase? {
        switch self {
        case .noLayoutDirectory(let reference):
            "`\(reference)` names no layout directory (write oci:DIR or oci:DIR:TAG, e.g. oci:./busybox-layout:latest)"
        case .badLayoutTag(let tag, let reference):
            "`\(tag)` in `\(reference)` is not a tag: a tag is 1 to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-` (write oci:DIR or oci:DIR:TAG, e.g. oci:./busybox-layout:latest)"
        case .badArchiveTag(let tag, let reference):
            "`\(tag)` in `\(reference)` is not a tag: a tag is 1 to 128 letters, digits, `_`, `.` and `-` (write oci-archive:FILE or oci-archive:FILE:TAG)"
        case .noRegistryImage(let reference):
            "`\(reference)` names no image (write docker://REGISTRY/REPO:TAG, e.g. docker://127.0.0.1:5000/busybox:1)"
        case .noStorageImage(let reference):
            "`\(reference)` names no image (write containers-storage:REF, e.g. containers-storage:localhost/busybox:1, as `podman images` lists them)"
        case .noArchive(let reference, let scheme):
            "`\(reference)` names no archive (write \(scheme)FILE or \(scheme)FILE:REF)"
        default:
            nil
        }
    }

    /// The words for the kinds of `import oci`, `export oci`, `export image` and `export kube`.
    private var bundleAndExportPhrase: Phrase {
        switch self {
        case .bundleWithoutRoot:
            "the spec has no root filesystem, and a bundle needs one: `rootfs use DIR` first"
        case .bundleOverlayBaseNoCopy(let root):
            "--no-copy: `\(root)` is the base of an overlay and must stay unchanged; leave out --no-copy to copy it into the bundle"
        case .bundleNotDirectory(let directory):
            "`\(directory)` exists and is not a directory"
        case .bundleExists(let directory, let config):
            "`\(directory)` already holds a bundle (`\(config)`): remove it, or give another directory"
        case .bundleRootExists(let directory, let root):
            "`\(directory)` has a `\(root)` already: remove it, give another directory, or (when it is the root itself) use --no-copy"
        case .bundleInsideRoot(let directory, let root):
            "`\(directory)` is inside the root `\(root)`, which would be copied into itself; give a directory outside it"
        case .configNotRegularFile(let file):
            "`\(file)` is not a regular file"
        case .configTooLarge(let file, let size, let limit):
            "`\(file)` is \(ByteLimit.format(size)) big; a config.json of more than \(ByteLimit.format(limit)) is refused"
        case .configGrew(let file, let limit):
            "`\(file)` grew beyond \(ByteLimit.format(limit)) while it was read"
        case .configNotJSON(let file, let problem):
            "`\(file)`: not JSON: \(problem.phrase)"
        case .configInvalid(let file, let problem):
            "`\(file)`: \(problem.phrase)"
        case .inConfig(let file, let error):
            "`\(file)`: \(Diagnostics.phrase(for: error))"
        case .configValue(.cpuPeriod(let period)):
            "linux.resources.cpu.period: \(period) is not a period: 1000 to 1000000 microseconds (1 ms to 1 s)"
        case .configValue(.blockIOWeight(let weight)):
            "linux.resources.blockIO.weight: \(weight) is not a weight: 10 to 1000"
        case .configValue(.limit(let field, let value, .bytes)):
            "\(field): \(value) is not a limit: a number of bytes, or -1 for none"
        case .configValue(.limit(let field, let value, .processes)):
            "\(field): \(value) is not a limit: a number of processes, or -1 for none"
        case .configValue(.limit(let field, let value, .microseconds)):
            "\(field): \(value) is not a limit: a number of microseconds, or -1 for none"
        case .encoding(.config, let reason):
            "encode the config: \(reason)"
        case .encoding(.imageDocument, let reason):
            "encode an image document: \(reason)"
        case .encoding(.pod(let name), let reason):
            "encode the pod `\(name)` as YAML: \(reason)"
        case .imageWithoutRoot:
            "the spec has no root filesystem to make an image of: `rootfs use DIR` (or an image) first"
        case .exportFileExists(let file):
            "`\(file)` exists: remove it, or give another file name (an export writes a new archive)"
        case .exportLayoutNotDirectory(let directory):
            "`\(directory)` exists and is not a directory: give a new or empty directory, or an OCI layout to add the image to"
        case .exportDirectoryNotLayout(let directory):
            "`\(directory)` is neither empty nor an OCI image layout (it has no `oci-layout`): give a new or empty directory, or a layout"
        case .exportIndexNotObject(let file):
            "`\(file)` is not a JSON object, so not an image index: the layout is damaged; give another directory"
        case .tarWrite(let file, .open, let reason):
            "open in `\(file)`: \(Self.libarchive(reason))"
        case .tarWrite(let file, .finish, let reason):
            "finish in `\(file)`: \(Self.libarchive(reason))"
        case .tarWrite(let file, .write(let name), let reason):
            "write `\(name)` in `\(file)`: \(Self.libarchive(reason))"
        case .tarWrite(let file, .writeEntry(let name), let reason):
            "write the entry `\(name)` in `\(file)`: \(Self.libarchive(reason))"
        case .baseManifestChanged(let file, let role):
            "`\(file)`: \(role.phrase) has another digest now \(Self.layoutDamaged)"
        case .baseLayerCount(let layout, let role, let layers, let diffIDs):
            "`\(layout)`: \(role.phrase) has \(layers) layers, its config \(diffIDs) diff_ids \(Self.layoutDamaged)"
        case .noPodToWrite:
            "no container of this session has a root filesystem, so there is no pod to write: `rootfs use …` first"
        default:
            Phrase(verbatim: "\(self)")  // never: `phrase` hands over only the kinds above
        }
    }

    /// libarchive's own words (a fact, as the library wrote it), or that it failed.
    private static func libarchive(_ reason: String?) -> Phrase {
        reason.map { Phrase(verbatim: $0) } ?? "libarchive failed"
    }

    /// What to do about a damaged layout.
    private static let layoutDamaged: Phrase = "(the layout is damaged or incomplete: write or copy it again)"

    /// The tags of an OCI layout's index, or that it has none.
    private static func layoutTags(_ tags: [String]) -> Phrase {
        tags.isEmpty ? "it tags none" : "tags: \(tags.joined(separator: ", "))"
    }

    /// An archive, and which blob of an image it is when it is one.
    private static func archive(_ archive: String, _ role: BlobRole?) -> Phrase {
        role.map { "`\(archive)` (\($0.phrase))" } ?? "`\(archive)`"
    }

    /// Where in an archive, after `: `… or nothing.
    private static func place(_ place: ArchivePlace?) -> Phrase {
        switch place {
        case .entry(let entry)?: ": entry `\(entry)`"
        case .after(let entry)?: ": after entry `\(entry)`"
        case nil: ""
        }
    }
}

extension BlobRole {
    /// "layer 2 of 3 of the manifest tagged `latest`".
    var phrase: Phrase {
        switch self {
        case .taggedManifest(let tag): "the manifest tagged `\(tag)`"
        case .onlyManifest: "the index's only manifest"
        case .blob(let digest): "the blob \(digest)"
        case .baseManifest(let digest): "the manifest \(digest)"
        case .forPlatform(let role, let platform): "\(role.phrase) for \(platform)"
        case .index(let role): "\(role.phrase) (an index)"
        case .config(let role): "the config of \(role.phrase)"
        case .layer(let number, let role): "layer \(number) of \(role.phrase)"
        case .layerOf(let number, let count, let role): "layer \(number) of \(count) of \(role.phrase)"
        }
    }
}

extension LayerName {
    /// "`BLOB` (layer 1 of 2 of …)".
    var phrase: Phrase { "`\(blob)` (\(role.phrase))" }
}

extension DocumentProblem {
    var phrase: Phrase {
        switch self {
        case .notJSON: "not valid JSON"
        case .notJSONAt("", let detail): "not valid JSON: \(detail)"
        case .notJSONAt(let path, let detail): "not valid JSON at `\(path)`: \(detail)"
        case .missingField(let field, ""): "the required field `\(field)` is missing"
        case .missingField(let field, let path): "the required field `\(field)` is missing at `\(path)`"
        case .wrongType(""): "a field has the wrong type"
        case .wrongType(let path): "a field has the wrong type at `\(path)`"
        case .unreadable(let reason): "cannot be read: \(reason)"
        }
    }
}

extension ArchiveAdvice {
    var phrase: Phrase {
        switch self {
        case .damaged: "(the archive is damaged or incomplete: fetch or build it again)"
        case .escapes: "(refused: an entry may not reach outside the root)"
        case .notTar: "(not a tar archive, plain or gzip, xz, zstd or bzip2 compressed)"
        }
    }
}

extension WhiteoutRefusal {
    var phrase: Phrase {
        switch self {
        case .outsideRoot: "a whiteout may not name a path outside the root"
        case .notInDirectory(let whiteout, let hidden): "the whiteout `\(whiteout)` names `\(hidden)`, which is not an entry of its directory"
        case .throughSymlink(let path): "a whiteout may not go through the symlink `\(path)`"
        }
    }
}

extension DockerArchiveProblem {
    var phrase: Phrase {
        switch self {
        case .configDigest(let config, let digest):
            "the config `\(config)` has the digest \(digest), not the one its name says \(Self.damaged)"
        case .layerCount(let layers, let config, let diffIDs):
            "manifest.json lists \(layers) layers, the config `\(config)` \(diffIDs) \(Self.damaged)"
        case .layerDigest(let number, let name, let digest, let diffID):
            "layer \(number) `\(name)` has the digest \(digest), not the \(diffID) the config lists \(Self.damaged)"
        case .severalImages(let count, let tags):
            "holds \(count) images: name one, as docker-archive:FILE:REF or docker-archive:FILE:@N (\(Self.known(tags)))"
        case .noImageTagged(let reference, let tags):
            "holds no image tagged `\(reference)` (\(Self.known(tags)))"
        case .memberOutside(let name):
            "manifest.json names `\(name)`, a path outside the archive (refused: an image names only its own files)"
        case .memberMissing(let name):
            "`\(name)`, which manifest.json names, is missing from the archive \(Self.damaged)"
        case .memberNotRegularFile(let name):
            "`\(name)`, which manifest.json names, is not a regular file \(Self.damaged)"
        case .notJSON(let file, let reason):
            "`\(file)` is not the JSON a docker-archive holds: \(reason) \(Self.damaged)"
        }
    }

    private static let damaged: Phrase = "(the archive is damaged or incomplete: save or copy it again)"

    private static func known(_ tags: [String]) -> Phrase {
        tags.isEmpty ? "it names no tags" : "its tags are \(tags.map { "`\($0)`" }.joined(separator: ", "))"
    }
}

extension ELFDamage {
    var phrase: Phrase {
        switch self {
        case .unknownClass(let elfClass, let encoding): "unknown ELF class \(elfClass) or data encoding \(encoding)"
        case .stringTableOutside: "its string table (DT_STRTAB) is outside every loaded segment"
        case .pastStringTable: "a dynamic entry points past its string table"
        case .endsBefore(let offset): "it ends before byte \(offset)"
        case .notOffset(let value): "a field holds \(value), which is not a file offset or size"
        case .unterminatedString(let offset): "a string at byte \(offset) has no end"
        case .programHeaderSize(let size): "its program headers are \(size) bytes each"
        }
    }
}

extension Phrase {
    /// The same words with every fact (nested ones too) passed through `transform`.
    func mappingFacts(_ transform: (String) -> String) -> Phrase {
        Phrase(key: key, arguments: arguments.map { argument in
            switch argument {
            case .fact(let value): .fact(transform(value))
            case .phrase(let phrase): .phrase(phrase.mappingFacts(transform))
            }
        })
    }
}
