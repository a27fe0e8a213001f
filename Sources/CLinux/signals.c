// ctrsh's own signal handling: handlers that only record what arrived, read
// back by the Swift side between blocking calls.
#define _GNU_SOURCE
#include "CLinux.h"

#include <signal.h>
#include <unistd.h>

static uint64_t pending;  // bit n: signal n arrived

static void record_signal(int sig) {
    __atomic_fetch_or(&pending, 1ULL << sig, __ATOMIC_SEQ_CST);
}

void ctr_signals_install(void) {
    static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGWINCH};
    struct sigaction sa = {0};
    sa.sa_handler = record_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking wait returns EINTR
    for (unsigned i = 0; i < sizeof handled / sizeof handled[0]; i++) sigaction(handled[i], &sa, NULL);
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
