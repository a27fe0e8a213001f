import Glibc

/// The CPUs of this machine, as a CPU limit counts them.
public enum HostCPUs {
    /// The CPUs online now (at least 1).
    public static var online: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
