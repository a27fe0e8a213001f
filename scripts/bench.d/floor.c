// The floor for scripts/bench: the least a container launch can do. It
// clones with new pid, uts, ipc, net and mount namespaces, enters ROOT with
// pivot_root (after mounting /proc), and execs the program. No /dev, no
// error reporting beyond perror: nothing a real runtime can skip.
//
//   floor [-n COUNT] [-s] [-g|-G DIR FILE VALUE]... ROOT PROGRAM [ARG...]
//
// -n runs COUNT containers one after the other in this one process (the
// per-container cost without a process start). Each -g creates the cgroup
// DIR (several -g may name the same DIR, one after the other), writes
// VALUE to DIR/FILE, puts the child in it before it runs, and removes DIR
// when the child is gone: the same cgroups as a runtime would make, and no
// more. As ctrsh does, a v1 child moves itself by writing 0 to DIR/tasks
// (no global lock); where there is no `tasks` file (v2) the parent writes
// the PID to cgroup.procs while the child waits on a pipe. DIR's missing
// parents are made too, and removed after; FILE `-` writes nothing. A -G
// group is the session's: made and written once, joined by every
// container, removed at the end (ctrsh's shared devices group).
//
// -s takes the steps a runtime takes for a container's boundary, as ctrsh
// takes them (`explain on` lists them), with nothing of ctrsh's own around
// them: a session of its own, a tmpfs /dev with six nodes, five links,
// devpts, shm and mqueue, sysfs read-only, ten kernel paths masked and
// five made read-only (each mount point checked with lstat first), the
// hostname, Docker's 14 capabilities kept and the rest dropped,
// no_new_privs, and a seccomp filter of 80 BPF instructions refusing 61
// system calls. With the same -g groups as ctrsh makes, it is what ctrsh
// would cost if it were written in C: the part of ctrsh's time that is
// the container's own.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "restrict.h"

#define MAX_GROUPS 32
#define MAX_MADE 16

struct group {
    const char *dir, *file, *value;
    int session;  // -G: made once for every run
};

static char stack[64 * 1024];
static char **program;
static const char *root;
static int start_pipe[2];
static int task_fds[MAX_GROUPS];
static int task_fd_count;
static int full_steps;
static char made[MAX_MADE][4096];  // cgroup directories made, parents first
static int made_count;
static int session_made = -1;  // how many of them are the session's (-G); -1 before the first run

