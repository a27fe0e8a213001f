// The child side of a container launch: clone3(), then the setup steps in
// a fixed order, then execve. See CLinux.h for the rules this file keeps:
// async-signal-safe calls only, no allocation, every failure reported to the
// parent as (step, errno, detail) through the error pipe.
#define _GNU_SOURCE
#include "CLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define CTR_CLONE_INTO_CGROUP 0x200000000ULL
#define CTR_CLONE_PARENT 0x00008000ULL
#define CTR_CLOSE_RANGE_CLOEXEC (1U << 2)
#define CTR_MAX_KEPT_FDS 64

// The kernel's struct clone_args (v2, with the cgroup field: Linux 5.7).
struct ctr_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
    uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

// MARK: - /dev

struct dev_entry {
    const char *path;    // relative to the new root, before pivot_root
    const char *target;  // symlink target, or NULL for a character device
    unsigned major, minor;
};

static const struct dev_entry dev_entries[] = {
    {"dev/null", NULL, 1, 3},
    {"dev/zero", NULL, 1, 5},
    {"dev/full", NULL, 1, 7},
    {"dev/random", NULL, 1, 8},
    {"dev/urandom", NULL, 1, 9},
    {"dev/tty", NULL, 5, 0},
    {"dev/ptmx", "pts/ptmx", 0, 0},
    {"dev/fd", "/proc/self/fd", 0, 0},
    {"dev/stdin", "/proc/self/fd/0", 0, 0},
    {"dev/stdout", "/proc/self/fd/1", 0, 0},
    {"dev/stderr", "/proc/self/fd/2", 0, 0},
};

static const char *const dev_entry_names[] = {
    "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
    "/dev/ptmx", "/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr",
};
static const int dev_entry_count = sizeof dev_entries / sizeof dev_entries[0];

const char *ctr_dev_entry_name(int index) {
    return index >= 0 && index < dev_entry_count ? dev_entry_names[index] : NULL;
}

// MARK: - The steps, by name

#define CTR_STEP_NAME(name) #name,
static const char *const step_names[] = {CTR_STEP_LIST(CTR_STEP_NAME)};
static const int step_count = sizeof step_names / sizeof step_names[0];

int ctr_step_count(void) {
    return step_count;
}

const char *ctr_step_name(int step) {
    return step >= 1 && step <= step_count ? step_names[step - 1] : NULL;
}

// MARK: - Failure reporting

__attribute__((noreturn))
static void fail(const struct ctr_launch_config *c, enum ctr_step step, int detail) {
    struct ctr_failure f = {.step = step, .err = errno, .detail = detail};
    ssize_t ignored = write(c->error_fd, &f, sizeof f);
    (void)ignored;
    _exit(127);
}

// With `explain on`, each step is announced to the parent before it is
// taken (the same (step, 0, detail) record as a failure, on another pipe).
static void note(const struct ctr_launch_config *c, enum ctr_step step, int detail) {
    if (c->trace_fd < 0) return;
    struct ctr_failure record = {.step = step, .err = 0, .detail = detail};
    ssize_t ignored = write(c->trace_fd, &record, sizeof record);
    (void)ignored;
}

// MARK: - Descriptors

// The child starts as a copy of ctrsh, holding every descriptor ctrsh has
// open: its terminal, its state and log files, a v2 cgroup directory, the
// namespace files it is about to enter. A process joining a running
// container becomes visible there before execve, and root in the container
// could reopen each of them through /proc/PID/fd/N: a directory of the host
// is a way out (`..` from it), as runc's CVE-2024-21626 showed. So the
// child closes, first thing, every descriptor but the ones its own steps
// use, and each of those once its step is done.

static void keep_fd(int *kept, int *count, int fd) {
    if (fd > STDERR_FILENO && *count < CTR_MAX_KEPT_FDS) kept[(*count)++] = fd;
}

static void add_kept_fds(const struct ctr_launch_config *c, int *kept, int *count) {
    keep_fd(kept, count, c->sync_fd);
    keep_fd(kept, count, c->error_fd);
    keep_fd(kept, count, c->trace_fd);
    keep_fd(kept, count, c->stdin_fd);
    keep_fd(kept, count, c->stdout_fd);
    keep_fd(kept, count, c->stderr_fd);
    keep_fd(kept, count, c->init_fd);
    keep_fd(kept, count, c->terminal_socket_fd);
    if (c->fork_after_join) keep_fd(kept, count, c->pid_report_fd);
    for (int i = 0; i < c->cgroup_task_count; i++) keep_fd(kept, count, c->cgroup_task_fds[i]);
    for (int i = 0; i < c->join_count; i++) keep_fd(kept, count, c->join_fds[i]);
}

// close_range (Linux 5.9); before it, one close() per possible descriptor.
static int close_span(unsigned first, unsigned last) {
    if (syscall(SYS_close_range, first, last, 0U) == 0) return 0;
    if (errno != ENOSYS) return -1;
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) < 0) return -1;
    const unsigned open_max = limit.rlim_cur == RLIM_INFINITY ? 1U << 20 : (unsigned)limit.rlim_cur;
    if (last >= open_max) last = open_max - 1;
    for (unsigned fd = first; fd <= last; fd++) close((int)fd);
    return 0;
}

