/// The version `ctrsh --version` prints and `record` writes into scripts.
enum CtrshVersion {
    static let current = "0.1.0"
}