static int lstat_directory(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

// /dev as ctrsh makes it: a tmpfs, six nodes, five links, devpts, shm, mqueue.
static int make_dev(void) {
    static const struct { const char *path; unsigned major, minor; } nodes[] = {
        {"dev/null", 1, 3}, {"dev/zero", 1, 5}, {"dev/full", 1, 7},
        {"dev/random", 1, 8}, {"dev/urandom", 1, 9}, {"dev/tty", 5, 0},
    };
    static const char *const links[][2] = {
        {"pts/ptmx", "dev/ptmx"}, {"/proc/self/fd", "dev/fd"}, {"/proc/self/fd/0", "dev/stdin"},
        {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"},
    };
    if (lstat_directory("dev") < 0 ||
        mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0)
        return -1;
    mode_t old = umask(0);
    for (unsigned i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (mknod(nodes[i].path, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)) < 0) return -1;
    for (unsigned i = 0; i < sizeof links / sizeof links[0]; i++)
        if (symlink(links[i][0], links[i][1]) < 0) return -1;
    if (mkdir("dev/pts", 0755) < 0 ||
        mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0 ||
        mkdir("dev/shm", 01777) < 0 ||
        mount("shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0 ||
        mkdir("dev/mqueue", 0755) < 0 ||
        mount("mqueue", "dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        return -1;
    umask(old);
    return 0;
}

// /sys read-only, and the kernel paths runc masks or makes read-only.
static int protect_kernel_paths(void) {
    static const char *const masked[] = {
        "proc/acpi", "proc/kcore", "proc/keys", "proc/latency_stats", "proc/timer_list",
        "proc/timer_stats", "proc/sched_debug", "proc/scsi", "sys/firmware", "sys/devices/virtual/powercap",
    };
    static const char *const readonly[] = {"proc/bus", "proc/fs", "proc/irq", "proc/sys", "proc/sysrq-trigger"};
    if (lstat_directory("sys") < 0 ||
        mount("sysfs", "sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        return -1;
    for (unsigned i = 0; i < sizeof masked / sizeof masked[0]; i++) {
        struct stat st;
        if (lstat(masked[i], &st) < 0) continue;
        int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", masked[i], "tmpfs", MS_RDONLY, "size=0")
                                     : mount("dev/null", masked[i], NULL, MS_BIND, NULL);
        if (rc < 0) return -1;
    }
    for (unsigned i = 0; i < sizeof readonly / sizeof readonly[0]; i++) {
        struct stat st;
        if (lstat(readonly[i], &st) < 0) continue;
        if (mount(readonly[i], readonly[i], NULL, MS_BIND | MS_REC, NULL) < 0 ||
            mount(NULL, readonly[i], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
            return -1;
    }
    return 0;
}

static int child(void *arg) {
    (void)arg;
    char go;
    close(start_pipe[1]);
    for (int i = 0; i < task_fd_count; i++) {
        if (write(task_fds[i], "0", 1) != 1) {
            perror("floor: tasks");
            return 127;
        }
    }
    if (read(start_pipe[0], &go, 1) != 1) return 127;
    if (full_steps && setsid() < 0) return 127;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
        mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(root) < 0 ||
        mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
        (full_steps && (make_dev() < 0 || protect_kernel_paths() < 0)) ||
        syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) {
        perror("floor: setup");
        return 127;
    }
    if (full_steps && (sethostname("floor", 5) < 0 || restrict_process() < 0)) {
        perror("floor: restrict");
        return 127;
    }
    execv(program[0], program);
    perror("floor: exec");
    return 127;
}

static int write_file(const char *dir, const char *file, const char *value) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, value, strlen(value));
    close(fd);
    return n < 0 ? -1 : 0;
}

// Makes `dir` and its missing parents, remembering each one made.
static int make_directories(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash) *slash = 0;
        if (mkdir(path, 0755) == 0) {
            if (made_count == MAX_MADE) return -1;
            snprintf(made[made_count++], sizeof made[0], "%s", path);
        } else if (errno != EEXIST) {
            return -1;
        }
        if (!slash) return 0;
        *slash = '/';
    }
}

static int make_groups(const struct group *groups, int group_count, int session) {
    for (int i = 0; i < group_count; i++) {
        if (groups[i].session != session) continue;
        if (make_directories(groups[i].dir) < 0 ||
            (strcmp(groups[i].file, "-") != 0 && write_file(groups[i].dir, groups[i].file, groups[i].value) < 0)) {
            perror(groups[i].dir);
            return -1;
        }
    }
    return 0;
}

static int run_once(const struct group *groups, int group_count) {
    if (session_made < 0) {
        if (make_groups(groups, group_count, 1) < 0) return 127;
        session_made = made_count;
    }
    if (make_groups(groups, group_count, 0) < 0) return 127;
    task_fd_count = 0;
    for (int i = 0; i < group_count; i++) {
        if (i > 0 && strcmp(groups[i].dir, groups[i - 1].dir) == 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/tasks", groups[i].dir);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) task_fds[task_fd_count++] = fd;
    }
    if (pipe2(start_pipe, O_CLOEXEC) < 0) return 127;
    int flags = CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | SIGCHLD;
    pid_t pid = clone(child, stack + sizeof stack, flags, NULL);
    if (pid < 0) {
        perror("floor: clone");
        return 127;
    }
    close(start_pipe[0]);
    char pid_text[16];
    snprintf(pid_text, sizeof pid_text, "%d", pid);
    for (int i = 0; i < group_count && task_fd_count == 0; i++) {
        if (i > 0 && strcmp(groups[i].dir, groups[i - 1].dir) == 0) continue;
        if (write_file(groups[i].dir, "cgroup.procs", pid_text) < 0) perror("floor: cgroup.procs");
    }
    for (int i = 0; i < task_fd_count; i++) close(task_fds[i]);
    if (write(start_pipe[1], "", 1) != 1) return 127;
    close(start_pipe[1]);
    int status;
    if (waitpid(pid, &status, 0) < 0) return 127;
    while (made_count > session_made) rmdir(made[--made_count]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    struct group groups[MAX_GROUPS];
    int group_count = 0, count = 1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            count = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-s") == 0) {
            full_steps = 1;
        } else if ((strcmp(argv[i], "-g") == 0 || strcmp(argv[i], "-G") == 0) && i + 3 < argc &&
                   group_count < MAX_GROUPS) {
            groups[group_count++] = (struct group){argv[i + 1], argv[i + 2], argv[i + 3], argv[i][1] == 'G'};
            i += 3;
        } else {
            break;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: floor [-n COUNT] [-s] [-g|-G DIR FILE VALUE]... ROOT PROGRAM [ARG...]\n");
        return 2;
    }
    root = argv[i];
    program = argv + i + 1;
    int status = 0;
    for (int round = 0; round < count && status == 0; round++) status = run_once(groups, group_count);
    while (made_count > 0) rmdir(made[--made_count]);
    return status;
}