static void close_unused_fds(const struct ctr_launch_config *c) {
    int kept[CTR_MAX_KEPT_FDS];
    int count = 0;
    add_kept_fds(c, kept, &count);
    if (count == CTR_MAX_KEPT_FDS) {  // more than the launch ever needs: keep none rather than guess
        errno = EMFILE;
        fail(c, CTR_STEP_CLOSE_FDS, 0);
    }
    for (int i = 1; i < count; i++) {  // insertion sort: a few dozen at most, no allocation
        int fd = kept[i], j = i;
        for (; j > 0 && kept[j - 1] > fd; j--) kept[j] = kept[j - 1];
        kept[j] = fd;
    }
    unsigned next = STDERR_FILENO + 1;
    for (int i = 0; i < count; i++) {
        unsigned fd = (unsigned)kept[i];
        if (fd > next && close_span(next, fd - 1) < 0) fail(c, CTR_STEP_CLOSE_FDS, 0);
        if (fd >= next) next = fd + 1;
    }
    if (close_span(next, ~0U) < 0) fail(c, CTR_STEP_CLOSE_FDS, 0);
}

// What must live until execve (the error and trace pipes, ctrsh-init's
// descriptor) is closed by execve itself. Reopened through /proc (only by
// a holder of CAP_SYS_PTRACE, the child being non-dumpable), a pipe's
// write end lets the container forge one failure report, nothing more. Those were opened close-on-exec
// and nothing else is left: this is the second line, for a kernel before
// 5.11 (no CLOSE_RANGE_CLOEXEC) the first one alone.
static void close_on_exec_the_rest(void) {
    syscall(SYS_close_range, STDERR_FILENO + 1, ~0U, CTR_CLOSE_RANGE_CLOEXEC);
}

static void close_if_open(int fd) {
    if (fd > STDERR_FILENO) close(fd);
}

// The program must start in the container: the working directory that
// chdir reached has to lie below the root. The kernel's getcwd prefixes a
// directory the root cannot reach with "(unreachable)" (a workdir like
// /proc/self/fd/N naming a descriptor of the host's, the CVE's trick).
static void check_workdir_inside(const struct ctr_launch_config *c) {
    char cwd[PATH_MAX];
    long length = syscall(SYS_getcwd, cwd, sizeof cwd);
    if (length < 0) fail(c, CTR_STEP_CHDIR, 0);
    if (cwd[0] != '/') {
        errno = EXDEV;
        fail(c, CTR_STEP_CHDIR, 0);
    }
}

// MARK: - Steps

// Puts every signal back to its default action and unblocks them all, so
// the program starts as if from a clean fork of init.
static int reset_signals(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        (void)sigaction(sig, &dfl, NULL);  // glibc's reserved signals say EINVAL
    }
    sigset_t none;
    sigemptyset(&none);
    return sigprocmask(SIG_SETMASK, &none, NULL);
}

// Waits for the parent's single byte. End-of-file means the parent died or
// gave up (it closed the pipe without writing): leave quietly. With
// `explain on` the pipe stays open for a second byte (`announce_exec`).
static void wait_for_parent(const struct ctr_launch_config *c) {
    char go;
    ssize_t n;
    do {
        n = read(c->sync_fd, &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);
    if (c->trace_fd < 0) close(c->sync_fd);
}

// A mount point inside the new root must be a real directory there, never
// a symlink that could point the mount at the host.
static int ensure_directory(const char *path, mode_t mode) {
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return 0;
        errno = ENOTDIR;
        return -1;
    }
    if (errno != ENOENT) return -1;
    return mkdir(path, mode);
}

static int mount_at(const char *source, const char *target, const char *type,
                    unsigned long flags, const char *data, mode_t mode) {
    if (ensure_directory(target, mode) < 0) return -1;
    return mount(source, target, type, flags, data);
}

