// ctrsh-init: PID 1 of a container that `start` launched. A tiny static
// program, so that it runs in a root without a libc and its memory is its
// own (a forked copy of ctrsh would look large to the OOM killer). It
// holds the container's namespaces, reaps orphans, and on SIGTERM, SIGINT,
// SIGHUP or SIGQUIT passes the signal to every other process of its pid
// namespace and exits once they are gone.
//
// ctrsh execs it with every signal already blocked, so that none is lost
// before the loop below waits for them, and with its launch pipe open at
// CTR_INIT_READY_FD, to be closed when PID 1 is ready.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../CLinux/include/CtrInitProtocol.h"

static int is_terminating(int sig) {
    return sig == SIGTERM || sig == SIGINT || sig == SIGHUP || sig == SIGQUIT;
}

int main(void) {
    // ctrsh runs it from a sealed copy in memory, named `memfd:ctrsh-init`
    // by the kernel; `ps` in the container shows the program's own name.
    prctl(PR_SET_NAME, "ctrsh-init", 0, 0, 0);
    close(CTR_INIT_READY_FD);  // `start` returns now
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
        if (null_fd > STDERR_FILENO) close(null_fd);
    }
    int terminating = 0;
    const int is_namespace_init = getpid() == 1;
    for (;;) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        int sig = terminating ? sigtimedwait(&all, NULL, &tick) : sigwaitinfo(&all, NULL);
        if (sig == SIGCHLD || terminating) {
            while (waitpid(-1, NULL, WNOHANG) > 0) {}
        }
        if (sig > 0 && is_terminating(sig)) {
            terminating = 1;
            if (is_namespace_init) kill(-1, sig);  // never outside its own pid namespace
        }
        if (terminating && (!is_namespace_init || (kill(-1, 0) < 0 && errno == ESRCH))) return 0;
    }
}
