#!/bin/bash
# systemd-placement.sh — where ctrsh puts its cgroups on a cgroup-v2-only
# systemd host, and that the limits are in force there (issue 14).
#
# VM: /work/shared/tools/systemd-v2-vm (Debian 12, systemd 252, cgroup v2
# only). This script is the VM's TEST_SCRIPT; it runs as root and needs
# ctrsh, ctrsh-init and a busybox root at /opt/ctrsh/{ctrsh,ctrsh-init,rootfs}:
#
#   extra=$(mktemp -d); mkdir -p "$extra/opt/ctrsh"
#   cp .build/release/ctrsh .build/release/ctrsh-init "$extra/opt/ctrsh/"
#   cp -a rootfs "$extra/opt/ctrsh/rootfs"        # the README's busybox root
#   LANE_DIR=/var/tmp/ctrsh-v2place-systemd \
#     /work/shared/tools/systemd-v2-vm "$extra" Tests/V2Lane/systemd-placement.sh
#
# Scenarios, each running the same ctrsh script (limits, a detached
# container, a probe that reads the host's cgroup files, an exec that joins
# the container, then the end of the script):
#   1. root from a login session scope (`runuser -l root`), beside its shell:
#      ctrsh asks systemd for `ctrsh-PID.scope` (Delegate=yes) and moves there;
#   2. root alone in a delegated scope (`systemd-run --scope -p Delegate=yes`);
#   3. user tester alone in a delegated user scope
#      (`systemd-run --user --scope -p Delegate=yes`, linger enabled);
#   4. tester in its login session without delegation: containers without
#      limits work, a limit names the command that works;
#   5. 1 again with `explain on`, for the steps (the README's transcript).
# In 1–3 the groups must lie inside ctrsh's own delegated scope, never in the
# session scope, and nothing of ctrsh's may be left after it quits.
# Prints `ok:`/`FAIL:` lines; exits 1 if any check failed.
set -u
cd /opt/ctrsh || exit 2
export PATH=/opt/ctrsh:$PATH
failures=0
check() {  # check NAME COMMAND…: runs COMMAND, prints ok/FAIL
    local name=$1; shift
    if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; failures=$((failures + 1)); fi
}
contains() { grep -qF -- "$2" "$1"; }

# The probe ctrsh runs on the host (`host sh probe.sh`) while the detached
# container runs: what the kernel says about ctrsh, its groups, the limits.
cat > /opt/ctrsh/probe.sh <<'EOF'
ctrsh=$PPID
own=$(sed -n 's/^0:://p' /proc/$ctrsh/cgroup)
echo "ctrsh-cgroup $own"
group=$(find /sys/fs/cgroup -path "*/ctrsh/$ctrsh/default" -type d | head -1)
echo "group ${group#/sys/fs/cgroup}"
echo "memory.max $(cat "$group/memory.max")"
echo "pids.max $(cat "$group/pids.max")"
pid=$(head -1 "$group/cgroup.procs")
echo "container-cgroup $(sed -n 's/^0:://p' /proc/$pid/cgroup)"
EOF
chmod 644 /opt/ctrsh/probe.sh
cat > /opt/ctrsh/limits.ctrsh <<'EOF'
ns new pid,mnt
rootfs use ./rootfs
cgroup set memory 64M
cgroup set pids 20
exec -d /bin/sleep 300
host sh /opt/ctrsh/probe.sh
cgroup show
exec /bin/sh -c "echo in-container; cat /proc/self/cgroup"
expect output contains in-container
EOF
chmod 644 /opt/ctrsh/limits.ctrsh

# Checks one scenario's output file: the group below `$2` (a cgroup path
# pattern for ctrsh's own delegated cgroup), limits read back on the host.
check_run() {
    local out=$1 where=$2 name=$3
    echo "---- $name"; cat "$out"
    check "$name: ctrsh ran the script" contains "$out" "in-container"
    check "$name: memory.max read on the host is 64M" contains "$out" "memory.max 67108864"
    check "$name: pids.max read on the host is 20" contains "$out" "pids.max 20"
    local group; group=$(sed -n 's/^group //p' "$out")
    local container; container=$(sed -n 's/^container-cgroup //p' "$out")
    local own; own=$(sed -n 's/^ctrsh-cgroup //p' "$out")
    check "$name: the group $group lies in $where" bash -c "[[ '$group' == $where/ctrsh/*/default ]]"
    check "$name: the container runs in its group" test -n "$group" -a "$container" = "$group"
    check "$name: ctrsh itself sits in the leaf $where/shell" bash -c "[[ '$own' == $where/shell ]]"
}