// A character device: mknod where allowed, else (in a user namespace) a
// bind mount of the host's node, whose path is the entry's name, onto an
// empty file, as bubblewrap does.
static int make_device(int index) {
    const struct dev_entry *e = &dev_entries[index];
    if (mknod(e->path, S_IFCHR | 0666, makedev(e->major, e->minor)) == 0) return 0;
    if (errno != EPERM) return -1;
    int fd = open(e->path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    close(fd);
    return mount(dev_entry_names[index], e->path, NULL, MS_BIND, NULL);
}

static void setup_dev(const struct ctr_launch_config *c) {
    if (mount_at("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", 0755) < 0)
        fail(c, CTR_STEP_MOUNT_DEV, 0);
    mode_t old_umask = umask(0);
    for (int i = 0; i < dev_entry_count; i++) {
        const struct dev_entry *e = &dev_entries[i];
        int rc = e->target ? symlink(e->target, e->path) : make_device(i);
        if (rc < 0) fail(c, CTR_STEP_DEV_NODE, i);
    }
    if (mount_at("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                 "newinstance,ptmxmode=0666,mode=0620", 0755) < 0)
        fail(c, CTR_STEP_MOUNT_DEVPTS, 0);
    if (mount_at("shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "mode=1777,size=65536k", 01777) < 0)
        fail(c, CTR_STEP_MOUNT_SHM, 0);
    umask(old_umask);
    // The POSIX message queues of the container's own ipc namespace, as
    // runc's default config mounts them (mqueue shows the ipc namespace of
    // whoever mounts it: never without a new one, or it would be the host's).
    if (c->mount_mqueue) {
        note(c, CTR_STEP_MOUNT_MQUEUE, 0);
        if (mount_at("mqueue", "dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0755) < 0)
            fail(c, CTR_STEP_MOUNT_MQUEUE, 0);
    }
}

static int make_readonly(int fd);

// sysfs can only be mounted by the owner of the network namespace; in a
// user namespace without its own net namespace, bind the host's instead,
// read-only all the way down (the host's cgroup mounts sit below it).
static void setup_sys(const struct ctr_launch_config *c) {
    const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (mount_at("sysfs", "sys", "sysfs", flags, NULL, 0755) == 0) return;
    if (errno != EPERM) fail(c, CTR_STEP_MOUNT_SYS, 0);
    if (mount("/sys", "sys", NULL, MS_BIND | MS_REC, NULL) < 0 ||
        mount(NULL, "sys", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        fail(c, CTR_STEP_MOUNT_SYS, 0);
    int fd = open("sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || make_readonly(fd) < 0) fail(c, CTR_STEP_MOUNT_SYS, 0);
    close(fd);
}

// MARK: - Extra mounts

// Opens `path` (relative to `root_fd`) as O_PATH, resolving it beneath the
// root only: an absolute symlink or a `..` that would leave it fails with
// EXDEV, a /proc magic link with ELOOP. The kernel may say EAGAIN when a
// rename raced the lookup: try again.
static int open_beneath(int root_fd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(flags | O_PATH | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = -1;
    for (int attempt = 0; attempt < 16; attempt++) {
        fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN) break;
    }
    return (int)fd;
}

// Finds the destination of `m` beneath the root, creating what is missing
// on the way (directories, and the last component as an empty file when a
// file is bound), and returns an O_PATH descriptor of it. Each prefix is
// resolved from the root again, so a relative symlink inside the root works
// and one that leads out does not.
static int open_destination(int root_fd, const struct ctr_mount *m) {
    char path[PATH_MAX];
    size_t length = strlen(m->destination);
    if (length == 0 || length >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, m->destination, length + 1);
    int parent = -1;     // the directory holding the current component
    size_t start = 0;    // where the current component begins
    for (size_t end = 0;; end++) {
        if (path[end] != '/' && path[end] != '\0') continue;
        const int last = path[end] == '\0';
        path[end] = '\0';
        int fd = open_beneath(root_fd, path, last ? 0 : O_DIRECTORY);
        if (fd < 0 && errno == ENOENT && !m->must_exist) {
            const int dir = parent >= 0 ? parent : root_fd;
            const char *name = path + start;
            int rc;
            if (last && m->is_file) {
                rc = openat(dir, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (rc >= 0) rc = close(rc);
            } else {
                rc = mkdirat(dir, name, 0755);
            }
            if (rc == 0 || errno == EEXIST) fd = open_beneath(root_fd, path, last ? 0 : O_DIRECTORY);
        }
        const int saved = errno;
        if (parent >= 0) close(parent);
        errno = saved;
        if (fd < 0 || last) return fd;
        parent = fd;
        path[end] = '/';
        start = end + 1;
    }
}

// "/proc/self/fd/N": the path of a descriptor, written without stdio. The
// host's /proc is still reachable: pivot_root has not happened yet.
static void fd_path(char buffer[32], int fd) {
    static const char prefix[] = "/proc/self/fd/";
    char digits[12];
    int count = 0;
    do {
        digits[count++] = (char)('0' + fd % 10);
        fd /= 10;
    } while (fd > 0 && count < (int)sizeof digits);
    memcpy(buffer, prefix, sizeof prefix - 1);
    for (int i = 0; i < count; i++) buffer[sizeof prefix - 1 + i] = digits[count - 1 - i];
    buffer[sizeof prefix - 1 + count] = '\0';
}

// Read-only, recursively (mount_setattr, Linux 5.12); older kernels get
// the classic remount of the top mount.
static int make_readonly(int fd) {
    struct mount_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) == 0) return 0;
    if (errno != ENOSYS) return -1;
    char target[32];
    fd_path(target, fd);
    return mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
}

// A bind's source, opened in this mount namespace without following any
// symlink: its path was resolved when the mount was added, and a symlink a
// container planted since in a host directory it writes must not redirect it.
static int open_bind_source(const char *path) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_NO_SYMLINKS;
    return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
}

// The extra mounts, in order, each from and onto a descriptor so that
// nothing can swap a path between the check and the mount.
static void setup_mounts(const struct ctr_launch_config *c) {
    if (c->mount_count == 0) return;
    int root_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) fail(c, CTR_STEP_MOUNT_TARGET, 0);
    for (int i = 0; i < c->mount_count; i++) {
        const struct ctr_mount *m = &c->mounts[i];
        note(c, CTR_STEP_MOUNT_EXTRA, i);
        int fd = open_destination(root_fd, m);
        if (fd < 0) fail(c, CTR_STEP_MOUNT_TARGET, i);
        char target[32], source[32];
        fd_path(target, fd);
        int source_fd = m->kind == CTR_MOUNT_BIND ? open_bind_source(m->source) : -1;
        if (m->kind == CTR_MOUNT_BIND && source_fd < 0) fail(c, CTR_STEP_MOUNT_EXTRA, i);
        if (source_fd >= 0) fd_path(source, source_fd);
        int rc = m->kind == CTR_MOUNT_BIND
            ? mount(source, target, NULL, MS_BIND | MS_REC, NULL)
            : mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, m->data);
        if (rc < 0) fail(c, CTR_STEP_MOUNT_EXTRA, i);
        if (source_fd >= 0) close(source_fd);
        close(fd);
        if (!m->readonly) continue;
        // The old descriptor names the directory under the new mount:
        // look the path up again to reach the mount itself.
        fd = open_beneath(root_fd, m->destination, 0);
        if (fd < 0 || make_readonly(fd) < 0) fail(c, CTR_STEP_MOUNT_READONLY, i);
        close(fd);
    }
    close(root_fd);
}

// MARK: - Protected kernel paths

// As runc does: paths that leak host information or control the host are
// hidden (/dev/null over a file, an empty read-only tmpfs over a directory)
// or made read-only. Relative to the new root, before pivot_root.
struct protected_path {
    const char *path;
    int hide;  // 1: mask it; 0: read-only
};

static const struct protected_path protected_paths[] = {
    {"proc/acpi", 1}, {"proc/kcore", 1}, {"proc/keys", 1}, {"proc/latency_stats", 1},
    {"proc/timer_list", 1}, {"proc/timer_stats", 1}, {"proc/sched_debug", 1}, {"proc/scsi", 1},
    {"sys/firmware", 1}, {"sys/devices/virtual/powercap", 1},
    {"proc/bus", 0}, {"proc/fs", 0}, {"proc/irq", 0}, {"proc/sys", 0}, {"proc/sysrq-trigger", 0},
};
static const int protected_count = sizeof protected_paths / sizeof protected_paths[0];

const char *ctr_masked_path_name(int index) {
    return index >= 0 && index < protected_count ? protected_paths[index].path : NULL;
}

int ctr_masked_path_hides(int index) {
    return index >= 0 && index < protected_count ? protected_paths[index].hide : -1;
}

static int protect_path(const struct protected_path *p) {
    struct stat st;
    if (lstat(p->path, &st) < 0) return errno == ENOENT ? 0 : -1;  // not on this kernel
    if (!p->hide) {
        if (mount(p->path, p->path, NULL, MS_BIND | MS_REC, NULL) < 0) return -1;
        return mount(NULL, p->path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    }
    if (S_ISDIR(st.st_mode)) return mount("tmpfs", p->path, "tmpfs", MS_RDONLY, "size=0");
    return mount("/dev/null", p->path, NULL, MS_BIND, NULL);
}

static void protect_kernel_paths(const struct ctr_launch_config *c) {
    if (!c->mask_paths) return;
    for (int i = 0; i < protected_count; i++) {
        note(c, CTR_STEP_MASK_PATH, i);
        if (protect_path(&protected_paths[i]) < 0) fail(c, CTR_STEP_MASK_PATH, i);
    }
}

// MARK: - Network

// `net up`: the loopback interface of a new network namespace starts down.
static void bring_loopback_up(const struct ctr_launch_config *c) {
    if (!c->loopback_up) return;
    note(c, CTR_STEP_LOOPBACK_UP, 0);
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail(c, CTR_STEP_LOOPBACK_UP, 0);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    if (ioctl(fd, SIOCGIFFLAGS, &request) < 0) fail(c, CTR_STEP_LOOPBACK_UP, 0);
    request.ifr_flags |= IFF_UP;
    if (ioctl(fd, SIOCSIFFLAGS, &request) < 0) fail(c, CTR_STEP_LOOPBACK_UP, 0);
    close(fd);
}

// MARK: - Privileges

struct cap_header { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };
#define CTR_CAPABILITY_VERSION_3 0x20080522

_Static_assert(sizeof(struct ctr_bpf_instruction) == sizeof(struct sock_filter),
               "ctr_bpf_instruction is the kernel's struct sock_filter");

// The seccomp program the parent built (SeccompFilter.swift). The filter
// is inherited by every process the program starts, and by `exec`s that
// join later, which install their own copy the same way.
static void install_seccomp(const struct ctr_launch_config *c) {
    if (c->seccomp_length == 0) return;
    note(c, CTR_STEP_SECCOMP, 0);
    struct sock_fprog program = {
        .len = (unsigned short)c->seccomp_length,
        .filter = (struct sock_filter *)c->seccomp_filter,
    };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) < 0) fail(c, CTR_STEP_SECCOMP, 0);
}

// Keeps only the configured capabilities: out of the bounding set first
// (while CAP_SETPCAP still allows it), then the effective, permitted and
// inheritable sets, and no ambient ones. After execve a root process gets
// exactly the bounding set; any other user gets none.
//
// The seccomp filter comes last, as runc places it: after no_new_privs
// (what still follows, `--user`'s setresuid, close_range and execve, is
// never refused). Without no_new_privs the kernel lets only a holder of
// CAP_SYS_ADMIN install a filter (so that a setuid program cannot be run
// under one it does not expect): then it goes first, before the drop.
static void restrict_privileges(const struct ctr_launch_config *c) {
    if (!c->no_new_privs) install_seccomp(c);
    if (c->restrict_capabilities) {
        note(c, CTR_STEP_CAPABILITIES, 0);
        for (int cap = 0; cap < 64; cap++) {
            if (c->capabilities & (1ULL << cap)) continue;
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
                if (errno == EINVAL) break;  // past the kernel's last capability
                fail(c, CTR_STEP_CAPABILITIES, cap);
            }
        }
        struct cap_header header = {CTR_CAPABILITY_VERSION_3, 0};
        struct cap_data data[2];
        memset(data, 0, sizeof data);
        for (int word = 0; word < 2; word++) {
            uint32_t keep = (uint32_t)(c->capabilities >> (32 * word));
            data[word].effective = data[word].permitted = data[word].inheritable = keep;
        }
        if (syscall(SYS_capset, &header, data) < 0) fail(c, CTR_STEP_CAPABILITIES, -1);
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    }
    if (c->no_new_privs) {
        note(c, CTR_STEP_NO_NEW_PRIVS, 0);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail(c, CTR_STEP_NO_NEW_PRIVS, 0);
        install_seccomp(c);
    }
}

// MARK: - The root

// The root filesystem, in the order runc and crun use: private propagation,
// with --overlay the overlayfs (so it exists only in this mount namespace),
// the root bound onto itself (pivot_root needs a mount point), the API
// filesystems, the extra mounts, then pivot_root(".", ".") and a lazy
// unmount of the old root that now sits on top of "/".
static void enter_rootfs(const struct ctr_launch_config *c) {
    note(c, CTR_STEP_MOUNT_PRIVATE, 0);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(c, CTR_STEP_MOUNT_PRIVATE, 0);
    if (c->overlay_options != NULL) {
        note(c, CTR_STEP_MOUNT_OVERLAY, 0);
        if (mount("overlay", c->rootfs, "overlay", 0, c->overlay_options) < 0) fail(c, CTR_STEP_MOUNT_OVERLAY, 0);
    }
    note(c, CTR_STEP_BIND_ROOTFS, 0);
    if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) fail(c, CTR_STEP_BIND_ROOTFS, 0);
    if (chdir(c->rootfs) < 0) fail(c, CTR_STEP_ENTER_ROOTFS, 0);
    note(c, CTR_STEP_MOUNT_PROC, 0);
    if (mount_at("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555) < 0)
        fail(c, CTR_STEP_MOUNT_PROC, 0);
    note(c, CTR_STEP_MOUNT_DEV, 0);
    setup_dev(c);
    note(c, CTR_STEP_MOUNT_SYS, 0);
    setup_sys(c);
    protect_kernel_paths(c);
    setup_mounts(c);
    note(c, CTR_STEP_PIVOT_ROOT, 0);
    if (syscall(SYS_pivot_root, ".", ".") < 0) fail(c, CTR_STEP_PIVOT_ROOT, 0);
    note(c, CTR_STEP_DETACH_OLD_ROOT, 0);
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 || umount2(".", MNT_DETACH) < 0)
        fail(c, CTR_STEP_DETACH_OLD_ROOT, 0);
    if (chdir("/") < 0) fail(c, CTR_STEP_ENTER_ROOTFS, 0);
    if (c->readonly_root) {
        note(c, CTR_STEP_READONLY_ROOT, 0);
        if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0) fail(c, CTR_STEP_READONLY_ROOT, 0);
    }
}

// With `explain on`, every step must be on the screen before the program's
// first byte: the child announces the execve it is about to make (not a
// PATH candidate that does not exist) and waits until the parent has
// printed the steps and sent its second byte (or closed the pipe, which
// lets a later candidate go at once). The pipe closes on execve.
static void announce_exec(const struct ctr_launch_config *c, int i) {
    if (c->trace_fd < 0) return;
    if (access(c->exec_candidates[i], F_OK) < 0 && (errno == ENOENT || errno == ENOTDIR)) return;
    note(c, CTR_STEP_EXEC, i);
    char printed;
    while (read(c->sync_fd, &printed, 1) < 0 && errno == EINTR) {}
}

// Tries each candidate path in turn, as execvp does with $PATH: a missing
// file moves on, a permission error is remembered, anything else is final.
__attribute__((noreturn))
static void exec_program(const struct ctr_launch_config *c) {
    int reported = 0, reported_errno = ENOENT;
    for (int i = 0; c->exec_candidates[i] != NULL; i++) {
        announce_exec(c, i);
        execve(c->exec_candidates[i], c->argv, c->envp);
        if (errno == ENOENT || errno == ENOTDIR) continue;
        if (errno == EACCES) {
            if (reported_errno != EACCES) { reported = i; reported_errno = EACCES; }
            continue;
        }
        fail(c, CTR_STEP_EXEC, i);
    }
    errno = reported_errno;
    fail(c, CTR_STEP_EXEC, reported);
}

// MARK: - A child sharing the parent's memory

// A child cloned like fork gets a copy of ctrsh's page tables (a large
// static binary), which the kernel builds and, at the child's execve, tears
// down again. posix_spawn avoids that with CLONE_VM | CLONE_VFORK: the
// child runs in the parent's memory, on a stack of its own, and the calling
// thread sleeps until the child's execve or exit. That is safe here because
// the child already keeps the rules such a child needs: no allocation, no
// lock, only system calls, and it writes nothing but its own stack and
// this thread's errno (the thread sleeps; other threads of an embedding
// host never touch either). Signals stay blocked until the child has reset
// every handler in its own copy of the table (no CLONE_SIGHAND).
//
// It is used only when the child never waits for the parent (the go-ahead
// is on the pipe before the clone, and there is no `explain` trace), and
// needs none of: an ID change (a credential change resets the dumpable flag
// of the memory it would share with ctrsh), a joined time namespace (setns
// refuses a process that shares memory), or a new user namespace (the
// parent writes its maps while the child waits). After a joined pid
// namespace the child's own child, which the container's processes can see
// from its clone to its execve, is cloned like fork: a copy of ctrsh's
// memory at worst, never ctrsh's own.

#define CTR_CLONE_VM 0x00000100ULL
#define CTR_CLONE_VFORK 0x00004000ULL
#define CTR_CHILD_STACK_SIZE (256 * 1024)

#if defined(__x86_64__)
// clone3, whose child starts on args->stack and calls fn(config), never
// returning: it must not return through the frames above, which are the
// parent's own. The kernel keeps every register but rax, rcx and r11 across
// a syscall, so fn (rdx) and config (rcx, copied to r8) survive it.
__attribute__((visibility("hidden")))
long ctr_clone3_on_stack(struct ctr_clone_args *args, size_t size,
                         void (*fn)(const struct ctr_launch_config *), const struct ctr_launch_config *config);
__asm__(
    ".pushsection .text\n"
    ".p2align 4\n"
    ".globl ctr_clone3_on_stack\n"
    ".hidden ctr_clone3_on_stack\n"
    ".type ctr_clone3_on_stack, @function\n"
    "ctr_clone3_on_stack:\n"
    "    mov %rcx, %r8\n"
    "    mov $435, %eax\n"  // SYS_clone3
    "    syscall\n"
    "    test %rax, %rax\n"
    "    jz 1f\n"
    "    ret\n"             // the parent (or -errno)
    "1:  xor %ebp, %ebp\n"  // the child: the outermost frame
    "    mov %r8, %rdi\n"
    "    call *%rdx\n"
    "    hlt\n"             // fn never returns
    ".size ctr_clone3_on_stack, .-ctr_clone3_on_stack\n"
    ".popsection\n");
#define CTR_CAN_SHARE_MEMORY 1
#else
#define CTR_CAN_SHARE_MEMORY 0  // elsewhere every child is cloned like fork
#endif

#if CTR_CAN_SHARE_MEMORY
static int shares_memory(const struct ctr_launch_config *c) {
    return c->released_early && c->trace_fd < 0 && !c->joins_time && !c->set_ids && !c->namespace_root &&
           (c->clone_flags & CTR_CLONE_NEWUSER) == 0;
}
#endif

// Joins the namespaces listed in the config. A joined pid (or time)
// namespace takes effect for children only, so the process clones once
// more with CLONE_PARENT, reports that child's host PID, and leaves: the
// new child, ctrsh's own, goes on with the setup.
static void join_namespaces(const struct ctr_launch_config *c) {
    for (int i = 0; i < c->join_count; i++) {
        note(c, CTR_STEP_SETNS, i);
        if (setns(c->join_fds[i], 0) < 0) fail(c, CTR_STEP_SETNS, i);
        close(c->join_fds[i]);
    }
    if (!c->fork_after_join) return;
    struct ctr_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CTR_CLONE_PARENT;  // exit_signal must be 0: the parent's own is used
    note(c, CTR_STEP_FORK, 0);
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0) fail(c, CTR_STEP_FORK, 0);
    if (pid > 0) {
        int32_t reported = (int32_t)pid;
        ssize_t ignored = write(c->pid_report_fd, &reported, sizeof reported);
        (void)ignored;
        _exit(0);
    }
    close(c->pid_report_fd);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) fail(c, CTR_STEP_PDEATHSIG, 0);
}

// A session of its own, so the program has no controlling terminal to push
// keystrokes into (TIOCSTI) but, when given one, its own pseudo-terminal
// (open_terminal, once in the container's root), which ctrsh relays.
static void setup_stdio(const struct ctr_launch_config *c) {
    if (c->new_session) {
        note(c, CTR_STEP_STDIO, c->terminal_socket_fd >= 0);
        if (setsid() < 0) fail(c, CTR_STEP_STDIO, 0);
    }
    if (c->stdin_fd >= 0 && dup2(c->stdin_fd, STDIN_FILENO) < 0) fail(c, CTR_STEP_STDIO, 0);
    if (c->stdout_fd >= 0 && dup2(c->stdout_fd, STDOUT_FILENO) < 0) fail(c, CTR_STEP_STDIO, 0);
    if (c->stderr_fd >= 0 && dup2(c->stderr_fd, STDERR_FILENO) < 0) fail(c, CTR_STEP_STDIO, 0);
    close_if_open(c->stdin_fd);
    if (c->stdout_fd != c->stdin_fd) close_if_open(c->stdout_fd);
    if (c->stderr_fd != c->stdin_fd && c->stderr_fd != c->stdout_fd) close_if_open(c->stderr_fd);
}

// MARK: - The container's terminal

#define CTR_PTMX_MAJOR 5
#define CTR_PTMX_MINOR 2
#define CTR_PTS_FIRST_MAJOR 136  // UNIX98_PTY_SLAVE_MAJOR
#define CTR_PTS_LAST_MAJOR 143   // ... + UNIX98_PTY_MAJOR_COUNT - 1

static int is_ptmx(const struct stat *st) {
    return S_ISCHR(st->st_mode) && major(st->st_rdev) == CTR_PTMX_MAJOR && minor(st->st_rdev) == CTR_PTMX_MINOR;
}

// The container's pseudo-terminal, opened from the /dev/ptmx it sees: its
// own devpts instance (mounted newinstance with the root), so the slave is
// /dev/pts/N inside and `tty` finds it, as runc and crun do for
// `terminal: true`. Taken after pivot_root, or after setns into a running
// container's mount namespace, whose root could have replaced /dev/ptmx:
// it must be the multiplexer (5:2) before it is opened (a FIFO is never
// opened, so cannot block) and after (the path could change between);
// the slave comes from the master itself (TIOCGPTPEER), never from a path
// the container controls, and must be a devpts terminal. ctrsh checks the
// master again. Without a root of its own the process sees the host's
// /dev/ptmx and gets a pty there, as before.
static void open_terminal(const struct ctr_launch_config *c) {
    if (c->terminal_socket_fd < 0) return;
    struct stat st;
    if (stat("/dev/ptmx", &st) < 0) fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_OPEN);
    if (!is_ptmx(&st)) {
        errno = ENOTTY;
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_NOT_PTMX);
    }
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (master < 0) fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_OPEN);
    if (fstat(master, &st) < 0 || !is_ptmx(&st)) {
        errno = ENOTTY;
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_NOT_PTMX);
    }
    int unlock = 0, number = -1;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &number) < 0)
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_SLAVE);
    note(c, CTR_STEP_TERMINAL, number);
    int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (slave < 0) fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_SLAVE);
    if (fstat(slave, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) < CTR_PTS_FIRST_MAJOR ||
        major(st.st_rdev) > CTR_PTS_LAST_MAJOR) {
        errno = ENOTTY;
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_NOT_PTY);
    }
    // `--user`: the terminal is the user's, as a login's is (mesg, write, sudo look).
    if (tcsetattr(slave, TCSANOW, &c->terminal_settings) < 0 || ioctl(slave, TIOCSWINSZ, &c->terminal_size) < 0 ||
        (c->set_ids && fchown(slave, c->uid, c->gid) < 0))
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_SETTINGS);
    if (ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, STDIN_FILENO) < 0 ||
        (c->terminal_output && (dup2(slave, STDOUT_FILENO) < 0 || dup2(slave, STDERR_FILENO) < 0)))
        fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_CONTROLLING);
    if (slave > STDERR_FILENO) close(slave);
    if (ctr_send_descriptor(c->terminal_socket_fd, master) < 0) fail(c, CTR_STEP_TERMINAL, CTR_TERMINAL_SEND);
    close(master);
    close(c->terminal_socket_fd);
}

