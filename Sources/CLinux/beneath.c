// Opening a path beneath a directory descriptor, which Swift cannot do:
// openat2(2) has no libc wrapper and its struct and flags live in
// <linux/openat2.h>.
#include "CLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int ctr_open_beneath(int dir_fd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = -1;
    // The kernel says EAGAIN when a rename raced the lookup: try again.
    for (int attempt = 0; attempt < 16; attempt++) {
        fd = syscall(SYS_openat2, dir_fd, path, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN) break;
    }
    return (int)fd;
}
