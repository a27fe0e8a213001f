// CLinux: the C that ctrsh's Swift code cannot do itself.
//
// Two things live here, and nothing else:
//  1. ctr_launch(): clone3() and everything the child does between clone and
//     execve (mounts, pivot_root, hostname, exec). Between clone and execve
//     the child calls only async-signal-safe functions and never allocates:
//     the Swift parent prepares every string and array beforehand.
//  2. Declarations Swift's Glibc module hides (it is built without
//     _GNU_SOURCE) or cannot call (variadic syscall()): the CLONE_NEW*
//     flags, setns, bpf, and signal plumbing.
// Every symbol is prefixed ctr_ / CTR_.
#ifndef CTR_CLINUX_H
#define CTR_CLINUX_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <termios.h>
#include "CtrInitProtocol.h"

#define CTR_CLONE_NEWTIME   0x00000080ULL
#define CTR_CLONE_NEWNS     0x00020000ULL
#define CTR_CLONE_NEWCGROUP 0x02000000ULL
#define CTR_CLONE_NEWUTS    0x04000000ULL
#define CTR_CLONE_NEWIPC    0x08000000ULL
#define CTR_CLONE_NEWUSER   0x10000000ULL
#define CTR_CLONE_NEWPID    0x20000000ULL
#define CTR_CLONE_NEWNET    0x40000000ULL

/// The steps of the child's setup, in the order they were added (not the
/// order it takes them: run_child in launch.c is that). One list, expanded
/// into `enum ctr_step` and into ctr_step_count/ctr_step_name, so that a
/// test can walk every constant and find its entry in the Swift step table
/// (ChildSteps.swift: the path, the failure's words, explain's words).
/// A new step is one line here and one entry there.
#define CTR_STEP_LIST(X)                                                                              \
    X(SIGNALS)           /* reset dispositions and mask */                                            \
    X(PDEATHSIG)         /* prctl(PR_SET_PDEATHSIG) */                                                \
    X(SYNC)              /* wait for the parent's go-ahead */                                         \
    X(SETGROUPS)         /* setgroups/setresgid/setresuid to root in a user namespace (namespace_root) */ \
    X(MOUNT_PRIVATE)     /* mount("/", MS_REC|MS_PRIVATE) */                                          \
    X(BIND_ROOTFS)       /* bind the rootfs onto itself */                                            \
    X(ENTER_ROOTFS)      /* chdir into it */                                                          \
    X(MOUNT_PROC)        /* proc on ROOT/proc */                                                      \
    X(MOUNT_DEV)         /* tmpfs on ROOT/dev */                                                      \
    X(DEV_NODE)          /* a node or symlink in /dev (detail: its index) */                          \
    X(MOUNT_DEVPTS)      /* devpts on ROOT/dev/pts */                                                 \
    X(MOUNT_SHM)         /* tmpfs on ROOT/dev/shm */                                                  \
    X(MOUNT_MQUEUE)      /* mqueue on ROOT/dev/mqueue, for a new ipc namespace */                     \
    X(MOUNT_SYS)         /* sysfs on ROOT/sys, read-only */                                           \
    X(PIVOT_ROOT)        /* pivot_root(".", ".") */                                                   \
    X(DETACH_OLD_ROOT)   /* umount2 of the old root */                                                \
    X(READONLY_ROOT)     /* remount / read-only */                                                    \
    X(HOSTNAME)          /* sethostname */                                                            \
    X(CHDIR)             /* chdir to the working directory */                                         \
    X(EXEC)              /* execve (detail: index of the candidate; -1: ctrsh-init) */                \
    X(MOUNT_HOST_PROC)   /* no rootfs: a fresh /proc for the new pid namespace */                     \
    X(SETNS)             /* setns into a joined namespace (detail: its index) */                      \
    X(FORK)              /* the second clone that enters a joined pid namespace */                    \
    X(STDIO)             /* setsid, the controlling terminal (detail: 1 with one), stdin, stdout, stderr */ \
    X(IDS)               /* setgroups/setresgid/setresuid for --user */                               \
    X(MOUNT_OVERLAY)     /* overlayfs of the root, before it is bound onto itself */                  \
    X(MOUNT_TARGET)      /* find or create an extra mount's destination (detail: its index) */        \
    X(MOUNT_EXTRA)       /* the extra mount itself (detail: its index) */                             \
    X(MOUNT_READONLY)    /* make an extra mount read-only (detail: its index) */                      \
    X(MASK_PATH)         /* hide or make read-only a /proc or /sys path (detail: its index) */        \
    X(CAPABILITIES)      /* drop capabilities (bounding, then the process sets, ambient) */           \
    X(NO_NEW_PRIVS)      /* prctl(PR_SET_NO_NEW_PRIVS) */                                             \
    X(LOOPBACK_UP)       /* bring up `lo` in the new network namespace */                             \
    X(SECCOMP)           /* seccomp(SECCOMP_SET_MODE_FILTER) with the parent's program */             \
    X(JOIN_CGROUP)       /* write "0" to a v1 hierarchy's `tasks` file (detail: its index) */         \
    X(DUMPABLE)          /* prctl(PR_SET_DUMPABLE, 0): /proc/PID closed to the container until execve */ \
    X(CLOSE_FDS)         /* close_range: every descriptor of ctrsh's the child does not use */        \
    X(TERMINAL)          /* the container's own pseudo-terminal, from its /dev/ptmx (detail, announced: \
                            the pty's number; on failure: enum ctr_terminal_failure) */

