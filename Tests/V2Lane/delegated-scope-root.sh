# ctrsh as root, alone in a delegated scope (`systemd-run --scope -p
# Delegate=yes`: system.slice/v2lane-root.scope, owned by ctrsh, every
# controller available): the container gets a group of its own below the
# scope, with its limits in force, read back from outside the container; no
# ctrsh group lands outside the scope.
set -u
fail() { echo "FAIL: $*"; exit 1; }
cat > placement.ctrsh <<'CTRSH'
ns new pid,mnt
rootfs use ./rootfs
cgroup set memory 64M
cgroup set pids 20
exec -d /bin/sleep 4302
host lane-cgroup '/bin/sleep 4302' memory.max 67108864
host lane-cgroup '/bin/sleep 4302' pids.max 20
host sh -c 'unit=$(lane-delegated "/bin/sleep 4302") || exit 1; [ "$unit" = "$(cat scope)" ] || { echo "in $unit, not in $(cat scope)"; exit 1; }'
host sh -c 'lane-placement "$(cat scope)" "/bin/sleep 4302"'
cgroup show
expect output matches '^ +memory +64M limit, '
CTRSH
systemd-run --quiet --scope --unit=v2lane-root -p Delegate=yes \
  sh -c "sed -n 's/^0:://p' /proc/self/cgroup > scope && exec ctrsh placement.ctrsh"
status=$?
echo "ctrsh started in $(cat scope)"
[ "$(cat scope)" = /system.slice/v2lane-root.scope ] || fail "systemd-run did not start ctrsh in its scope"
[ "$status" = 0 ] || fail "ctrsh exited with status $status"
