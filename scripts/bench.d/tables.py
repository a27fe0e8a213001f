#!/usr/bin/env python3
"""The Markdown tables of scripts/bench, from what it measured in WORK.

    tables.py WORK CTRSH_PEAK_RSS_KIB QUICK

Prints every measured row, then issue 19's targets: met, or missed by how much.
"""
import glob
import json
import statistics
import sys

work, ctrsh_rss, quick = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"


def rounds(name):
    """hyperfine's results of each round of NAME (NAME-1.json, …), or of
    its one run (NAME.json)."""
    files = sorted(glob.glob(f"{work}/{name}-[0-9]*.json")) or [f"{work}/{name}.json"]
    return [json.load(open(path))["results"] for path in files]


def over_rounds(name, value):
    """The median over the rounds of `value` of each command's result."""
    per_command = {}
    for results in rounds(name):
        for result in results:
            per_command.setdefault(result["command"], []).append(value(result))
    return {command: statistics.median(values) for command, values in per_command.items()}


def medians(name):
    return over_rounds(name, lambda result: result["median"])


def cpu(name):
    """Mean CPU time (user + system, the command and the children it
    waited for): less disturbed than wall time by other work on the machine."""
    return over_rounds(name, lambda result: result["user"] + result["system"])


one = medians("one-shot")
one_cpu = cpu("one-shot")
script = medians("script")
script_cpu = cpu("script")
exec_script = medians("exec-script")
exec_script_cpu = cpu("exec-script")
exec_one = medians("exec-one")
exec_one_cpu = cpu("exec-one")
start = medians("start")
session = json.load(open(f"{work}/session.json"))
v2 = json.load(open(f"{work}/v2.json"))
rss = dict(line.rstrip("\n").split("=", 1) for line in open(f"{work}/rss.txt"))


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def mib(kib):
    return f"{int(kib) / 1024:.1f} MiB"


# The wrapper crun needs on this machine, measured on its own (the one-shot
# and the exec runs each have their own measurement of it).
wrapper = max(0.0, one["crun-nested --version"] - one["crun --version"])
exec_wrapper = max(0.0, exec_one["crun-nested --version"] - exec_one["crun --version"])
floor = one["floor"]
print("| one-shot | median | ratio to the floor | CPU time | its ratio | peak RSS |")
print("|---|---|---|---|---|---|")
for name in ["floor", "ctrsh", "unshare", "bubblewrap", "crun", "runc"]:
    print(f"| {name} | {ms(one[name])} | {one[name] / floor:.2f}× | {ms(one_cpu[name])} "
          f"| {one_cpu[name] / one_cpu['floor']:.2f}× | {mib(rss[name])} |")
crun_alone = one["crun"] - wrapper
print(f"| crun less scripts/crun-nested ({ms(wrapper)}) | {ms(crun_alone)} | {crun_alone / floor:.2f}× | | | |")
steps = "floor -s"
print(f"| floor -s: ctrsh's steps in C, in the groups ctrsh makes | {ms(one[steps])} | {one[steps] / floor:.2f}× "
      f"| {ms(one_cpu[steps])} | {one_cpu[steps] / one_cpu['floor']:.2f}× | |")
print()
print(f"The floor taking ctrsh's steps is {one[steps] / floor:.2f}× the floor: that much of ctrsh's ratio is the "
      f"container's own steps. ctrsh is {one['ctrsh'] / one[steps]:.2f}× that floor (CPU "
      f"{one_cpu['ctrsh'] / one_cpu[steps]:.2f}×): its session and its start.")
print()
print("| with a memory and a pids limit | median | ratio to the floor with the same cgroups | CPU time | its ratio |")
print("|---|---|---|---|---|")
for name in ["floor with limits", "ctrsh with limits", "floor -s with limits"]:
    print(f"| {name} | {ms(one[name])} | {one[name] / one['floor with limits']:.2f}× | {ms(one_cpu[name])} "
          f"| {one_cpu[name] / one_cpu['floor with limits']:.2f}× |")
print()
limited_steps = "floor -s with limits"
print(f"With limits, the steps alone are {one[limited_steps] / one['floor with limits']:.2f}× the floor with the same "
      f"cgroups, and ctrsh is {one['ctrsh with limits'] / one[limited_steps]:.2f}× that.")
