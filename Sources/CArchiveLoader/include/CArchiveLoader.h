// The libarchive functions ctrsh uses, defined here as trampolines that
// load libarchive with dlopen on first use instead of linking it: its
// dependency chain (libxml2, ICU, compressors) would otherwise cost every
// ctrsh start about 1.5 ms, for the rare session that unpacks a tarball.
// The declarations are libarchive's own (archive.h, archive_entry.h).
#ifndef CTR_ARCHIVE_LOADER_H
#define CTR_ARCHIVE_LOADER_H

/// True when libarchive could be loaded (it is then loaded).
int ctr_archive_available(void);

#endif
