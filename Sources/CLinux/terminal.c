// Pseudo-terminals: receiving a foreground container's own (the child
// opens it in the container's devpts, see launch.c), and the one `ctrsh
// --cast` runs a second ctrsh on and records. posix_openpt, ptsname_r,
// POSIX_SPAWN_SETSID, SOCK_CLOEXEC and MSG_CMSG_CLOEXEC need _GNU_SOURCE,
// which Swift's Glibc module lacks.
#define _GNU_SOURCE
#include "CLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int ctr_open_pty(char *slave_path, unsigned long length) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    if (grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, slave_path, length) != 0) {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
    return master;
}

pid_t ctr_spawn_on_terminal(const char *slave_path, char *const *argv, char *const *envp) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    // setsid happens before the file actions: opening the slave then makes
    // it the new session's controlling terminal.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, slave_path, O_RDWR, 0);
    posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return pid;
}

int ctr_socketpair_cloexec(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
}

// One byte of data with room for one descriptor: what ctr_send_descriptor
// sends and ctr_receive_descriptor expects.
struct descriptor_message {
    char byte;
    struct iovec data;
    struct msghdr header;
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
};

static void prepare(struct descriptor_message *m) {
    memset(m, 0, sizeof *m);
    m->data.iov_base = &m->byte;
    m->data.iov_len = 1;
    m->header.msg_iov = &m->data;
    m->header.msg_iovlen = 1;
    m->header.msg_control = m->control.buffer;
    m->header.msg_controllen = sizeof m->control.buffer;
}

int ctr_send_descriptor(int socket_fd, int fd) {
    struct descriptor_message m;
    prepare(&m);
    struct cmsghdr *control = CMSG_FIRSTHDR(&m.header);
    control->cmsg_level = SOL_SOCKET;
    control->cmsg_type = SCM_RIGHTS;
    control->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(control), &fd, sizeof fd);
    ssize_t n;
    do {
        n = sendmsg(socket_fd, &m.header, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -1;
}

int ctr_receive_descriptor(int socket_fd) {
    struct descriptor_message m;
    prepare(&m);
    ssize_t n;
    do {
        n = recvmsg(socket_fd, &m.header, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    struct cmsghdr *control = CMSG_FIRSTHDR(&m.header);
    int fd = -1;
    if (control != NULL && control->cmsg_level == SOL_SOCKET && control->cmsg_type == SCM_RIGHTS &&
        control->cmsg_len == CMSG_LEN(sizeof(int)))
        memcpy(&fd, CMSG_DATA(control), sizeof fd);
    if (fd < 0 || (m.header.msg_flags & MSG_CTRUNC)) {
        if (fd >= 0) close(fd);
        errno = EBADMSG;
        return -1;
    }
    return fd;
}

int ctr_pty_master_number(int fd) {
    struct stat st;
    unsigned int number;
    if (fstat(fd, &st) < 0) return -1;
    if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2 || ioctl(fd, TIOCGPTN, &number) < 0) {
        errno = ENOTTY;
        return -1;
    }
    return (int)number;
}
