# ctrsh as the ordinary user `tester` in a login session, with no delegated
# cgroup: a container without limits still runs, and the first limit is
# refused with one error that names the command that works on this machine
# (tester's user manager runs, so `systemd-run --user --scope -p
# Delegate=yes ctrsh`).
set -u
fail() { echo "FAIL: $*"; exit 1; }
chown -R tester:tester .
runuser -l tester -c "cd '$PWD' && ctrsh -c 'ns new pid,mnt; rootfs use ./rootfs; exec /bin/echo no-limits-ok; cgroup set memory 64M; exec /bin/true'" >out 2>&1
status=$?
cat out
grep -q '^no-limits-ok$' out || fail "a container without limits did not run"
grep -qF 'systemd-run --user --scope -p Delegate=yes ctrsh' out || fail "the limit's error does not name the command that works"
[ "$status" != 0 ] || fail "the limit was not refused"
