#include "CEditLineShim.h"

#include <stddef.h>
#include <stdio.h>

EditLine *ctr_el_open(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

void ctr_el_flush(void) {
    fflush(stdout);
}

void ctr_el_configure(EditLine *el, ctr_el_prompt_fn prompt, void *client_data,
                      History *hist, ctr_el_getc_fn getc_fn) {
    el_set(el, EL_SIGNAL, 0);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_CLIENTDATA, client_data);
    // libedit's history() function, then the History it works on.
    el_set(el, EL_HIST, history, hist);
    el_set(el, EL_GETCFN, getc_fn);
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
}

void *ctr_el_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

void ctr_el_bind_function(EditLine *el, const char *name, const char *help,
                          ctr_el_key_fn fn, const char *key) {
    el_set(el, EL_ADDFN, name, help, fn);
    el_set(el, EL_BIND, key, name, NULL);
}

History *ctr_history_open(int size) {
    HistEvent event;
    History *h = history_init();
    if (h == NULL) return NULL;
    history(h, &event, H_SETSIZE, size);
    history(h, &event, H_SETUNIQUE, 1);
    return h;
}

void ctr_history_add(History *h, const char *line) {
    HistEvent event;
    history(h, &event, H_ENTER, line);
}

int ctr_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

int ctr_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

const char *ctr_history_step(History *h, int first) {
    HistEvent event;
    // libedit's "first" is the newest entry; walk from the oldest (H_LAST) with H_PREV.
    if (history(h, &event, first ? H_LAST : H_PREV) < 0) return NULL;
    return event.str;
}