#define CTR_STEP_CONSTANT(name) CTR_STEP_##name,

/// A step of the child's setup (see CTR_STEP_LIST), numbered from 1: a
/// zeroed record names none.
enum ctr_step {
    CTR_STEP_NONE = 0,
    CTR_STEP_LIST(CTR_STEP_CONSTANT)
};

/// The number of steps: they are 1...ctr_step_count().
int ctr_step_count(void);

/// The name of step `step` as its constant spells it after CTR_STEP_
/// ("PIVOT_ROOT"), or NULL outside 1...ctr_step_count().
const char *ctr_step_name(int step);

/// What went wrong in CTR_STEP_TERMINAL (its failure's detail).
enum ctr_terminal_failure {
    CTR_TERMINAL_OPEN = 0,    // stat or open /dev/ptmx
    CTR_TERMINAL_NOT_PTMX,    // /dev/ptmx is not the pty multiplexer (character device 5:2)
    CTR_TERMINAL_SLAVE,       // unlock, number or open the slave (TIOCSPTLCK, TIOCGPTN, TIOCGPTPEER)
    CTR_TERMINAL_NOT_PTY,     // the slave is not a devpts terminal (major 136-143)
    CTR_TERMINAL_SETTINGS,    // its termios and window size, and with set_ids its owner
    CTR_TERMINAL_CONTROLLING, // ioctl(TIOCSCTTY), dup2 onto 0, 1, 2
    CTR_TERMINAL_SEND,        // sendmsg(SCM_RIGHTS) of the master to ctrsh
};

/// What the child reports through the error pipe when a step fails. The
/// parent reads it; end-of-file instead means execve succeeded.
struct ctr_failure {
    int32_t step;    // enum ctr_step
    int32_t err;     // errno
    int32_t detail;  // step-specific index (device node, exec candidate)
};

/// The path (inside the container) that CTR_STEP_MASK_PATH's detail
/// indexes, or NULL when the index is out of range.
const char *ctr_masked_path_name(int index);

/// 1 when the path ctr_masked_path_name(index) names is hidden (masked),
/// 0 when it is made read-only, -1 when the index is out of range.
int ctr_masked_path_hides(int index);

/// The name of the /dev entry that CTR_STEP_DEV_NODE's detail indexes
/// (e.g. "/dev/null"), or NULL when the index is out of range.
const char *ctr_dev_entry_name(int index);

/// The kinds of extra mount (`mount bind`, `mount tmpfs`).
enum ctr_mount_kind {
    CTR_MOUNT_BIND = 1,  // bind the host path `source` (recursively)
    CTR_MOUNT_TMPFS,     // a fresh tmpfs with the options in `data`
};

