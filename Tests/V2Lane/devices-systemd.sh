#!/bin/bash
# The device policy under systemd 252 on a cgroup-v2-only kernel, where
# systemd attaches device programs of its own to units: ctrsh's program
# (attached with BPF_F_ALLOW_MULTI) loads beside them from a service, a
# delegated scope and root's login session, keeps `/dev/kmsg` (c 1 11)
# closed and leaves /dev/null working.
set -u
root=$PWD/rootfs
probe='mknod /tmp/k c 1 11; (: >> /tmp/k) 2>&1; rm -f /tmp/k; echo x > /dev/null && echo null-ok'
script="ns new pid,mnt; rootfs use $root; explain on; exec /bin/sh -c '$probe'"
check() {  # $1: where; the rest: how to run ctrsh there
  local where=$1 out
  shift
  out=$("$@" ctrsh -c "$script" 2>&1)
  if grep -q 'bpf(BPF_PROG_ATTACH)' <<<"$out" && grep -q 'Operation not permitted' <<<"$out" && grep -q null-ok <<<"$out"; then
    echo "$where: kmsg refused, /dev/null works"
  else
    echo "$where: FAILED"; echo "$out"; exit 1
  fi
}
check "a service" env
check "a delegated scope" systemd-run --quiet --scope -p Delegate=yes
login() { runuser -l root -c "$(printf '%q ' "$@")"; }  # a logind session-N.scope
check "root's login session" login
