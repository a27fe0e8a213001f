// ctrsh's own signal handling: handlers that only record what arrived, read
// back by the Swift side between blocking calls.
#define _GNU_SOURCE
#include "CLinux.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint64_t pending;  // bit n: signal n arrived
static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGWINCH, SIGPIPE};
static const unsigned handled_count = sizeof handled / sizeof handled[0];

static void record_signal(int sig) {
    __atomic_fetch_or(&pending, 1ULL << sig, __ATOMIC_SEQ_CST);
}

void ctr_signals_install(void) {
    struct sigaction sa = {0};
    sa.sa_handler = record_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking wait returns EINTR
    for (unsigned i = 0; i < handled_count; i++) sigaction(handled[i], &sa, NULL);
}

static void handled_set(sigset_t *set) {
    sigemptyset(set);
    for (unsigned i = 0; i < handled_count; i++) sigaddset(set, handled[i]);
}

void ctr_signals_block(int block) {
    sigset_t set;
    handled_set(&set);
    pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

int ctr_poll_unblocked(struct pollfd *fds, unsigned count, int timeout_ms) {
    sigset_t during;
    pthread_sigmask(SIG_SETMASK, NULL, &during);
    for (unsigned i = 0; i < handled_count; i++) sigdelset(&during, handled[i]);
    struct timespec timeout = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    return ppoll(fds, count, timeout_ms < 0 ? NULL : &timeout, &during);
}

int ctr_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

uint64_t ctr_signals_take(void) {
    return __atomic_exchange_n(&pending, 0, __ATOMIC_SEQ_CST);
}

int ctr_tcsetpgrp_quietly(int fd, pid_t pgrp) {
    sigset_t ttou, old;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    pthread_sigmask(SIG_BLOCK, &ttou, &old);
    int rc = tcsetpgrp(fd, pgrp);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