// setgroups(0), setresgid and setresuid as the raw system calls. glibc's
// wrappers, in a process that ever had a second thread, broadcast the change
// to every thread they know of (SIGSETXID, under a lock of their thread
// list): after a raw clone3 the child inherits the parent's list and the
// lock as they were, so it signals threads that are not its own and waits
// forever on a lock that a parent thread held at the clone. The kernel call
// changes this thread's credentials: the child's only thread.
// EPERM from setgroups means a user namespace whose setgroups is denied
// (an ordinary user's own gid map): its groups cannot change.
static int set_ids(uid_t uid, gid_t gid) {
    if (syscall(SYS_setgroups, 0, NULL) < 0 && errno != EPERM) return -1;
    if (syscall(SYS_setresgid, gid, gid, gid) < 0) return -1;
    return (int)syscall(SYS_setresuid, uid, uid, uid);
}

// With `user map 0 100000 65536` the child starts as the caller's uid,
// which the new namespace does not map: nothing it creates (a /dev node)
// could have an owner. Become the namespace's root first, as runc does.
static void become_namespace_root(const struct ctr_launch_config *c) {
    if (!c->namespace_root) return;
    note(c, CTR_STEP_SETGROUPS, 0);
    if (set_ids(0, 0) < 0) fail(c, CTR_STEP_SETGROUPS, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) fail(c, CTR_STEP_PDEATHSIG, 0);
}

