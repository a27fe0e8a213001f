/// The names of an `export kube`'s containers as Kubernetes takes them:
/// DNS-1123 labels (lowercase letters, digits and `-`, at most 63), and
/// distinct. A container's label names its pod (when the others join it),
/// itself in the pod, its volumes and its `localhost/` image, so two
/// session names that come out alike (`a_b`, `a-b`) must not stay alike.
enum KubeNames {
    /// A label for each name, in order, and a warning for each that changed.
    static func labels(for names: [String]) -> (labels: [String: String], warnings: [KubeWarning]) {
        var labels: [String: String] = [:]
        var taken: Set<String> = []
        var warnings: [KubeWarning] = []
        for name in names where labels[name] == nil {
            let base = label(name)
            var candidate = base
            var number = 2
            while taken.contains(candidate) {
                let suffix = "-\(number)"
                candidate = String(base.prefix(63 - suffix.count)).trimmingDashes() + suffix
                number += 1
            }
            taken.insert(candidate)
            labels[name] = candidate
            if candidate != name {
                warnings.append(KubeWarning(name, candidate == base ? .renamedToLabel(candidate) : .renamedTaken(candidate, taken: base)))
            }
        }
        return (labels, warnings)
    }

    private static func label(_ name: String) -> String {
        let label = String(String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }).prefix(63))
            .trimmingDashes()
        return label.isEmpty ? "ctrsh" : label
    }
}

extension String {
    /// Without leading and trailing `-`.
    fileprivate func trimmingDashes() -> String {
        String(drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
    }
}
