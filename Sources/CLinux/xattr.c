// Extended attributes, which Swift's Glibc module does not declare.
#include "CLinux.h"

#include <sys/xattr.h>

ssize_t ctr_lgetxattr(const char *path, const char *name, void *value, size_t size) {
    return lgetxattr(path, name, value, size);
}