static void switch_ids(const struct ctr_launch_config *c) {
    if (!c->set_ids) return;
    if (set_ids(c->uid, c->gid) < 0) fail(c, CTR_STEP_IDS, 0);
    // Changing credentials clears the parent-death signal: set it again.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) fail(c, CTR_STEP_PDEATHSIG, 0);
}

// MARK: - ctrsh-init

// Becomes the container's init: the static ctrsh-init program, run from a
// descriptor ctrsh opened on the host (it need not exist in the root). Its
// signals stay blocked across the exec, so none is lost before it waits.
// The failure pipe crosses the exec as CTR_INIT_READY_FD: ctrsh-init
// closes it once it has named itself, and `start` returns only then, so no
// one sees PID 1 as `memfd:ctrsh-init`.
__attribute__((noreturn))
static void exec_init(const struct ctr_launch_config *c) {
    static char init_name[] = "ctrsh-init";
    char *const argv[] = {init_name, NULL};
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    close_on_exec_the_rest();
    int init_fd = c->init_fd;
    if (init_fd == CTR_INIT_READY_FD && (init_fd = fcntl(init_fd, F_DUPFD_CLOEXEC, CTR_INIT_READY_FD + 1)) < 0)
        fail(c, CTR_STEP_EXEC, -1);
    if (c->error_fd == CTR_INIT_READY_FD ? fcntl(CTR_INIT_READY_FD, F_SETFD, 0) < 0
                                         : dup2(c->error_fd, CTR_INIT_READY_FD) < 0)
        fail(c, CTR_STEP_EXEC, -1);
    note(c, CTR_STEP_EXEC, -1);
    syscall(SYS_execveat, init_fd, "", argv, c->envp, AT_EMPTY_PATH);
    fail(c, CTR_STEP_EXEC, -1);
}

