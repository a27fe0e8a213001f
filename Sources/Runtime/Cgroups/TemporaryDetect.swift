// TEMPORARY until the cgroups branch lands.
public enum CgroupSystem {
    public static func detect(session: String) -> (any CgroupDriver)? { nil }
}
