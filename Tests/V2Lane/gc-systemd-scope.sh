# `ctrsh gc` follows the placement: ctrsh as root from a login session
# keeps its groups in a systemd scope of its own (system.slice/ctrsh-PID.scope),
# not below its own cgroup, so a later ctrsh, started from another session,
# must look there. The first ctrsh starts a limited container without a pid
# namespace, whose `sleep` (double-forked, so no parent-death signal reaches
# it) outlives the SIGKILL that ends ctrsh and keeps the scope populated.
# `ctrsh gc` from a new login session then finds the group in that scope:
# the sleeper is killed, the groups and the state are removed, and systemd,
# the scope empty, removes the scope itself.
set -u
fail() { echo "FAIL: $*"; exit 1; }
cat > killed.ctrsh <<'CTRSH'
ns new mnt
rootfs use ./rootfs
cgroup set memory 64M
start
exec -d /bin/sh -c '/bin/sleep 4304 & echo detached'
host sh -c 'delegated=$(lane-delegated "/bin/sleep 4304") && lane-placement "$delegated" "/bin/sleep 4304"'
host sh -c 'kill -9 $PPID'
CTRSH
runuser -l root -c "cd '$PWD' && exec ctrsh killed.ctrsh"
status=$?
[ "$status" = 137 ] || fail "the first ctrsh exited with status $status, not 137 (SIGKILL)"
group=$(lane-cgroup '/bin/sleep 4304') || fail "the sleeper did not outlive ctrsh"
echo "left by the killed ctrsh: $group"
case "$group" in
  /sys/fs/cgroup/system.slice/ctrsh-*.scope/ctrsh/*/default) ;;
  *) fail "the sleeper's group $group is not in a ctrsh-PID.scope" ;;
esac
pids=$(cat "$group/cgroup.procs")
[ -n "$pids" ] || fail "no process in $group"
alive() { for pid in $pids; do [ -d "/proc/$pid" ] && return 0; done; return 1; }
runuser -l root -c "cd '$PWD' && ctrsh gc" || fail "ctrsh gc exited with status $?"
for _ in $(seq 50); do
  alive || break
  sleep 0.2
done
alive && fail "gc left the sleeper (PIDs $pids) running in $group"
# systemd removes the emptied scope when it hears the group is empty: on
# a loaded host, under qemu's emulation, that took up to 22 s. A minute,
# ended as soon as it is gone.
for _ in $(seq 300); do
  [ -z "$(find /sys/fs/cgroup -mindepth 1 -type d -name 'ctrsh*')" ] && break
  sleep 0.2
done
left=$(find /sys/fs/cgroup -mindepth 1 -type d -name 'ctrsh*')
[ -z "$left" ] || fail "cgroups left after gc: $left"
echo "gc removed the group, the sleeper and the scope"