leftovers() {  # any ctrsh cgroup left anywhere
    sleep 1
    find /sys/fs/cgroup -type d \( -name ctrsh -o -name 'ctrsh-*.scope' \) | grep . && return 1
    return 0
}

echo "== systemd $(systemctl --version | head -1); $(uname -r)"

# 1. root from a login session, beside its shell
runuser -l root -c 'cd /opt/ctrsh && cat /proc/self/cgroup > /tmp/session-cgroup && /opt/ctrsh/ctrsh /opt/ctrsh/limits.ctrsh' > /tmp/out1 2>&1
echo "session: $(cat /tmp/session-cgroup)"
check_run /tmp/out1 "/system.slice/ctrsh-*.scope" "root in a session"
check "root in a session: nothing was made in the session scope" \
    bash -c "! find /sys/fs/cgroup/user.slice -name ctrsh | grep ."
check "root in a session: the scope and its groups are gone after quit" leftovers

# 2. root alone in a delegated scope
systemd-run --quiet --scope -p Delegate=yes /opt/ctrsh/ctrsh /opt/ctrsh/limits.ctrsh > /tmp/out2 2>&1
check_run /tmp/out2 "/system.slice/run-*.scope" "root in a delegated scope"
check "root in a delegated scope: nothing left" leftovers

# 3. tester alone in a delegated user scope
loginctl enable-linger tester
for _ in $(seq 50); do systemctl is-active --quiet user@1000.service && break; sleep 0.2; done
runuser -u tester -- env XDG_RUNTIME_DIR=/run/user/1000 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus \
    systemd-run --user --quiet --scope -p Delegate=yes /opt/ctrsh/ctrsh /opt/ctrsh/limits.ctrsh > /tmp/out3 2>&1
check_run /tmp/out3 "/user.slice/user-1000.slice/user@1000.service/*/run-*.scope" "tester in a delegated user scope"
check "tester in a delegated user scope: nothing left" leftovers

# 4. tester without delegation: no limits works, a limit says what works
runuser -l tester -c 'cd /opt/ctrsh && /opt/ctrsh/ctrsh -c "ns new pid,mnt; rootfs use ./rootfs; exec /bin/echo no-limits-ok; cgroup set memory 64M; exec /bin/true"' > /tmp/out4 2>&1
echo "---- tester without delegation"; cat /tmp/out4
check "tester without delegation: a container without limits runs" contains /tmp/out4 "no-limits-ok"
check "tester without delegation: the limit names the command that works" \
    contains /tmp/out4 "systemd-run --user --scope -p Delegate=yes ctrsh"

# 5. root in a session again, with `explain on`: the steps that place the
#    groups (the systemd request, ctrsh's move into the leaf, the controllers)
runuser -l root -c "cd /opt/ctrsh && cat /proc/self/cgroup && /opt/ctrsh/ctrsh -c 'explain on; ns new pid,mnt; rootfs use ./rootfs; cgroup set memory 64M; exec /bin/cat /proc/self/cgroup'" > /tmp/out5 2>&1
echo "---- root in a session, explained"; grep -v '\[child\]' /tmp/out5
check "explained: ctrsh asks systemd for its scope" grep -q "run busctl call --quiet org.freedesktop.systemd1 .* StartTransientUnit .*ctrsh-[0-9]*.scope fail" /tmp/out5
check "explained: ctrsh moves into the scope's leaf before enabling memory" \
    bash -c "grep -n 'shell/cgroup.procs\|+memory' /tmp/out5 | head -2 | grep -q 'shell/cgroup.procs'"
check "root in a session, explained: nothing left" leftovers

echo "== $failures check(s) failed"
[ "$failures" = 0 ]
