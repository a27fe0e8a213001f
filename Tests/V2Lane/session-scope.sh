# ctrsh as root started from a busy login session scope (`runuser -l root`
# lands in user.slice/user-0.slice/session-N.scope, which also holds
# runuser). systemd does not delegate a session scope, and it holds
# processes, so the container's group must lie in a subtree systemd
# delegated (a scope with Delegate=yes that ctrsh asked for), with its
# limits in force, read back from outside the container; every ctrsh group
# lies in that subtree, and the session scope gets no group at all.
set -u
fail() { echo "FAIL: $*"; exit 1; }
cat > placement.ctrsh <<'CTRSH'
ns new pid,mnt
rootfs use ./rootfs
cgroup set memory 64M
cgroup set pids 20
exec -d /bin/sleep 4301
host lane-cgroup '/bin/sleep 4301' memory.max 67108864
host lane-cgroup '/bin/sleep 4301' pids.max 20
host sh -c 'delegated=$(lane-delegated "/bin/sleep 4301") && lane-placement "$delegated" "/bin/sleep 4301"'
host sh -c 'made=$(find "/sys/fs/cgroup$(cat scope)" -mindepth 1 -type d); [ -z "$made" ] || { echo "groups made in the session scope:" $made; exit 1; }'
cgroup show
expect output matches '^ +memory +64M limit, '
CTRSH
runuser -l root -c "cd '$PWD' && sed -n 's/^0:://p' /proc/self/cgroup > scope && exec ctrsh placement.ctrsh"
status=$?
echo "ctrsh started in $(cat scope)"
grep -qE '^/user\.slice/user-0\.slice/session-[[:alnum:]]+\.scope$' scope || fail "runuser -l did not start ctrsh in a session scope"
[ "$status" = 0 ] || fail "ctrsh exited with status $status"
