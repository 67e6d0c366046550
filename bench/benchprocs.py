# SPDX-License-Identifier: GPL-3.0-or-later
"""Process helpers shared by the benchmarks that run whole programs
(soak.py, peers.py): the fault server in its own process, an endpoints file
of a mixed workload, and CPU/memory figures of a child taken from the kernel
(wait4's rusage, /proc/PID/status), so that every program is measured the
same way whatever it is written in."""
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def binary(preset="release", name="retryscope"):
    """The built program `name` (retryscope or retryscope-agent)."""
    path = REPO / "build" / preset / "app" / name
    if not path.exists():
        sys.exit(f"{path} not found: build the {preset} preset first "
                 f"(cmake --preset {preset} && cmake --build --preset {preset})")
    return str(path)


def start_fault_server(retryscope):
    """Starts `retryscope --fault-server 0`; returns (process, port)."""
    server = subprocess.Popen([retryscope, "--fault-server", "0"], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not match:
        server.kill()
        sys.exit(f"the fault server did not say its port: {line!r}")
    return server, int(match.group(1))


def mixed_routes(port, count):
    """The mixed workload: 70 % healthy, 20 % flaky (30 % 503), 10 % in a
    repeating outage (up 20 s, down 10 s). Returns (name, url) pairs."""
    base = f"http://127.0.0.1:{port}"
    routes = []
    for i in range(count):
        kind = i % 10
        if kind < 7:
            path = "/ok"
        elif kind < 9:
            path = "/flaky?fail=0.3&code=503"
        else:
            path = "/outage?up_s=20&down_s=10&code=503"
        routes.append((f"e{i:04d}", base + path))
    return routes


# The one policy both pollers follow (peers.py): the defaults apart from a
# 100 ms base so that retries happen within the run.
POLICY = {"maxAttempts": 5, "initialDelayMs": 100, "multiplier": 2.0, "maxDelayMs": 2000, "timeoutMs": 2000}


def write_endpoints(path, routes, interval_ms=1000, breaker=True, budget=True):
    document = {
        "version": 1,
        "defaults": {
            "intervalMs": interval_ms,
            "timeoutMs": POLICY["timeoutMs"],
            "retry": {"maxAttempts": POLICY["maxAttempts"], "initialDelayMs": POLICY["initialDelayMs"],
                      "multiplier": POLICY["multiplier"], "maxDelayMs": POLICY["maxDelayMs"],
                      "jitter": "full"},
            "breaker": {"enabled": breaker},
            "budget": {"enabled": budget},
        },
        "endpoints": [{"name": name, "url": url} for name, url in routes],
    }
    Path(path).write_text(json.dumps(document, indent=1))


def resident_kib(pid):
    """VmRSS of a running process in KiB (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def high_water_kib(pid):
    """The process's own peak resident size so far (VmHWM), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# Peak resident sizes seen by wait_measured, by pid (a non-blocking caller
# comes back many times).
_high_water = {}


def wait_measured(process, block=True):
    """Reaps a child and returns (exit status, CPU seconds, peak RSS MiB);
    None when block is False and it is still running. Use this instead of
    Popen.poll()/wait(), which would reap the child and lose its figures.

    CPU time comes from the kernel's accounting at exit (wait4). The peak does
    not: wait4's ru_maxrss also counts the memory of the process that was
    replaced by exec, and a child started from Python begins as a (v)fork of
    this script, so ru_maxrss was never below this script's own size (a child
    of a 200 MiB script reported 211 MiB for a program that peaks at 12). The
    peak is the child's own high-water mark (VmHWM of its address space after
    exec), read from /proc every 20 ms until it exits: only a rise in its last
    20 ms could be missed."""
    peak = _high_water.get(process.pid, 0)
    while True:
        kib = high_water_kib(process.pid)
        if kib is not None:
            peak = max(peak, kib)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid != 0:
            break
        if not block:
            _high_water[process.pid] = peak
            return None
        time.sleep(0.02)
    _high_water.pop(process.pid, None)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime, peak / 1024.0


def private_home(tmp):
    """An environment whose HOME and XDG folders are inside tmp: the history
    and settings of a benchmark never touch the user's."""
    env = dict(os.environ)
    env["HOME"] = str(tmp)
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(key, None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def sleep_until(deadline):
    remaining = deadline - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def read_endpoints(path):
    """The endpoints of a file written by write_endpoints()."""
    return json.loads(Path(path).read_text())["endpoints"]
