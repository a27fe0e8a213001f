import CtrKernel

/// A spec's device policy as `linux.resources.devices` and back. runc
/// adds its own defaults (`AllowedDevices`, the same rules as ctrsh's
/// `DevicePolicy.dockerDefault`) after a bundle's list; ctrsh reads a list
/// the same way, so a bundle gets the same devices under both.
enum RuntimeBundleDevices {
    /// The leading rule of an exported list: deny everything, as a v1
    /// `devices.deny a`.
    static let denyAll = RuntimeBundleConfig.DeviceCgroupRule(allow: false, access: "rwm")

    /// `policy` as a list: deny everything, then its rules in order.
    static func section(for policy: DevicePolicy) -> [RuntimeBundleConfig.DeviceCgroupRule] {
        [denyAll] + policy.rules.map { rule in
            RuntimeBundleConfig.DeviceCgroupRule(
                allow: rule.allow, type: rule.kind.rawValue, major: rule.major.map(Int64.init),
                minor: rule.minor.map(Int64.init), access: rule.access.description)
        }
    }

    /// The policy a list describes: its rules without the leading denials
    /// of everything (nothing is allowed to begin with), then Docker's
    /// rules it lacks, as runc appends them. No list: Docker's list. A rule
    /// ctrsh cannot read is left out, with a note.
    static func policy(from list: [RuntimeBundleConfig.DeviceCgroupRule]?, note: (BundleImportNote) -> Void) -> DevicePolicy {
        guard let list else { return .dockerDefault }
        var rules: [DeviceRule] = []
        for (index, entry) in list.enumerated() {
            guard let rule = rule(entry) else {
                note(.deviceRule(index: index))
                continue
            }
            if rules.isEmpty && !rule.allow && rule == DeviceRule(.all, major: nil, minor: nil, .all, allow: false) { continue }
            rules.append(rule)
        }
        rules += DevicePolicy.dockerDefault.rules.filter { !rules.contains($0) }
        return DevicePolicy(rules: rules)
    }

    private static func rule(_ entry: RuntimeBundleConfig.DeviceCgroupRule) -> DeviceRule? {
        guard let kind = DeviceRule.Kind(rawValue: entry.type ?? "a"),
              let access = DeviceRule.Access(letters: entry.access ?? "rwm"),
              let major = number(entry.major), let minor = number(entry.minor)
        else { return nil }
        if kind == .all && (major != nil || minor != nil) { return nil }
        return DeviceRule(kind, major: major, minor: minor, access, allow: entry.allow)
    }

    /// nil or -1: every number (`.some(nil)`); else the number, if it fits.
    private static func number(_ value: JSONWholeNumber<Int64>?) -> UInt32?? {
        guard let value = value?.value, value != -1 else { return .some(nil) }
        return UInt32(exactly: value).map { .some($0) }
    }
}