/// An extra mount inside the new root, made after /proc, /dev and /sys and
/// before pivot_root. The destination is resolved beneath the root only
/// (openat2 RESOLVE_BENEATH): an absolute symlink, a `..` or a /proc magic
/// link on the way is refused instead of leading out to the host.
struct ctr_mount {
    int kind;                 // enum ctr_mount_kind
    const char *destination;  // relative to the root, normalised: "data/in" (no "", "." or "..")
    const char *source;       // a bind's absolute host path, resolved when it was added: opened
                              // without following any symlink (RESOLVE_NO_SYMLINKS); NULL for tmpfs
    const char *data;         // tmpfs options ("mode=1777,size=16777216"); NULL for a bind
    int readonly;             // made read-only afterwards (a bind: recursively)
    int is_file;              // a missing destination is created as an empty file (a file is
                              // bound), else as a directory
    int must_exist;           // never create a missing destination: the root is a host directory
                              // the user asked ctrsh to leave as it is (`rootfs use DIR --readonly`)
};

/// One classic BPF instruction, laid out as the kernel's struct sock_filter.
/// The parent builds the seccomp program from these (see SeccompFilter.swift).
struct ctr_bpf_instruction {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
};

/// One eBPF instruction, laid out as the kernel's struct bpf_insn
/// (`registers`: destination in the low four bits, source in the high four).
/// The parent builds the cgroup v2 device program from these (see DeviceFilter.swift).
struct ctr_ebpf_instruction {
    uint8_t code;
    uint8_t registers;
    int16_t offset;
    int32_t immediate;
};

/// What the child does once its setup is done.
enum ctr_after_setup {
    CTR_AFTER_EXEC = 0,  // execve the program
    CTR_AFTER_INIT,      // exec ctrsh-init from init_fd (see ctr_launch)
    CTR_AFTER_EXIT,      // exit 0: the setup itself was the point (a live hostname change)
};

/// Everything the child needs, prepared by the parent before clone.
struct ctr_launch_config {
    uint64_t clone_flags;      // CTR_CLONE_NEW* bits
    int sync_fd;               // read end: the parent writes one byte when ready
    int sync_write_fd;         // write end, closed by the child
    int error_fd;              // write end (O_CLOEXEC) for struct ctr_failure
    int error_read_fd;         // read end, closed by the child
    int trace_fd;              // >= 0 (explain on): each step announced here first
    int cgroup_fd;             // >= 0: clone3 CLONE_INTO_CGROUP (cgroup v2)
    const int *cgroup_task_fds; // cgroup v1: the group's `tasks` file in each hierarchy
    int cgroup_task_count;      // (O_WRONLY): the child moves itself in first thing
    int stdin_fd;              // >= 0: becomes the child's standard input
    int stdout_fd;             // >= 0: becomes the child's standard output
    int stderr_fd;             // >= 0: becomes the child's standard error
    int new_session;           // setsid(): off ctrsh's terminal, in a session of its own
    int terminal_socket_fd;    // >= 0 (with new_session): once in the container's root (or its
                               // joined mount namespace), open a pseudo-terminal from its
                               // /dev/ptmx, make the slave the controlling terminal and standard
                               // input, and send the master to ctrsh over this socket (SCM_RIGHTS)
    int terminal_output;       // with it: the slave is standard output and error too
    struct termios terminal_settings; // the slave's initial settings (ctrsh's terminal's)
    struct winsize terminal_size;     // and window size
    const int *join_fds;       // namespaces to setns into, in this order
    int join_count;
    int fork_after_join;       // a joined pid or time namespace applies to
                               // children only: clone once more (CLONE_PARENT,
                               // so ctrsh is the parent) and go on in that child
    int pid_report_fd;         // with fork_after_join: the new child's host PID
    int joins_time;            // one of join_fds is a time namespace
    int released_early;        // the go-ahead byte is on the sync pipe before the clone: the
                               // parent has nothing to do between clone and go (no ID maps,
                               // no cgroup.procs, no veth, no explain), so the child may
                               // share its memory (see ctr_launch)
    int after_setup;           // enum ctr_after_setup
    int init_fd;               // CTR_AFTER_INIT: the ctrsh-init program (O_PATH)
    int restrict_capabilities; // keep only `capabilities` (bit n: capability n)
    uint64_t capabilities;
    int no_new_privs;          // prctl(PR_SET_NO_NEW_PRIVS, 1) before exec
    const struct ctr_bpf_instruction *seccomp_filter; // the seccomp program, installed
    int seccomp_length;                               // last; 0 instructions: none
    int loopback_up;           // `net up`: set IFF_UP on lo (new net namespace)
    int mask_paths;            // with a rootfs: mask and make read-only the
                               // kernel paths runc protects (see launch.c)
    int namespace_root;        // right after the go-ahead, become uid and gid 0 of the
                               // (new or joined) user namespace: its maps give root
                               // to other IDs than the caller's (`user map 0 100000 65536`)
    int set_ids;               // switch to uid/gid before exec
    uint32_t uid, gid;
    const char *rootfs;        // NULL: stay in the host's root
    const char *overlay_options; // non-NULL: first mount overlayfs on `rootfs` with these options
                                 // ("lowerdir=…,upperdir=…,workdir=…"), in the new mount namespace
    const struct ctr_mount *mounts; // extra mounts inside the root, in this order
    int mount_count;
    int readonly_root;         // remount the new root read-only
    int mount_host_proc;       // no rootfs, new mnt+pid: fresh /proc
    int mount_mqueue;          // a rootfs and a new ipc namespace: its message queues on /dev/mqueue
    const char *hostname;      // NULL: leave as is
    const char *workdir;       // NULL: leave as is
    const char *const *exec_candidates; // absolute paths to try, NULL-terminated
    char *const *argv;         // NULL-terminated
    char *const *envp;         // NULL-terminated
};