print()
print("| 200 containers in one process | per container | ratio to the floor | CPU time per container | its ratio |")
print("|---|---|---|---|---|")
for name in ["floor × 200", "ctrsh × 200", "floor -s × 200"]:
    print(f"| {name} | {ms(script[name] / 200)} | {script[name] / script['floor × 200']:.2f}× "
          f"| {ms(script_cpu[name] / 200)} | {script_cpu[name] / script_cpu['floor × 200']:.2f}× |")
print()
join_floor = exec_script["join floor × 100"] / 100
join_floor_cpu = exec_script_cpu["join floor × 100"] / 100
ctrsh_exec = (exec_script["ctrsh start + 100 exec"] - exec_script["ctrsh start"]) / 100
ctrsh_exec_cpu = (exec_script_cpu["ctrsh start + 100 exec"] - exec_script_cpu["ctrsh start"]) / 100
exec_wrapper_cpu = max(0.0, exec_one_cpu["crun-nested --version"] - exec_one_cpu["crun --version"])
crun_exec = exec_one["crun exec"] - exec_wrapper
join_steps = exec_script["join floor -s × 100"] / 100
join_steps_cpu = exec_script_cpu["join floor -s × 100"] / 100
joins = [
    ("join floor (setns, fork, exec; per exec of 100)", join_floor, join_floor_cpu),
    ("join floor -s: ctrsh's exec steps in C, in the groups it joins", join_steps, join_steps_cpu),
    ("ctrsh `exec` (100 in a script, less the script without them)", ctrsh_exec, ctrsh_exec_cpu),
    ("nsenter -a", exec_one["nsenter"], exec_one_cpu["nsenter"]),
    (f"crun exec, less scripts/crun-nested ({ms(exec_wrapper)})", crun_exec, exec_one_cpu["crun exec"] - exec_wrapper_cpu),
    ("runc exec", exec_one["runc exec"], exec_one_cpu["runc exec"]),
]
print("| `exec /bin/true` into a running container | per exec | ratio to the join floor | CPU time | its ratio |")
print("|---|---|---|---|---|")
for name, value, cpu_value in joins:
    print(f"| {name} | {ms(value)} | {value / join_floor:.2f}× | {ms(cpu_value)} | {cpu_value / join_floor_cpu:.2f}× |")
print()
print(f"The join floor taking ctrsh's exec steps is {join_steps / join_floor:.2f}× the join floor; ctrsh's `exec` is "
      f"{ctrsh_exec / join_steps:.2f}× that (CPU {ctrsh_exec_cpu / join_steps_cpu:.2f}×).")
print()
count = session["count"]
total_rss = session["ctrsh_rss_kib"] + session["inits_rss_kib"]
print(f"| {count} live containers in one session (at a pseudo-terminal) | measured |")
print("|---|---|")
print(f"| `start` of all {count} (pid, uts, ipc, net, mnt; ctrsh-init) | {session['start_total_s']:.2f} s, median {session['start_median_ms']:.2f} ms each |")
print(f"| `ps` of one (median of 5) | {session['ps_ms']:.2f} ms |")
print(f"| `container ls` (median of 20) | {session['ls_ms']:.2f} ms |")
total_pss = session["ctrsh_pss_kib"] + session["inits_pss_kib"]
print(f"| RSS: ctrsh + {session['inits']} ctrsh-init | {mib(session['ctrsh_rss_kib'])} + {mib(session['inits_rss_kib'])} = {mib(total_rss)} |")
print(f"| PSS (a shared page counted once): ctrsh + {session['inits']} ctrsh-init | {mib(session['ctrsh_pss_kib'])} + {mib(session['inits_pss_kib'])} = {mib(total_pss)} |")
print(f"| `stop` of all {count} | {session['stop_total_s']:.2f} s |")
print()
print(f"| keystroke to screen, TAB at the prompt ({session['trials']} times) | p50 | p99 |")
print("|---|---|---|")
print(f"| a path: `rootfs use /us` TAB → `/usr/` | {session['tab_path_p50_ms']:.2f} ms | {session['tab_path_p99_ms']:.2f} ms |")
print(f"| a command: `contai` TAB → `container ` | {session['tab_command_p50_ms']:.2f} ms | {session['tab_command_p99_ms']:.2f} ms |")
print()
v1_one = one["ctrsh"] / floor
v1_script = script["ctrsh × 200"] / script["floor × 200"]
if v2:
    v2_one = v2["ctrsh"] / v2["floor"]
    v2_script = v2["ctrsh×200"] / v2["floor×200"]
    print("| the v2-only kernel (v2 lane, qemu TCG) | floor | ctrsh | ratio | the same ratio on this host |")
    print("|---|---|---|---|---|")
    print(f"| one-shot | {v2['floor'] / 1000:.2f} ms | {v2['ctrsh'] / 1000:.2f} ms | {v2_one:.2f}× | {v1_one:.2f}× |")
    print(f"| 200 runs, per container | {v2['floor×200'] / 200000:.2f} ms | {v2['ctrsh×200'] / 200000:.2f} ms | {v2_script:.2f}× | {v1_script:.2f}× |")
    print()


