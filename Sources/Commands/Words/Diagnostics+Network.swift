import CtrRuntime
import Glibc

/// The words for network problems: the step the kernel refused, or what on
/// the host a veth would clash with.
extension NetworkProblem {
    public var phrase: Phrase {
        switch self {
        case .vethStep(let step, let error) where error.errno == EPERM:
            "net veth: \(step.phrase): \(error.phrase) (a veth on the host needs CAP_NET_ADMIN there: run ctrsh as root)"
        case .vethStep(let step, let error) where error.errno == EEXIST:
            "net veth: \(step.phrase): \(error.phrase) (something of that name or that address exists already)"
        case .vethStep(let step, let error): "net veth: \(step.phrase): \(error.phrase)"
        case .deleteFailed(let name, let error): "net veth: delete `\(name)`: \(error.phrase)"
        case .hostUnreadable(let error): "net veth: read the host's addresses and routes: \(error.phrase)"
        case .overlap(let network, let conflict):
            """
            net veth: \(network) overlaps \(conflict.phrase); choose a range the host does not use \
            (`host ip addr` and `host ip route` show what it uses)
            """
        case .snapshotUnreadable(let path?, let error): "net show: read the interfaces and routes of `\(path)`: \(error.phrase)"
        case .snapshotUnreadable(nil, let error): "net show: read the interfaces and routes of the host: \(error.phrase)"
        }
    }
}

extension VethStep {
    var phrase: Phrase {
        switch self {
        case .createPair(let host, let container): "create the veth pair `\(host)` (host) and `\(container)` (container)"
        case .find(let name, .host): "find `\(name)` in the host's namespace"
        case .find(let name, .container): "find `\(name)` in the container's namespace"
        case .address(let name, let address): "give `\(name)` the address \(address)"
        case .up(let name): "bring `\(name)` up"
        case .defaultRoute(let gateway): "add the default route via \(gateway) in the container"
        }
    }
}

extension NetlinkError {
    /// `File exists`, or `Invalid argument (the kernel says: …)`.
    var phrase: Phrase {
        guard let said = kernelMessage else { return ErrnoWords.phrase(errno) }
        return "\(ErrnoWords.phrase(errno)) (the kernel says: \(said))"
    }
}

extension AddressConflict {
    var phrase: Phrase {
        switch self {
        case .address(let address, let interface, true): "\(address), an address of the host's `\(interface)` (another container's veth)"
        case .address(let address, let interface, false): "\(address), an address of the host's `\(interface)`"
        case .route(let destination, let interface?, true): "the host's route to \(destination) via `\(interface)` (another container's veth)"
        case .route(let destination, let interface?, false): "the host's route to \(destination) via `\(interface)`"
        case .route(let destination, nil, _): "the host's route to \(destination)"
        }
    }
}
