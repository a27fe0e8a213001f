/// `/proc/self/mountinfo` and `/proc/self/cgroup` texts for the discovery tests.
enum CgroupFixtures {
    /// This VM: v1 hierarchies (cpu and cpuacct separate) plus cgroup2 at `/sys/fs/cgroup/unified`.
    static let hybridMountinfo = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
        24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334460k,nr_inodes=3083615,mode=755
        25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
        26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
        29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
        30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """

    /// This VM: the memory cgroup is not the root.
    static let hybridCgroup = """
        9:name=systemd:/
        8:pids:/
        7:blkio:/
        6:freezer:/
        5:devices:/
        4:memory:/process_api/7ceac8db38185894098b5a1b155e5676
        3:cpuset:/
        2:cpuacct:/
        1:cpu:/
        0::/
        """

    /// A systemd machine with only cgroup2, at `/sys/fs/cgroup`.
    static let unifiedMountinfo = """
        22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
        24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """

    /// Its `/proc/self/cgroup`: one line, a user session scope.
    static let unifiedCgroup = """
        0::/user.slice/user-1000.slice/session-2.scope
        """

    /// An older machine: cpu and cpuacct share one v1 mount, systemd's
    /// cgroup2 tree is beside them, and the mount point has an escaped space.
    static let combinedMountinfo = """
        25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
        27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
        30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
        31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory
        32 25 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,pids
        33 25 0:30 / /sys/fs/cgroup/my\\040freezer rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,freezer
        """

    /// Its `/proc/self/cgroup`.
    static let combinedCgroup = """
        6:freezer:/user.slice
        5:pids:/user.slice/user-1000.slice/session-1.scope
        4:memory:/user.slice/user-1000.slice/session-1.scope
        3:cpu,cpuacct:/user.slice
        1:name=systemd:/user.slice/user-1000.slice/session-1.scope
        0::/user.slice/user-1000.slice/session-1.scope
        """

    /// Inside a container: the v1 memory hierarchy is mounted from
    /// `/docker/abc` down, and the pids mount does not contain the caller.
    static let nestedMountinfo = """
        40 30 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory
        41 30 0:32 /docker/other /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids
        """

    /// Its `/proc/self/cgroup`.
    static let nestedCgroup = """
        5:pids:/docker/abc
        4:memory:/docker/abc/sub
        """
}
