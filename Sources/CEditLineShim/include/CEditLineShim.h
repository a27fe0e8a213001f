// Non-variadic wrappers around libedit's el_set, el_get and history, which
// Swift cannot call (they are C variadic functions). One wrapper per use.
#ifndef CTR_EDITLINE_SHIM_H
#define CTR_EDITLINE_SHIM_H
#include <histedit.h>
#endif