/// Clones the child and returns its PID (the parent side), or -1 with errno.
/// All signals are blocked around the clone; the child resets them.
///
/// In init mode the child, once set up, execs the static ctrsh-init program
/// from `init_fd` with every signal blocked (see Sources/CtrshInit).
///
/// With `released_early`, and when the child needs none of glibc's set-ID
/// calls, no joined time namespace and no trace, it shares the parent's memory
/// (CLONE_VM | CLONE_VFORK, as posix_spawn does) and runs on a stack of its
/// own: no copy of ctrsh's page tables. The calling thread then waits until
/// the child's execve or exit.
pid_t ctr_launch(const struct ctr_launch_config *config);

/// setns(2), which Swift cannot see.
int ctr_setns(int fd, int nstype);

/// pipe2(fds, O_CLOEXEC), which Swift cannot see.
int ctr_pipe_cloexec(int fds[2]);

/// lgetxattr(2), from <sys/xattr.h>, which Swift's Glibc module leaves out.
ssize_t ctr_lgetxattr(const char *path, const char *name, void *value, size_t size);

/// flistxattr(2): the NUL-separated names of an open file's extended attributes.
ssize_t ctr_flistxattr(int fd, char *list, size_t size);

/// fgetxattr(2).
ssize_t ctr_fgetxattr(int fd, const char *name, void *value, size_t size);

/// fsetxattr(2), creating or replacing the attribute.
int ctr_fsetxattr(int fd, const char *name, const void *value, size_t size);

/// openat2(dir_fd, path, flags | O_CLOEXEC | O_NOFOLLOW) resolving beneath
/// `dir_fd` without following any symlink: a `..` or an absolute name that
/// leads out fails with EXDEV, a symlink anywhere on the way with ELOOP.
int ctr_open_beneath(int dir_fd, const char *path, int flags);

/// A sealed copy of the program open at `source`, in memory (memfd_create
/// named `name`, close-on-exec): it can be executed with execveat, and
/// nothing can write to it, so /proc/PID/exe of the process that runs it
/// leads to no file of the host's. Returns the descriptor, or -1 with errno.
int ctr_sealed_copy(int source, const char *name);

/// O_PATH, which Swift cannot see.
#define CTR_O_PATH 010000000

