#!/usr/bin/env python3
"""The interactive rows of scripts/bench: ctrsh at a pseudo-terminal, as a
person types at it.

    session.py CTRSH ROOT COUNT TRIALS OUT.json

1. COUNT live containers in one session: each made with `container new`,
   `ns new pid,uts,ipc,net,mnt`, `rootfs use ROOT` and `start`; then `ps`
   of one, `container ls` (median of 20), the resident memory of ctrsh and
   of every ctrsh-init, and `stop` of each.
2. Keystroke to screen: TRIALS times, TAB after `rootfs use /us` (a path)
   and after `contai` (a command), the time from writing the TAB to
   reading the completed text back from the terminal.

Each command's time runs from writing its line to reading the next prompt.
"""
import json
import os
import pty
import re
import select
import signal
import statistics
import sys
import time

PROMPT = re.compile(rb"ctrsh\[[^\]\r\n]*\]> ")
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")


class Terminal:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm"
            os.execv(argv[0], argv)
        self.buffer = b""
        self.text = b""

    def read_until(self, pattern, timeout=60.0):
        """Reads until `pattern` shows in the output since the last call
        (escape sequences left out); returns the time it appeared."""
        deadline = time.monotonic() + timeout
        while True:
            plain = ESCAPES.sub(b"", self.buffer)
            match = pattern.search(plain) if hasattr(pattern, "search") else (pattern in plain and pattern)
            if match:
                self.buffer = b""
                self.text = plain
                return time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {pattern!r} in {plain[-300:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.buffer += os.read(self.fd, 65536)

    def drain(self, quiet=0.05):
        while select.select([self.fd], [], [], quiet)[0]:
            os.read(self.fd, 65536)
        self.buffer = b""

    def command(self, line, timeout=60.0):
        """Sends a line; returns the seconds until the next prompt."""
        self.drain(0.0)
        start = time.monotonic()
        os.write(self.fd, line.encode() + b"\r")
        end = self.read_until(PROMPT, timeout)
        if b"error:" in self.text:
            raise RuntimeError(f"`{line}` failed: {self.text.decode(errors='replace')}")
        return end - start

    def keystroke(self, typed, key, expected):
        """Types `typed`, lets the echo settle, then times `key` until
        `expected` is on the screen; clears the line (Ctrl-U) after."""
        os.write(self.fd, typed.encode())
        self.read_until(typed.encode()[-2:])
        self.drain(0.01)
        start = time.monotonic()
        os.write(self.fd, key.encode())
        end = self.read_until(expected.encode(), timeout=10)
        os.write(self.fd, b"\x15")
        self.drain(0.02)
        return end - start


def memory_kib(pid, field, file="status"):
    """A field of /proc/PID/status (VmRSS: resident, shared pages counted in
    every process) or smaps_rollup (Pss: shared pages split among them)."""
    with open(f"/proc/{pid}/{file}") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def inits_of(parent):
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{name}/comm") as comm:
                command = comm.read().strip()
        except OSError:
            continue
        if int(fields[1]) == parent and command == "ctrsh-init":
            found.append(int(name))
    return found


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    ctrsh, root, count, trials, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    terminal = Terminal([ctrsh])
    terminal.read_until(PROMPT)
    result = {"count": count}

    starts = []
    for i in range(count):
        terminal.command(f"container new c{i}; ns new pid,uts,ipc,net,mnt; rootfs use {root}")
        starts.append(terminal.command("start"))
    result["start_total_s"] = sum(starts)
    result["start_median_ms"] = statistics.median(starts) * 1000
    terminal.command(f"container use c{count // 2}")
    result["ps_ms"] = statistics.median(terminal.command("ps") for _ in range(5)) * 1000
    result["ls_ms"] = statistics.median(terminal.command("container ls") for _ in range(20)) * 1000
    inits = inits_of(terminal.pid)
    result["inits"] = len(inits)
    for kind, field, file in (("rss", "VmRSS", "status"), ("pss", "Pss", "smaps_rollup")):
        result[f"ctrsh_{kind}_kib"] = memory_kib(terminal.pid, field, file)
        result[f"inits_{kind}_kib"] = sum(memory_kib(pid, field, file) for pid in inits)
    stops = [terminal.command(f"stop c{i}") for i in range(count)]
    result["stop_total_s"] = sum(stops)

    path = [terminal.keystroke("rootfs use /us", "\t", "r/") for _ in range(trials)]
    command = [terminal.keystroke("contai", "\t", "ner ") for _ in range(trials)]
    for name, values in (("tab_path", path), ("tab_command", command)):
        result[f"{name}_p50_ms"] = percentile(values, 0.5) * 1000
        result[f"{name}_p99_ms"] = percentile(values, 0.99) * 1000
    result["trials"] = trials

    os.write(terminal.fd, b"quit\r")
    try:
        terminal.read_until(b"\n", timeout=5)
    except (TimeoutError, OSError):
        pass
    _, status = os.waitpid(terminal.pid, 0)
    result["exit_status"] = os.waitstatus_to_exitcode(status)
    with open(out, "w") as file:
        json.dump(result, file, indent=2)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