// MARK: - The child

// cgroup v1: the child moves itself into its group, in every hierarchy,
// before it does anything else. Writing "0" (the caller) to `tasks` moves
// one thread, and a thread moving itself skips the kernel's global
// threadgroup lock that `cgroup.procs` takes; after an idle moment that
// lock waits for an RCU grace period, about 10 ms here. The child has one
// thread, so the thread is the process. The files were opened by the
// parent, whose credentials the kernel checks.
static void join_cgroup(const struct ctr_launch_config *c) {
    for (int i = 0; i < c->cgroup_task_count; i++) {
        note(c, CTR_STEP_JOIN_CGROUP, i);
        if (write(c->cgroup_task_fds[i], "0", 1) != 1) fail(c, CTR_STEP_JOIN_CGROUP, i);
        close(c->cgroup_task_fds[i]);
    }
}

// Until execve the child is ctrsh's copy: its memory, environment and
// descriptors. Not dumpable, no process but a holder of CAP_SYS_PTRACE may
// open its /proc/PID/fd, mem, environ, cwd or root; execve makes the
// program dumpable again. A child making a new user namespace stays
// dumpable until the parent has written its ID maps (newuidmap checks the
// owner of /proc/PID, which non-dumpable turns to root): nothing but its
// own, empty, namespaces can see it before.
static void set_undumpable(const struct ctr_launch_config *c) {
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) fail(c, CTR_STEP_DUMPABLE, 0);
}

