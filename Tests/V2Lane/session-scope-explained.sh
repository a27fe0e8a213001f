# ctrsh as root from a busy login session scope, with `explain on`: the
# steps that place its groups are shown, in the kernel's order: it asks
# systemd for a scope of its own with Delegate=yes (StartTransientUnit over
# D-Bus), moves itself into that scope's leaf `shell`, and only then
# enables the memory controller for its groups (the no-internal-process
# rule). The transcript in docs/cgroups.md ("Where the cgroups go") is this
# scenario's.
set -u
fail() { echo "FAIL: $*"; exit 1; }
runuser -l root -c "cd '$PWD' && ctrsh -c 'explain on; ns new pid,mnt; rootfs use ./rootfs; cgroup set memory 64M; exec /bin/cat /proc/self/cgroup'" >out 2>&1
status=$?
grep -v '\[child\]' out
[ "$status" = 0 ] || fail "ctrsh exited with status $status"
grep -q "run busctl call --quiet org.freedesktop.systemd1 .* StartTransientUnit .*ctrsh-[0-9]*.scope fail" out ||
  fail "explain shows no request to systemd for ctrsh's scope"
grep -n 'shell/cgroup.procs\|+memory' out | head -1 | grep -q 'shell/cgroup.procs' ||
  fail "ctrsh did not move into its scope's leaf before enabling memory"
grep -qE '^0::/system\.slice/ctrsh-[0-9]+\.scope/ctrsh/[0-9]+/default(-run[0-9]+)?$' out ||
  fail "the container's group is not in ctrsh's own scope"
