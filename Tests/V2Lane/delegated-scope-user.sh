# ctrsh as the ordinary user `tester`, alone in a scope its user manager
# delegated to it (`systemd-run --user --scope -p Delegate=yes`, lingering
# user: user@1000.service/app.slice/v2lane-user.scope, owned by tester, with
# cpu, memory and pids): the container gets a group of its own below the
# scope, with its limits in force, read back from outside the container; no
# ctrsh group lands outside the scope. A limit whose controller the scope
# lacks (io) is refused when typed, naming what is there.
set -u
fail() { echo "FAIL: $*"; exit 1; }
loginctl enable-linger tester || fail "loginctl enable-linger tester"
trap 'loginctl disable-linger tester' EXIT
for _ in $(seq 100); do
  [ "$(systemctl is-active user@1000.service)" = active ] && break
  sleep 0.2
done
systemctl is-active user@1000.service || fail "tester's user manager did not start"
cat > placement.ctrsh <<'CTRSH'
ns new pid,mnt
rootfs use ./rootfs
cgroup set memory 64M
cgroup set pids 20
exec -d /bin/sleep 4303
host lane-cgroup '/bin/sleep 4303' memory.max 67108864
host lane-cgroup '/bin/sleep 4303' pids.max 20
host sh -c 'unit=$(lane-delegated "/bin/sleep 4303") || exit 1; [ "$unit" = "$(cat scope)" ] || { echo "in $unit, not in $(cat scope)"; exit 1; }'
host sh -c 'lane-placement "$(cat scope)" "/bin/sleep 4303"'
cgroup show
expect output matches '^ +memory +64M limit, '
CTRSH
chown -R tester:tester .
runuser -l tester -c "cd '$PWD' && systemd-run --user --quiet --scope --unit=v2lane-user -p Delegate=yes \
  sh -c \"sed -n 's/^0:://p' /proc/self/cgroup > scope && exec ctrsh placement.ctrsh\""
status=$?
echo "ctrsh started in $(cat scope)"
[ "$(cat scope)" = /user.slice/user-1000.slice/user@1000.service/app.slice/v2lane-user.scope ] ||
  fail "systemd-run --user did not start ctrsh in its scope"
[ "$status" = 0 ] || fail "ctrsh exited with status $status"
runuser -l tester -c "cd '$PWD' && systemd-run --user --quiet --scope --unit=v2lane-user-io -p Delegate=yes \
  ctrsh -c 'cgroup set io.weight 100'" >io.out 2>&1
status=$?
cat io.out
[ "$status" != 0 ] || fail "io.weight was accepted in a scope without the io controller"
grep -q "error: cgroup set: \`io.weight\` needs the io controller, which is not available to ctrsh's cgroup .*(available: cpu, memory, pids)" io.out ||
  fail "the refusal does not name the missing controller and what is available"