// Everything after the joins (in the child's own child, after a joined pid
// or time namespace): the container's side of the setup.
__attribute__((noreturn))
static void finish_child(const struct ctr_launch_config *c) {
    become_namespace_root(c);
    bring_loopback_up(c);
    setup_stdio(c);
    if (c->rootfs != NULL) {
        enter_rootfs(c);
    } else if (c->mount_host_proc) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail(c, CTR_STEP_MOUNT_PRIVATE, 0);
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
            fail(c, CTR_STEP_MOUNT_HOST_PROC, 0);
    }
    open_terminal(c);
    if (c->hostname != NULL) {
        note(c, CTR_STEP_HOSTNAME, 0);
        if (sethostname(c->hostname, strlen(c->hostname)) < 0) fail(c, CTR_STEP_HOSTNAME, 0);
    }
    if (c->workdir != NULL) {
        note(c, CTR_STEP_CHDIR, 0);
        if (chdir(c->workdir) < 0) fail(c, CTR_STEP_CHDIR, 0);
        check_workdir_inside(c);
    }
    if (c->after_setup == CTR_AFTER_INIT) {
        restrict_privileges(c);
        exec_init(c);
    }
    if (c->after_setup == CTR_AFTER_EXIT) _exit(0);
    // Privileges first, while root still holds CAP_SETPCAP for the bounding
    // set; then `--user`, which the kept CAP_SETUID and CAP_SETGID allow (and
    // which clears the capabilities of a user other than root).
    restrict_privileges(c);
    switch_ids(c);
    close_on_exec_the_rest();
    exec_program(c);
}

