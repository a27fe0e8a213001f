// See CArchiveLoader.h. Each function resolves its libarchive counterpart
// once and calls it. archive_read_new and archive_write_disk_new return
// NULL when libarchive is missing, which the Swift side reports; the others
// are only reached after those succeeded.
#define _GNU_SOURCE
#include "CArchiveLoader.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <stddef.h>

static void *library(void) {
    static void *handle;
    if (handle == NULL) handle = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    return handle;
}

int ctr_archive_available(void) { return library() != NULL; }

#define RESOLVE(name) \
    static __typeof__(&name) real; \
    if (real == NULL) real = (__typeof__(&name))dlsym(library(), #name);

struct archive *archive_read_new(void) {
    if (library() == NULL) return NULL;
    RESOLVE(archive_read_new) return real ? real() : NULL;
}
struct archive *archive_write_disk_new(void) {
    if (library() == NULL) return NULL;
    RESOLVE(archive_write_disk_new) return real ? real() : NULL;
}
int archive_read_free(struct archive *a) { RESOLVE(archive_read_free) return real(a); }
int archive_write_free(struct archive *a) { RESOLVE(archive_write_free) return real(a); }
int archive_read_support_filter_all(struct archive *a) { RESOLVE(archive_read_support_filter_all) return real(a); }
int archive_read_support_format_tar(struct archive *a) { RESOLVE(archive_read_support_format_tar) return real(a); }
int archive_write_disk_set_options(struct archive *a, int flags) { RESOLVE(archive_write_disk_set_options) return real(a, flags); }
int archive_read_open_filename(struct archive *a, const char *name, size_t block) {
    RESOLVE(archive_read_open_filename) return real(a, name, block);
}
int archive_read_next_header(struct archive *a, struct archive_entry **e) { RESOLVE(archive_read_next_header) return real(a, e); }
const char *archive_entry_pathname(struct archive_entry *e) { RESOLVE(archive_entry_pathname) return real(e); }
time_t archive_entry_atime(struct archive_entry *e) { RESOLVE(archive_entry_atime) return real(e); }
long archive_entry_atime_nsec(struct archive_entry *e) { RESOLVE(archive_entry_atime_nsec) return real(e); }
time_t archive_entry_mtime(struct archive_entry *e) { RESOLVE(archive_entry_mtime) return real(e); }
long archive_entry_mtime_nsec(struct archive_entry *e) { RESOLVE(archive_entry_mtime_nsec) return real(e); }
la_int64_t archive_entry_size(struct archive_entry *e) { RESOLVE(archive_entry_size) return real(e); }
__LA_MODE_T archive_entry_filetype(struct archive_entry *e) { RESOLVE(archive_entry_filetype) return real(e); }
int archive_write_header(struct archive *a, struct archive_entry *e) { RESOLVE(archive_write_header) return real(a, e); }
int archive_write_finish_entry(struct archive *a) { RESOLVE(archive_write_finish_entry) return real(a); }
int archive_write_close(struct archive *a) { RESOLVE(archive_write_close) return real(a); }
int archive_read_data_block(struct archive *a, const void **buffer, size_t *size, la_int64_t *offset) {
    RESOLVE(archive_read_data_block) return real(a, buffer, size, offset);
}
la_ssize_t archive_write_data_block(struct archive *a, const void *buffer, size_t size, la_int64_t offset) {
    RESOLVE(archive_write_data_block) return real(a, buffer, size, offset);
}
const char *archive_error_string(struct archive *a) { RESOLVE(archive_error_string) return real(a); }
int archive_errno(struct archive *a) { RESOLVE(archive_errno) return real(a); }
