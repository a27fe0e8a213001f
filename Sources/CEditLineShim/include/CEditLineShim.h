// Non-variadic wrappers around libedit's el_set, el_get and history(),
// which Swift cannot call (they are C variadic functions): one wrapper per
// use, nothing else. Prefixed ctr_el_ / ctr_history_.
#ifndef CTR_EDITLINE_SHIM_H
#define CTR_EDITLINE_SHIM_H

#include <histedit.h>
#include <wchar.h>

typedef char *(*ctr_el_prompt_fn)(EditLine *);
typedef unsigned char (*ctr_el_key_fn)(EditLine *, int);
typedef int (*ctr_el_getc_fn)(EditLine *, wchar_t *);

/// el_init on the process's standard input, output and error.
EditLine *ctr_el_open(const char *program);

/// Flushes the editor's output stream (stdout), before ctrsh writes to the
/// terminal directly.
void ctr_el_flush(void);

/// The editor's basic setup: emacs bindings, the prompt callback, the
/// client data pointer, the history, and our own character reader. libedit's
/// own signal handling stays off (ctrsh handles SIGWINCH and SIGTERM in
/// the reader); Ctrl-C and Ctrl-Z reach the editor as keys, not signals.
void ctr_el_configure(EditLine *el, ctr_el_prompt_fn prompt, void *client_data,
                      History *hist, ctr_el_getc_fn getc_fn);

/// The pointer given to ctr_el_configure.
void *ctr_el_client_data(EditLine *el);

/// Adds a named editor function and binds it to `key` (e.g. "^I").
void ctr_el_bind_function(EditLine *el, const char *name, const char *help,
                          ctr_el_key_fn fn, const char *key);

/// A history with `size` entries that drops consecutive duplicates.
History *ctr_history_open(int size);

/// Adds a line to the history.
void ctr_history_add(History *history, const char *line);

/// Loads or saves the history file; returns -1 on failure.
int ctr_history_load(History *history, const char *path);
int ctr_history_save(History *history, const char *path);

/// Iterates from the oldest entry (`first` non-zero) or to the next newer
/// one; NULL at the end.
const char *ctr_history_step(History *history, int first);

#endif
