// libarchive's reading and disk-writing API, from Debian's libarchive-dev.
#include <archive.h>
#include <archive_entry.h>