/// fflush(stdout) and fflush(stderr), before a child writes to the same
/// terminal (Swift 6 cannot name the C stdio globals safely).
void ctr_flush_stdio(void);

// MARK: - Pseudo-terminals (a foreground container's own, and --cast's)

/// socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC), which Swift cannot see.
int ctr_socketpair_cloexec(int fds[2]);

/// Sends `fd` over a Unix socket (SCM_RIGHTS, with one byte): how the
/// child hands the container's terminal to ctrsh. Async-signal-safe (no
/// allocation). Returns 0, or -1 with errno.
int ctr_send_descriptor(int socket_fd, int fd);

/// Receives one descriptor sent with SCM_RIGHTS (close-on-exec on arrival,
/// MSG_CMSG_CLOEXEC) without waiting: -1 with EAGAIN when none is there
/// yet, EBADMSG when the message carries no single descriptor.
int ctr_receive_descriptor(int socket_fd);

/// The number N of the pseudo-terminal whose master `fd` is (its slave is
/// /dev/pts/N of its devpts): `fd` must be the multiplexer's character
/// device (5:2) and answer TIOCGPTN, as only a pty master does. -1 with
/// ENOTTY for anything else.
int ctr_pty_master_number(int fd);

/// Opens a new pseudo-terminal (`--cast`'s): its master (returned,
/// close-on-exec) and the path of its slave in `slave_path`. Returns -1
/// with errno on failure.
int ctr_open_pty(char *slave_path, unsigned long length);

/// Starts `argv` (an absolute path) in a new session whose controlling
/// terminal is the pseudo-terminal at `slave_path`, on standard input,
/// output and error. Returns the PID, or -1 with errno.
pid_t ctr_spawn_on_terminal(const char *slave_path, char *const *argv, char *const *envp);

// MARK: - Signals

/// Installs ctrsh's handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH,
/// SIGPIPE (a closed output pipe must not kill ctrsh before it cleans up)
/// and the job-control signals: each only records that it arrived (no SA_RESTART, so
/// a blocking waitpid returns EINTR). Handlers, not SIG_IGN, so that nothing
/// stays ignored in children after execve.
void ctr_signals_install(void);

/// Blocks (`block` non-zero) or unblocks the signals ctr_signals_install
/// handles. While blocked, one that arrives stays pending until
/// ctr_poll_unblocked lets it in: no signal is lost between a check and a wait.
void ctr_signals_block(int block);

/// ppoll(2) on `fds` with the handled signals unblocked for the duration of
/// the call only; `timeout_ms` < 0 waits forever. Returns like ppoll.
struct pollfd;
int ctr_poll_unblocked(struct pollfd *fds, unsigned count, int timeout_ms);

/// pidfd_open(2): a descriptor that becomes readable when `pid` exits.
int ctr_pidfd_open(pid_t pid);

/// Returns the signal numbers that arrived since the last call as a bit set
/// (bit n = signal n) and clears it.
uint64_t ctr_signals_take(void);

/// Makes `pgrp` the foreground process group of the terminal `fd`, with
/// SIGTTOU blocked so that a caller in the background is not stopped (what
/// a job-control shell does to take the terminal back).
int ctr_tcsetpgrp_quietly(int fd, pid_t pgrp);

// MARK: - eBPF (the cgroup v2 device policy)

/// bpf(BPF_PROG_LOAD) of a BPF_PROG_TYPE_CGROUP_DEVICE program of `count`
/// instructions. Returns the program's descriptor, or -1 with errno; the
/// verifier's complaint, if any, lands in `log`.
int ctr_bpf_load_device_program(const struct ctr_ebpf_instruction *program, unsigned count,
                                const char *license, char *log, unsigned log_size);

/// bpf(BPF_PROG_ATTACH) of a loaded device program to the cgroup v2
/// directory open at `cgroup_fd`, with BPF_F_ALLOW_MULTI (as runc and crun
/// attach it: the programs of the groups above still apply). Returns 0 or -1.
int ctr_bpf_attach_device_program(int program_fd, int cgroup_fd);

#endif
