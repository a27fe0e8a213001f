// A small hyperfine for the v2 lane's VM (scripts/bench), which has no
// hyperfine: runs PROGRAM RUNS times, each after a pause of PAUSE_MS, and
// prints the median wall time of one run in microseconds. Its output goes
// to /dev/null; a run that fails stops it with status 1.
//
//   repeat RUNS PAUSE_MS PROGRAM [ARG...]
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: repeat RUNS PAUSE_MS PROGRAM [ARG...]\n");
        return 2;
    }
    int runs = atoi(argv[1]), pause_ms = atoi(argv[2]);
    if (runs < 1) return 2;
    double *times = calloc((size_t)runs, sizeof *times);
    if (times == NULL) return 2;
    for (int i = 0; i < runs; i++) {
        if (pause_ms > 0) usleep((useconds_t)pause_ms * 1000);
        double start = now_us();
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            execvp(argv[3], argv + 3);
            _exit(127);
        }
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) < 0) return 1;
        times[i] = now_us() - start;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "repeat: %s failed (status %d)\n", argv[3], status);
            return 1;
        }
    }
    qsort(times, (size_t)runs, sizeof *times, by_value);
    printf("%.0f\n", runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2);
    return 0;
}
