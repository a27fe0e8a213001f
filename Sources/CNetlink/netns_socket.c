// A socket that lives in another network namespace. A socket belongs for
// its whole life to the namespace it was created in, whoever uses it
// later, so ctrsh needs only to *create* its netlink socket inside the
// container's namespace and can then drive it from its own thread.
//
// Why a child process: setns(CLONE_NEWNET) moves the calling thread, and
// ctrsh's threads (or XCTest's, in the tests) must never run in a
// container's namespace, not even briefly. So a throwaway child (a plain
// fork-like clone3, all signals blocked, async-signal-safe calls only)
// enters the namespace, creates the socket, hands it back over a Unix
// socket pair with SCM_RIGHTS, and exits. The container's own C child
// cannot do it: it is waiting on the sync pipe, and the parent has to
// create the veth pair before it can be configured.
#define _GNU_SOURCE
#include "CNetlink.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The kernel's struct clone_args, first version.
struct ctr_netns_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
    uint64_t stack, stack_size, tls;
};

// The child's report: the descriptor travels as SCM_RIGHTS, the errno as data.
__attribute__((noreturn))
static void send_back(int channel, int fd, int error) {
    struct iovec data = {.iov_base = &error, .iov_len = sizeof error};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1};
    if (fd >= 0) {
        message.msg_control = control.buffer;
        message.msg_controllen = sizeof control.buffer;
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(header), &fd, sizeof fd);
    }
    ssize_t ignored = sendmsg(channel, &message, MSG_NOSIGNAL);
    (void)ignored;
    _exit(0);
}

static int receive(int channel) {
    int error = 0;
    struct iovec data = {.iov_base = &error, .iov_len = sizeof error};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {
        .msg_iov = &data, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    ssize_t n;
    do {
        n = recvmsg(channel, &message, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    if (n != sizeof error) {
        errno = ECHILD;  // the child died before it could report
        return -1;
    }
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (header != NULL && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
        int fd;
        memcpy(&fd, CMSG_DATA(header), sizeof fd);
        return fd;
    }
    errno = error != 0 ? error : EPROTO;
    return -1;
}

int ctr_socket_in_netns(int netns_fd, int domain, int type, int protocol) {
    int channel[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) < 0) return -1;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    struct ctr_netns_clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) {
        close(channel[0]);
        if (setns(netns_fd, CLONE_NEWNET) < 0) send_back(channel[1], -1, errno);
        int fd = socket(domain, type, protocol);
        send_back(channel[1], fd, fd < 0 ? errno : 0);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(channel[1]);
    if (pid < 0) {
        close(channel[0]);
        errno = saved;
        return -1;
    }
    int fd = receive(channel[0]);
    saved = errno;
    close(channel[0]);
    int status;
    while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR) {}
    errno = saved;
    return fd;
}
