import CtrRuntime

/// The words for what `import oci` could not take from a config.json as
/// it was: each note names the field, and the ctrsh command to use
/// instead where there is one.
extension BundleImportNote {
    var phrase: Phrase {
        switch self {
        case .ociVersion(let version):
            "`ociVersion` \(version): ctrsh reads runtime-spec 1.x; read as 1.x"
        case .namespaceTypeUnknown(let index, let type):
            "`linux.namespaces[\(index)]`: unknown type `\(type)`; left out"
        case .namespaceTwice(let index, let type):
            "`linux.namespaces[\(index)]`: a second \(type) namespace; left out"
        case .namespaceNotJoinable(let index, let type, let path, false):
            "`linux.namespaces[\(index)]`: ctrsh cannot join the \(type) namespace `\(path)`; left out"
        case .namespaceNotJoinable(let index, let type, let path, true):
            "`linux.namespaces[\(index)]`: ctrsh cannot join the \(type) namespace `\(path)` of another root; left out"
        case .idMapsWithoutUserNamespace:
            "`linux.uidMappings`, `linux.gidMappings`: ID maps without a new user namespace; left out"
        case .mountNamespaceAdded:
            "`linux.namespaces`: no new mount namespace, which the root needs (pivot_root): added one"
        case .hostnameWithoutUTS(let hostname):
            "`hostname` \(hostname): needs a new uts namespace, which the config does not create; left out"
        case .processMissing:
            "`process`: missing; ctrsh's defaults are kept (environment, capabilities, no_new_privs, seccomp)"
        case .processArgs(let args):
            "`process.args`: ctrsh's spec holds no program; run it with `exec \(args.map(ScriptWord.quoted).joined(separator: " "))`"
        case .envNotNameValue(let index, let entry):
            "`process.env[\(index)]` \(entry): not NAME=VALUE; left out"
        case .cwdNotAbsolute(let cwd):
            "`process.cwd` \(cwd): not an absolute path; left out"
        case .processUser(let uid, let gid):
            "`process.user`: ctrsh starts processes as root; run as \(uid):\(gid) with `exec --user \(uid):\(gid)`"
        case .capabilitiesUnknown(let names):
            "`process.capabilities.bounding`: \(names.joined(separator: ", ")) unknown to ctrsh; left out"
        case .capabilitySetDiffers(let set):
            "`process.capabilities.\(set)`: differs from the bounding set; ctrsh gives the bounding set to \(set) too"
        case .ambientCleared:
            "`process.capabilities.ambient`: ctrsh clears the ambient set; left out"
        case .seccompProfileDiffers:
            "`linux.seccomp`: ctrsh applies its own filter (`seccomp show`) or none, and this profile differs from it; its own is used"
        case .cgroupMount(let mount):
            "\(mount.phrase): ctrsh does not mount the cgroup filesystem in containers; left out"
        case .mountWithoutRoot(let mount):
            "\(mount.phrase): a mount needs a root filesystem (`root.path`); left out"
        case .mountDestination(let mount, let error):
            "\(mount.phrase): \(Diagnostics.phrase(for: error)); left out"
        case .mountTwice(let mount, let destination):
            "\(mount.phrase): a second mount on \(destination); left out"
        case .mountType(let mount, let type):
            "\(mount.phrase): a \(type) mount; ctrsh makes bind and tmpfs mounts only; left out"
        case .bindWithoutSource(let mount):
            "\(mount.phrase): a bind mount without a source; left out"
        case .bindOptions(let mount, let options) where options.count == 1:
            "\(mount.phrase): option \(options[0]) not kept; ctrsh binds recursively, read-only or not"
        case .bindOptions(let mount, let options):
            "\(mount.phrase): options \(options.joined(separator: ",")) not kept; ctrsh binds recursively, read-only or not"
        case .tmpfsOptions(let mount, let options) where options.count == 1:
            "\(mount.phrase): option \(options[0]) not kept; ctrsh's tmpfs is nosuid,nodev, mode 1777, with a size"
        case .tmpfsOptions(let mount, let options):
            "\(mount.phrase): options \(options.joined(separator: ",")) not kept; ctrsh's tmpfs is nosuid,nodev, mode 1777, with a size"
        case .deviceRule(let index):
            "`linux.resources.devices[\(index)]`: not a device rule (type a, b or c; major and minor whole numbers or -1; access letters from rwm); left out"
        case .swapWithoutMemory(let swap):
            "`linux.resources.memory.swap` \(swap): it counts memory and swap together, so it needs a memory limit no larger than it; left out"
        case .unifiedWithoutV2(let files, true):
            "`linux.resources.unified`: cgroup v2 files, and ctrsh uses cgroup v1 here; left out: \(files.joined(separator: ", "))"
        case .unifiedWithoutV2(let files, false):
            "`linux.resources.unified`: cgroup v2 files, and ctrsh uses no cgroups here; left out: \(files.joined(separator: ", "))"
        case .unifiedFileName(let file):
            "`linux.resources.unified` \(file): not a cgroup interface file name; left out"
        case .cgroupsPath(let path):
            "`linux.cgroupsPath` \(path): ctrsh places each container's cgroup itself (below its own cgroup, in ctrsh/SESSION/CONTAINER); left out"
        case .protectedPaths(let list, let notDone, let alsoDone):
            Self.protectedPaths(list, notDone: notDone, alsoDone: alsoDone)
        case .unmapped(let field, let pattern):
            "`\(field)`: \(Self.reasons[pattern] ?? "not a field ctrsh represents"); left out"
        }
    }

