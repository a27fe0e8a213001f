// The floor for joining a running container (scripts/bench): the least an
// `exec` into it can do, as nsenter does it. It opens PID's ipc, uts, net,
// pid and mount namespaces and its root once, then COUNT times: fork; the
// child enters the namespaces (setns), the root (fchdir, chroot) and forks
// once more, since a joined pid namespace takes effect for children only;
// the grandchild execs the program. No cgroup, no capabilities, no seccomp,
// no descriptor hygiene: nothing a real runtime can skip.
//
//   join-floor [-n COUNT] [-s] [-t TASKS]... PID PROGRAM [ARG...]
//
// -s takes the steps ctrsh's `exec` takes for the container's boundary,
// with nothing of ctrsh's own around them: each -t names a cgroup v1
// `tasks` file (opened once) that the child moves itself into by writing 0,
// as ctrsh joins the container's group in every hierarchy; the grandchild
// gets a session of its own, Docker's 14 capabilities, no_new_privs and a
// seccomp filter of ctrsh's size (restrict.h, as floor -s).
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "restrict.h"

static const char *const types[] = {"ipc", "uts", "net", "pid", "mnt"};
#define TYPE_COUNT (int)(sizeof types / sizeof types[0])
#define MAX_TASKS 16

static int full_steps;
static int task_fds[MAX_TASKS];
static int task_count;

static int wait_status(pid_t pid) {
    int status;
    if (waitpid(pid, &status, 0) < 0) return 127;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int join_once(const int *fds, int root, char **program) {
    pid_t child = fork();
    if (child < 0) return 127;
    if (child > 0) return wait_status(child);
    for (int i = 0; i < task_count; i++) {
        if (write(task_fds[i], "0", 1) != 1) {
            perror("join-floor: tasks");
            _exit(127);
        }
    }
    for (int i = 0; i < TYPE_COUNT; i++) {
        if (setns(fds[i], 0) < 0) {
            perror(types[i]);
            _exit(127);
        }
    }
    if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0) {
        perror("join-floor: root");
        _exit(127);
    }
    pid_t grandchild = fork();
    if (grandchild < 0) _exit(127);
    if (grandchild == 0) {
        if (full_steps && (setsid() < 0 || restrict_process() < 0)) {
            perror("join-floor: restrict");
            _exit(127);
        }
        execv(program[0], program);
        perror("join-floor: exec");
        _exit(127);
    }
    _exit(wait_status(grandchild));
}

int main(int argc, char **argv) {
    int count = 1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            count = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-s") == 0) {
            full_steps = 1;
        } else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc && task_count < MAX_TASKS) {
            if ((task_fds[task_count++] = open(argv[++i], O_WRONLY | O_CLOEXEC)) < 0) {
                perror(argv[i]);
                return 127;
            }
        } else {
            break;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: join-floor [-n COUNT] [-s] [-t TASKS]... PID PROGRAM [ARG...]\n");
        return 2;
    }
    char path[64];
    int fds[TYPE_COUNT];
    for (int t = 0; t < TYPE_COUNT; t++) {
        snprintf(path, sizeof path, "/proc/%s/ns/%s", argv[i], types[t]);
        if ((fds[t] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            perror(path);
            return 127;
        }
    }
    snprintf(path, sizeof path, "/proc/%s/root", argv[i]);
    int root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        perror(path);
        return 127;
    }
    int status = 0;
    for (int round = 0; round < count && status == 0; round++) status = join_once(fds, root, argv + i + 1);
    return status;
}
