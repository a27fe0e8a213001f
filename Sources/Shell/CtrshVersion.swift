/// The version `ctrsh --version` prints and `record` writes into scripts.
public enum CtrshVersion {
    /// The release this build is.
    public static let current = "0.1.0"
}
