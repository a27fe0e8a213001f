import CLinux

/// The kernel paths a container with a root filesystem gets hidden or
/// read-only, read from the child's own table in launch.c (runc's masked
/// and read-only paths), so that what is described is what is done.
package enum ProtectedKernelPaths {
    /// Paths inside the container that are hidden: `/dev/null` over a
    /// file, an empty read-only tmpfs over a directory.
    package static var masked: [String] { paths(hidden: true) }

    /// Paths inside the container that are bound read-only onto themselves.
    package static var readonly: [String] { paths(hidden: false) }

    private static func paths(hidden: Bool) -> [String] {
        var result: [String] = []
        var index: Int32 = 0
        while let name = ctr_masked_path_name(index) {
            if (ctr_masked_path_hides(index) == 1) == hidden { result.append("/" + String(cString: name)) }
            index += 1
        }
        return result
    }
}
