import Glibc

/// The few glibc functions tests need that Swift's Glibc module leaves out
/// (it is built without `_GNU_SOURCE` and `_XOPEN_SOURCE`): looked up by
/// name with `dlsym`, so no C target is needed for them.
public enum LibcExtras {
    private typealias FDFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    private typealias ChdirAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// `POSIX_SPAWN_SETSID` from glibc's `spawn.h` (a GNU extension).
    public static let spawnSetSID: Int32 = 0x80

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        let handle = dlopen(nil, RTLD_NOW)
        guard let address = dlsym(handle, name) else { fatalError("glibc has no `\(name)`") }
        return unsafeBitCast(address, to: type)
    }

    /// `posix_openpt(flags)`.
    public static func posixOpenpt(_ flags: Int32) -> Int32 { symbol("posix_openpt", as: FDFunction.self)(flags) }

    /// `grantpt(fd)`.
    public static func grantpt(_ fd: Int32) -> Int32 { symbol("grantpt", as: FDFunction.self)(fd) }

    /// `unlockpt(fd)`.
    public static func unlockpt(_ fd: Int32) -> Int32 { symbol("unlockpt", as: FDFunction.self)(fd) }

    /// `ptsname(fd)`: the path of the pseudo-terminal's slave side.
    public static func ptsname(_ fd: Int32) -> String? {
        symbol("ptsname", as: NameFunction.self)(fd).map { String(cString: $0) }
    }

    /// `posix_spawn_file_actions_addchdir_np`: the child changes directory.
    public static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
        symbol("posix_spawn_file_actions_addchdir_np", as: ChdirAction.self)(&actions, path)
    }
}
