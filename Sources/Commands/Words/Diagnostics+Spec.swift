import CtrRuntime

/// The words for `SpecProblem`: what the spec asks that cannot work, and
/// the ctrsh command that fixes it.
extension SpecProblem {
    var phrase: Phrase {
        switch self {
        case .noProgram: "exec: no program given (e.g. `exec /bin/sh`)"
        case .hostnameWithoutUTSNamespace: "hostname: needs a uts namespace, or it would rename the host: `ns new uts`"
        case .cannotJoin(let kind):
            "ns join \(kind.rawValue): a new container can join net, ipc, uts, pid, cgroup, time or (without a rootfs) mnt; to enter all of a running container's namespaces, `exec` into it"
        case .needsUserNamespace:
            "ns: without root, the kernel creates new namespaces only inside a user namespace of their own: `ns new user`"
        case .vethWithoutNetNamespace:
            "net veth: needs a net namespace of its own to put the container's end in: `ns new net` (or `net veth off`)"
        case .mountsWithoutRootfs: "mount: extra mounts need a root filesystem to mount into: `rootfs use DIR` first"
        case .rootfsWithoutMountNamespace: "rootfs: needs a mount namespace to pivot into: `ns new mnt`"
        case .rootfsUnreachable, .rootfsNotDirectory, .rootfsIsHostRoot: "rootfs: \(rootfsPhrase)"
        case .mountDestination(let path, let fault, let field):
            switch fault {
            case .relative: "\(field ?? "mount"): `\(path)` must be an absolute path inside the container (e.g. /data)"
            case .parentComponent: "\(field ?? "mount"): `\(path)` contains `..`; give the destination without it"
            case .root: "\(field ?? "mount"): `\(path)` is the container's root itself; give a directory inside it"
            }
        case .vethAddress(let problem): "net veth: \(problem.phrase)"
        case .seccompArchitectureUnknown:
            "seccomp: ctrsh knows the system call numbers of x86_64 and aarch64 only: `seccomp off` runs without a filter here"
        case .seccompUnknownCall(let name): "seccomp: ctrsh does not know the system call `\(name)`"
        case .seccompProfileTooLong(let jump): "seccomp: the profile is too long for one classic BPF filter (a jump of \(jump))"
        }
    }

    /// What is wrong with a root filesystem, without the `rootfs:` of the
    /// command (an OCI import names its field instead); the whole phrase
    /// for the other kinds.
    var rootfsPhrase: Phrase {
        switch self {
        case .rootfsUnreachable(let path, let errno):
            "`\(path)`: \(ErrnoWords.phrase(errno)) (build one with `rootfs make busybox \(path)`)"
        case .rootfsNotDirectory(let path): "`\(path)` is not a directory"
        case .rootfsIsHostRoot(let path): "`\(path)` is the host's own root; give a directory that holds a root filesystem"
        default: phrase
        }
    }
}

extension VethAddressProblem {
    /// What is wrong with the address, with an example that works.
    var phrase: Phrase {
        let lengths = VethSpec.prefixLengths
        switch self {
        case .noPrefixLength(let text):
            return "`\(text)` has no prefix length: give the container's address and its network's size, e.g. 10.200.1.2/24"
        case .notCIDR(let text): return "`\(text)` is not an IPv4 address with a prefix length (e.g. 10.200.1.2/24)"
        case .notAnAddress(let text): return "`\(text)` is not an IPv4 address: four numbers from 0 to 255 (e.g. 10.200.1.2/24)"
        case .notAPrefixLength(let text): return "`/\(text)` is not a prefix length: a number from 0 to 32 (e.g. 10.200.1.2/24)"
        case .networkTooSmall(let interface):
            return "a /\(interface.prefixLength) network is too small: the pair needs two addresses (the host's and the container's) besides the network and broadcast addresses; use /\(lengths.upperBound) or shorter (e.g. \(interface.address)/24)"
        case .networkTooLarge(let interface):
            return "a /\(interface.prefixLength) network is too large: the host would route all of \(interface.network) to the container; use /\(lengths.lowerBound) to /\(lengths.upperBound) (e.g. \(interface.address)/24)"
        case .reservedRange(let interface, let range):
            return "\(interface.address) is \(range.phrase), not an address for an interface; use a private range (e.g. 10.200.1.2/24)"
        case .networkEdge(let interface, let broadcast):
            let example = "\(IPv4Address(interface.networkAddress.value + 2))/\(interface.prefixLength)"
            return broadcast
                ? "\(interface.address) is the broadcast address of \(interface.network), which no interface can take; give the container an address inside it (e.g. \(example))"
                : "\(interface.address) is the network address of \(interface.network), which no interface can take; give the container an address inside it (e.g. \(example))"
        }
    }
}

extension ReservedIPv4Range {
    /// The range, named.
    var phrase: Phrase {
        switch self {
        case .thisNetwork: "in 0.0.0.0/8 (\"this network\")"
        case .loopback: "a loopback address (127.0.0.0/8)"
        case .multicast: "a multicast address (224.0.0.0/4)"
        case .reserved: "a reserved address (240.0.0.0/4)"
        }
    }
}
