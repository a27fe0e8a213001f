import CtrKernel

extension NamespaceKind {
    /// The kind's name in runtime-spec's `linux.namespaces`: `network` and
    /// `mount` where ctrsh says `net` and `mnt`.
    public var ociName: String {
        switch self {
        case .net: "network"
        case .mnt: "mount"
        default: rawValue
        }
    }

    /// Looks a kind up by its runtime-spec name.
    public init?(ociName: String) {
        guard let kind = Self.allCases.first(where: { $0.ociName == ociName }) else { return nil }
        self = kind
    }
}
