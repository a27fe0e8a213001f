// A sealed in-memory copy of a program, for `start`'s ctrsh-init.
#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

int ctr_sealed_copy(int source, const char *name) {
    struct stat st;
    if (fstat(source, &st) < 0) return -1;
    int copy = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (copy < 0) return -1;
    off_t offset = 0;
    while (offset < st.st_size) {
        ssize_t n = sendfile(copy, source, &offset, (size_t)(st.st_size - offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int saved = n < 0 ? errno : EIO;
            close(copy);
            errno = saved;
            return -1;
        }
    }
    if (fcntl(copy, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
        int saved = errno;
        close(copy);
        errno = saved;
        return -1;
    }
    return copy;
}