    /// `linux.maskedPaths`, `linux.readonlyPaths`: what the list asks that
    /// ctrsh does not do, and what ctrsh does that it does not ask.
    private static func protectedPaths(_ list: ProtectedPathList, notDone: [String], alsoDone: [String]) -> Phrase {
        let notDoneList = notDone.joined(separator: ", "), alsoDoneList = alsoDone.joined(separator: ", ")
        switch (list, notDone.isEmpty, alsoDone.isEmpty) {
        case (.masked, false, true): return "`linux.maskedPaths`: ctrsh hides a fixed list of paths; not hidden: \(notDoneList)"
        case (.masked, true, false): return "`linux.maskedPaths`: ctrsh hides a fixed list of paths; hidden as well: \(alsoDoneList)"
        case (.masked, _, _):
            return "`linux.maskedPaths`: ctrsh hides a fixed list of paths; not hidden: \(notDoneList); hidden as well: \(alsoDoneList)"
        case (.readonly, false, true):
            return "`linux.readonlyPaths`: ctrsh makes read-only a fixed list of paths; not read-only: \(notDoneList)"
        case (.readonly, true, false):
            return "`linux.readonlyPaths`: ctrsh makes read-only a fixed list of paths; read-only as well: \(alsoDoneList)"
        case (.readonly, _, _):
            return "`linux.readonlyPaths`: ctrsh makes read-only a fixed list of paths; not read-only: \(notDoneList); read-only as well: \(alsoDoneList)"
        }
    }

    /// What ctrsh does instead, for the fields configs commonly set (by
    /// the field's path, `[]` for any index).
    private static let reasons: [String: Phrase] = [
        "hooks": "ctrsh runs no hooks",
        "annotations": "ctrsh keeps no annotations",
        "domainname": "ctrsh sets no NIS domain name",
        "process.rlimits": "ctrsh sets no rlimits",
        "process.apparmorProfile": "ctrsh applies no AppArmor profile",
        "process.selinuxLabel": "ctrsh applies no SELinux label",
        "process.oomScoreAdj": "ctrsh leaves the OOM score as it is",
        "process.ioPriority": "ctrsh leaves the I/O priority as it is",
        "process.scheduler": "ctrsh leaves the scheduling policy as it is",
        "process.execCPUAffinity": "ctrsh sets no CPU affinity",
        "process.user.additionalGids": "ctrsh's processes have no supplementary groups",
        "process.user.umask": "ctrsh leaves the umask as it is",
        "linux.seccomp.flags": "ctrsh sets no seccomp flags",
        "linux.seccomp.listenerPath": "ctrsh has no seccomp agent",
        "linux.devices": "ctrsh makes the standard /dev nodes only",
        "linux.sysctl": "ctrsh sets no sysctls",
        "linux.rootfsPropagation": "ctrsh makes every mount private",
        "linux.mountLabel": "ctrsh applies no SELinux label",
        "linux.personality": "ctrsh sets no execution domain",
        "linux.timeOffsets": "ctrsh sets no clock offsets",
        "linux.intelRdt": "ctrsh does not use Intel RDT",
        "linux.resources.memory.swappiness": "set it with `cgroup set memory.swappiness` (cgroup v1)",
        "linux.resources.cpu.shares": "ctrsh limits CPU time with quota and period, not shares",
        "linux.resources.cpu.mems": "set it with `cgroup set cpuset.mems`",
        "linux.resources.hugepageLimits": "ctrsh sets no hugetlb limits",
        "linux.resources.network": "ctrsh sets no network classes or priorities",
        "linux.resources.rdma": "ctrsh sets no RDMA limits",
    ]
}

extension MountField {
    /// "`mounts[2]` (/data)".
    var phrase: Phrase { "`mounts[\(index)]` (\(destination))" }
}

