extension ContainerSpec {
    /// Makes `image` (nil: none) the spec's image defaults, replacing the
    /// previous image's. The image's variables and working directory are
    /// merged in where the spec still has ctrsh's defaults or the previous
    /// image's values; what the user set with `env` or `workdir` stays, and
    /// the names of those variables are returned. The previous image's
    /// variables that the new image does not set go back to ctrsh's
    /// default, or away.
    @discardableResult
    public mutating func adoptImageDefaults(_ image: ImageDefaults?) -> [String] {
        let previous = self.image
        func isInherited(_ variable: EnvironmentVariable) -> Bool {
            ContainerSpec.defaultEnvironment.contains(variable) || (previous?.env.contains(variable) ?? false)
        }
        let incoming = Set(image?.env.map(\.name) ?? [])
        for variable in previous?.env ?? [] where !incoming.contains(variable.name) {
            guard let index = env.firstIndex(of: variable) else { continue }  // changed since: the user's
            if let standard = ContainerSpec.defaultEnvironment.first(where: { $0.name == variable.name }) {
                env[index] = standard
            } else {
                env.remove(at: index)
            }
        }
        var kept: [String] = []
        for variable in image?.env ?? [] {
            if let current = env.first(where: { $0.name == variable.name }),
               current != variable, !isInherited(current) {
                kept.append(variable.name)
                continue
            }
            setEnvironment(variable.name, variable.value)
        }
        if workdir == nil || workdir == previous?.workdir { workdir = image?.workdir }
        self.image = image
        return kept
    }
}