__attribute__((noreturn))
static void run_child(const struct ctr_launch_config *c) {
    const int maps_written_later = (c->clone_flags & CTR_CLONE_NEWUSER) != 0;
    if (!maps_written_later) set_undumpable(c);
    close_unused_fds(c);
    if (reset_signals() < 0) fail(c, CTR_STEP_SIGNALS, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) fail(c, CTR_STEP_PDEATHSIG, 0);
    join_cgroup(c);
    wait_for_parent(c);
    if (maps_written_later) set_undumpable(c);
    join_namespaces(c);
    finish_child(c);
}

#if CTR_CAN_SHARE_MEMORY
// A child's stack kept for the next launch: mapping, protecting and
// unmapping one, and the child's first touch of its pages, were paid at
// every container. Taken by an atomic exchange, so launches from several
// threads at once still get one stack each; a second one given back is
// unmapped.
static _Atomic(char *) spare_stack;

// The child's stack: its own mapping, with an inaccessible page below it
// so that an overflow faults instead of writing into the parent's memory.
static char *take_stack(size_t guard) {
    char *stack = atomic_exchange(&spare_stack, NULL);
    if (stack != NULL) return stack;
    stack = mmap(NULL, guard + CTR_CHILD_STACK_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (stack == MAP_FAILED) return NULL;
    if (mprotect(stack + guard, CTR_CHILD_STACK_SIZE, PROT_READ | PROT_WRITE) < 0) {
        int saved = errno;
        munmap(stack, guard + CTR_CHILD_STACK_SIZE);
        errno = saved;
        return NULL;
    }
    return stack;
}

static void give_back_stack(char *stack, size_t guard) {
    char *none = NULL;
    if (!atomic_compare_exchange_strong(&spare_stack, &none, stack)) munmap(stack, guard + CTR_CHILD_STACK_SIZE);
}

// The child's prctl(PR_SET_DUMPABLE, 0) marks the memory it shares, so the
// parent, not dumpable while the child runs, is dumpable again after.
static long clone_sharing_memory(struct ctr_clone_args *args, const struct ctr_launch_config *c) {
    const size_t guard = (size_t)getpagesize();
    char *stack = take_stack(guard);
    if (stack == NULL) return -1;
    args->flags |= CTR_CLONE_VM | CTR_CLONE_VFORK;
    args->stack = (uint64_t)(uintptr_t)(stack + guard);
    args->stack_size = CTR_CHILD_STACK_SIZE;
    const int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    long pid = ctr_clone3_on_stack(args, sizeof *args, run_child, c);
    if (dumpable == 1) prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    give_back_stack(stack, guard);
    if (pid < 0) {
        errno = (int)-pid;
        return -1;
    }
    return pid;
}
#endif

pid_t ctr_launch(const struct ctr_launch_config *config) {
    struct ctr_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = config->clone_flags;
    args.exit_signal = SIGCHLD;
    if (config->cgroup_fd >= 0) {
        args.flags |= CTR_CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)config->cgroup_fd;
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    long pid;
#if CTR_CAN_SHARE_MEMORY
    if (shares_memory(config)) {
        pid = clone_sharing_memory(&args, config);
    } else
#endif
    {
        // No stack: like fork, the child runs on a copy of this thread's stack.
        pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid == 0) run_child(config);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return (pid_t)pid;
}

int ctr_setns(int fd, int nstype) {
    return setns(fd, nstype);
}

int ctr_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

void ctr_flush_stdio(void) {
    fflush(stdout);
    fflush(stderr);
}