/// The words for what `export oci` did with the root, and for each part
/// of the spec a bundle cannot carry, named by its ctrsh command.
extension BundleExportNote {
    var phrase: Phrase {
        switch self {
        case .copiedRoot(let root, let copy): "copied the root `\(root)` to `\(copy)`"
        case .skippedDevices(let count): "left out \(count) device nodes of the root: only root may make them"
        case .rootInBundle: "root.path is `rootfs`: the root is in the bundle already, and the runtime writes into it"
        case .rootItself(let root): "root.path is `\(root)` itself: the runtime writes into it"
        case .overlayBase(let root): "`\(root)` is an overlay base: the bundle has a copy of it, without what the container wrote in its layer"
        case .joinedNamespace(let kind, let path, nil):
            "joins the \(kind) namespace `\(path)`: the bundle runs only while that namespace exists"
        case .joinedNamespace(let kind, let path, let target?):
            "joins the \(kind) namespace `\(path)` (\(target)): the bundle runs only while that namespace exists"
        case .seccompNoFilter: "`seccomp default`: ctrsh has no filter for this architecture; left out"
        case .networkUp: "`net up`: runtime-spec has no field for it; the runtime leaves `lo` down"
        case .networkVeth(let container):
            "`net veth \(container)`: runtime-spec has no field for it (whoever starts the runtime wires the network); the container gets only `lo`"
        case .cgroupFileOnV1(let file):
            "`cgroup set \(file)`: linux.resources.unified holds cgroup v2 files only, and ctrsh uses v1 here; left out"
        case .swapWithoutMemory:
            "`cgroup set memory.swap`: runtime-spec counts swap together with memory, and no memory limit is set; left out"
        case .ioWeightOutOfRange(let weight): "`cgroup set io.weight \(weight)`: runtime-spec's weight is 10–1000 on cgroup v1; left out"
        }
    }
}

/// The words for what `export image` left out or could not reuse.
extension ImageExportNote {
    var phrase: Phrase {
        switch self {
        case .baseLayersNotReused(let error):
            "the layers of the image the root came from cannot be reused (\(Diagnostics.phrase(for: error))): the root is one layer"
        case .whiteoutName(let path): "left out `\(path)`: names starting `.wh.` mark deletions in image layers"
        case .tooDeep(let start, let limit): "left out `\(start)…` and all it holds: it lies deeper than a path can name (\(limit) bytes)"
        case .otherFilesystem(let path): "`\(path)` is another filesystem (a mount point): stored empty"
        case .sparseFile(let path, let size, let onDisk):
            "left out `\(path)`: a sparse file of \(size) bytes with only \(onDisk) on disk (a layer would hold its holes as zeros)"
        }
    }
}

/// The words for what `export kube` could not carry into a pod, or changed.
extension KubeWarning {
    var phrase: Phrase { "`\(container)`: \(kindPhrase)" }

    private var kindPhrase: Phrase {
        switch kind {
        case .noRoot: "left out: it has no root filesystem, and a pod's containers run images"
        case .renamedToLabel(let label): "named `\(label)` (a Kubernetes name is lowercase letters, digits and `-`)"
        case .renamedTaken(let label, let taken): "named `\(label)` (`\(taken)` is another container's)"
        case .joinDropped(let kind, let target, true): "`ns join \(kind) \(target)` dropped: it is not a container of this session with a root"
        case .joinDropped(let kind, let target, false): "`ns join \(kind) \(target)` dropped: a pod has no form for sharing it"
        case .hostUTS(let hostname): "shares the host's uts namespace: a pod always has its own (hostname \(hostname))"
        case .noCommand:
            "ctrsh knows no command for it (it is not running a program of its own, and its image names none): the image's own runs"
        case .userNamespace: "`ns new user` (and its ID maps): a pod's user namespace is the cluster's choice (`hostUsers`); left out"
        case .timeNamespace: "`ns new time`: Kubernetes has no time namespace; left out"
        case .deviceRules: "its device rules: a pod's devices are the runtime's; left out"
        case .veth(let name): "`net veth \(name)`: the pod gets the cluster's network instead; left out"
        case .notInRegistry(let root, let reference):
            "its root `\(root)` is in no registry: the pod names the image `\(reference)`; `export image docker://REGISTRY/…` (or `containers-storage:\(reference)` for podman) in that container makes one"
        case .cgroupSetting(let file, let value): "`cgroup set \(file) \(value)`: Kubernetes has no limit for it; left out"
        case .sharesOnly(let joined, let owner, let notJoined):
            "shares only \(joined.joined(separator: ", ")) with `\(owner)`; in the pod it shares \(notJoined.joined(separator: ", ")) too"
        case .hostname(let own, let pod): "`hostname \(own)`: a pod has one hostname, `\(pod)`"
        }
    }
}
