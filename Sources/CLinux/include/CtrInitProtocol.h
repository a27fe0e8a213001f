// What ctrsh and ctrsh-init agree on across the exec that starts a
// container's PID 1. Included by both programs; one place for the number.
#ifndef CTR_INIT_PROTOCOL_H
#define CTR_INIT_PROTOCOL_H

// ctrsh-init inherits the write end of ctrsh's launch-failure pipe at this
// descriptor and closes it once it has named itself (PR_SET_NAME): the end
// of the pipe tells `start` that PID 1 is ready.
#define CTR_INIT_READY_FD 3

#endif