def row(label, value, limit, text, says_miss=True):
    met = value <= limit
    percent = (value / limit - 1) * 100
    miss = (f", missed by {percent:.0f} %" if percent >= 0.5 else ", missed by under 1 %") if says_miss and not met else ""
    print(f"| {label} | {text} | {'yes' if met else 'no' + miss} |")


print("| target (issue 19) | measured | met |")
print("|---|---|---|")
bwrap = one["bubblewrap"] / floor
row("one-shot ≤ 1.5× the floor", v1_one, 1.5, f"{v1_one:.2f}×")
row("one-shot below bubblewrap's ratio", v1_one, bwrap, f"{v1_one:.2f}× (bubblewrap {bwrap:.2f}×)")
limits = one["ctrsh with limits"] / one["floor with limits"]
row("with limits ≤ 1.6× the floor with the same cgroups", limits, 1.6, f"{limits:.2f}×")
row("200 `run`s ≤ 1.2× the floor's loop", v1_script, 1.2, f"{v1_script:.2f}×")
one_cpu_ratio = one_cpu["ctrsh"] / one_cpu["floor"]
script_cpu_ratio = script_cpu["ctrsh × 200"] / script_cpu["floor × 200"]
row("— the same in CPU time: one-shot ≤ 1.5×", one_cpu_ratio, 1.5, f"{one_cpu_ratio:.2f}×")
row("— the same in CPU time: 200 `run`s ≤ 1.2×", script_cpu_ratio, 1.2, f"{script_cpu_ratio:.2f}×")
fastest_other = min(exec_one["nsenter"], crun_exec, exec_one["runc exec"])
row("`exec` ahead of nsenter, crun exec and runc exec", ctrsh_exec / fastest_other, 1.0,
    f"{ctrsh_exec / exec_one['nsenter']:.2f}× nsenter")
row("`exec` ≤ 1.3× the join floor", ctrsh_exec / join_floor, 1.3, f"{ctrsh_exec / join_floor:.2f}×")
row(f"`container ls` with {count} live < 5 ms", session["ls_ms"], 5, f"{session['ls_ms']:.2f} ms")
row(f"RSS of ctrsh + {count} inits < 64 MiB", total_rss / 1024, 64, mib(total_rss))
worst_tab = max(session["tab_path_p99_ms"], session["tab_command_p99_ms"])
row("TAB completion p99 < 1 ms", worst_tab, 1, f"{worst_tab:.2f} ms")
if v2:
    for label, there, here in (("one-shot", v2_one, v1_one), ("200 runs", v2_script, v1_script)):
        row(f"v2 {label} ratio within 10 % of the host's", abs(there / here - 1) * 100, 10,
            f"{there:.2f}× vs {here:.2f}× ({(there / here - 1) * 100:+.0f} %)", says_miss=False)
print(f"| — ctrsh's own start (`ctrsh -c echo`); peak RSS of the one-shot | {ms(start[next(iter(start))])}; {mib(ctrsh_rss)} | — |")
if quick:
    print()
    print("(`--quick`: fewer runs than the full benchmark; the ratios wander more.)")
