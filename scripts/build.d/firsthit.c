// firsthit ADDRESSES HITS -- COMMAND [ARGUMENT...]
//
// Which functions of a static executable a run executes, in the order it
// first executes them (scripts/generate-order makes the link order of
// scripts/build from it). ADDRESSES lists the entry address of every
// function of COMMAND's executable (hex, one a line); HITS gets each of
// them, appended, the first time a traced process runs it.
//
// COMMAND runs under ptrace with an int3 at every entry, planted at its
// execve before its first instruction; a breakpoint hit is put back to
// its original byte in the memory of the process that hit it, which then
// goes on from the same instruction. Every function thus costs one trap,
// the first time only: a start of ctrsh runs at nearly its own pace, and
// no function is missed, as a sampling profile misses the many functions
// a start runs once. Clones, forks and vforks are traced too (a child
// sharing memory may be the one to hit a breakpoint), until their execve,
// where they are let go. Needs the rights to trace COMMAND (root, for
// commands that make containers).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t *entries;        // sorted, without repeats
static unsigned char *original;  // the byte each int3 replaced
static unsigned char *reported;  // whether HITS has it already
static size_t entry_count;

static int compare(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static long entry_index(uint64_t address) {
  size_t low = 0, high = entry_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (entries[middle] < address) low = middle + 1; else high = middle;
  }
  return low < entry_count && entries[low] == address ? (long)low : -1;
}

static void read_entries(const char *path) {
  FILE *file = fopen(path, "r");
  if (!file) { perror(path); exit(1); }
  size_t capacity = 1 << 16;
  entries = malloc(capacity * sizeof *entries);
  unsigned long long address;
  while (entries && fscanf(file, "%llx", &address) == 1) {
    if (entry_count == capacity) entries = realloc(entries, (capacity *= 2) * sizeof *entries);
    if (entries) entries[entry_count++] = address;
  }
  fclose(file);
  if (!entries || entry_count == 0) { fprintf(stderr, "firsthit: no addresses in %s\n", path); exit(1); }
  qsort(entries, entry_count, sizeof *entries, compare);
  size_t kept = 1;
  for (size_t i = 1; i < entry_count; i++) if (entries[i] != entries[kept - 1]) entries[kept++] = entries[i];
  entry_count = kept;
  original = malloc(entry_count);
  reported = calloc(entry_count, 1);
  if (!original || !reported) { perror("firsthit"); exit(1); }
}

static int open_memory(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
  return open(path, O_RDWR | O_CLOEXEC);
}

// Reads the span of code once, plants every int3, writes it back once.
static void plant(pid_t pid) {
  uint64_t low = entries[0], size = entries[entry_count - 1] + 1 - low;
  unsigned char *code = malloc(size);
  int memory = open_memory(pid);
  if (!code || memory < 0 || pread(memory, code, size, (off_t)low) != (ssize_t)size) {
    perror("firsthit: reading the code");
    exit(1);
  }
  for (size_t i = 0; i < entry_count; i++) {
    original[i] = code[entries[i] - low];
    code[entries[i] - low] = 0xcc;
  }
  if (pwrite(memory, code, size, (off_t)low) != (ssize_t)size) { perror("firsthit: planting"); exit(1); }
  close(memory);
  free(code);
}

// Whether PID stopped at one of the int3s; if so, records the function,
// puts its byte back and moves PID back onto it.
static int take_breakpoint(pid_t pid, FILE *hits) {
  struct user_regs_struct registers;
  if (ptrace(PTRACE_GETREGS, pid, 0, &registers) != 0) return 0;
  long i = entry_index(registers.rip - 1);
  if (i < 0) return 0;
  int memory = open_memory(pid);
  int restored = memory >= 0 && pwrite(memory, &original[i], 1, (off_t)entries[i]) == 1;
  if (memory >= 0) close(memory);
  if (!restored) return 0;
  registers.rip = entries[i];
  ptrace(PTRACE_SETREGS, pid, 0, &registers);
  if (!reported[i]) {
    reported[i] = 1;
    fprintf(hits, "%llx\n", (unsigned long long)entries[i]);
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 5 || strcmp(argv[3], "--") != 0) {
    fprintf(stderr, "usage: firsthit ADDRESSES HITS -- COMMAND [ARGUMENT...]\n");
    return 2;
  }
  read_entries(argv[1]);
  FILE *hits = fopen(argv[2], "a");
  if (!hits) { perror(argv[2]); return 1; }

  pid_t command = fork();
  if (command < 0) { perror("firsthit: fork"); return 1; }
  if (command == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    execvp(argv[4], argv + 4);
    perror(argv[4]);
    _exit(127);
  }
  int status;
  if (waitpid(command, &status, __WALL) < 0 || !WIFSTOPPED(status)) {
    fprintf(stderr, "firsthit: %s did not start\n", argv[4]);
    return 1;
  }
  ptrace(PTRACE_SETOPTIONS, command, 0,
         PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC |
             PTRACE_O_EXITKILL);
  plant(command);
  ptrace(PTRACE_CONT, command, 0, 0);

  int command_status = 0;
  for (;;) {
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;  // no traced process left
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid == command) command_status = status;
      continue;
    }
    if (!WIFSTOPPED(status)) continue;
    int signal = WSTOPSIG(status), event = status >> 16;
    if (event == PTRACE_EVENT_EXEC) {
      // The main command's own execve was the first stop; any later one is
      // a child becoming another program: not ours to trace.
      ptrace(PTRACE_DETACH, pid, 0, 0);
      continue;
    }
    if (event != 0 || signal == SIGSTOP) signal = 0;  // a new child's first stop, or an event
    else if (signal == SIGTRAP && take_breakpoint(pid, hits)) signal = 0;
    ptrace(PTRACE_CONT, pid, 0, signal);
  }
  fclose(hits);
  if (WIFEXITED(command_status)) return WEXITSTATUS(command_status);
  return 128 + WTERMSIG(command_status);
}
