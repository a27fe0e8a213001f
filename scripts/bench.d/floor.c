// The floor for scripts/bench: the least a container launch can do. It
// clones with new pid, uts, ipc, net and mount namespaces, enters ROOT with
// pivot_root (after mounting /proc), and execs the program. No /dev, no
// error reporting beyond perror: nothing a real runtime can skip.
//
//   floor [-n COUNT] [-g DIR FILE VALUE]... ROOT PROGRAM [ARG...]
//
// -n runs COUNT containers one after the other in this one process (the
// per-container cost without a process start). Each -g creates the cgroup
// DIR (several -g may name the same DIR, one after the other), writes
// VALUE to DIR/FILE, puts the child in it before it runs, and removes DIR
// when the child is gone: the same cgroups as a runtime would make, and no
// more. As ctrsh does, a v1 child moves itself by writing 0 to DIR/tasks
// (no global lock); where there is no `tasks` file (v2) the parent writes
// the PID to cgroup.procs while the child waits on a pipe.
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
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_GROUPS 8

struct group {
    const char *dir, *file, *value;
};

static char stack[64 * 1024];
static char **program;
static const char *root;
static int start_pipe[2];
static int task_fds[MAX_GROUPS];
static int task_fd_count;

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
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
        mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(root) < 0 ||
        mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
        syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0) {
        perror("floor: setup");
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

static int run_once(const struct group *groups, int group_count) {
    for (int i = 0; i < group_count; i++) {
        if ((mkdir(groups[i].dir, 0755) < 0 && errno != EEXIST) ||
            write_file(groups[i].dir, groups[i].file, groups[i].value) < 0) {
            perror(groups[i].dir);
            return 127;
        }
    }
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
    for (int i = 0; i < group_count; i++) rmdir(groups[i].dir);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    struct group groups[MAX_GROUPS];
    int group_count = 0, count = 1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            count = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-g") == 0 && i + 3 < argc && group_count < MAX_GROUPS) {
            groups[group_count++] = (struct group){argv[i + 1], argv[i + 2], argv[i + 3]};
            i += 3;
        } else {
            break;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: floor [-n COUNT] [-g DIR FILE VALUE]... ROOT PROGRAM [ARG...]\n");
        return 2;
    }
    root = argv[i];
    program = argv + i + 1;
    int status = 0;
    for (int round = 0; round < count && status == 0; round++) status = run_once(groups, group_count);
    return status;
}
