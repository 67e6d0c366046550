#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retryscope against the stack people use today: the same polling workload
(200 endpoints at 1 s: 70 % healthy, 20 % flaky, 10 % in periodic outages;
the same retry policy) run for the same time by `retryscope --headless` and
by bench/tenacity_poller.py (asyncio + tenacity + httpx), one after the
other against one fault server in its own process. Each one's CPU time and
peak resident memory come from the kernel (wait4), so both are measured
alike; attempts are the requests that were sent (Retryscope's rejected,
breaker-open attempts are not counted: they cost no request).
    bench/peers.py [--endpoints 200] [--seconds 60]"""
import argparse
import csv
import subprocess
import tempfile
from pathlib import Path

import benchprocs


def run_retryscope(retryscope, config, seconds, tmp):
    attempts_csv = Path(tmp) / "attempts.csv"
    with open(Path(tmp) / "retryscope.out", "wb") as out:
        process = subprocess.Popen([retryscope, "--headless", "--config", str(config), "--duration", str(seconds),
                                    "--csv", str(attempts_csv)], stdout=out, env=benchprocs.private_home(tmp))
        status, cpu, peak = benchprocs.wait_measured(process)
    if status != 0:
        raise SystemExit(f"retryscope exited with {status}")
    with open(attempts_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    sent = sum(1 for row in rows if row["outcome"] != "rejected")
    return sent, cpu, peak, len(rows) - sent


def run_tenacity(config, seconds, tmp):
    script = Path(__file__).resolve().parent / "tenacity_poller.py"
    output = Path(tmp) / "tenacity.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(["/usr/bin/python3", str(script), str(config), str(seconds)], stdout=out)
        status, cpu, peak = benchprocs.wait_measured(process)
    if status != 0:
        raise SystemExit(f"the tenacity poller exited with {status}")
    return sum(1 for _ in open(output, "rb")), cpu, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    retryscope = benchprocs.binary()
    server, port = benchprocs.start_fault_server(retryscope)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "endpoints.json"
            benchprocs.write_endpoints(config, benchprocs.mixed_routes(port, args.endpoints))
            ours, our_cpu, our_peak, rejected = run_retryscope(retryscope, config, args.seconds, tmp)
            theirs, their_cpu, their_peak = run_tenacity(config, args.seconds, tmp)
    finally:
        server.terminate()
        server.wait()
    ours_per = our_cpu / max(1, ours)
    theirs_per = their_cpu / max(1, theirs)
    print(f"workload: {args.endpoints} endpoints at 1 s for {args.seconds} s (70% /ok, 20% /flaky, 10% /outage)")
    print(f"retryscope --headless (history + CSV on, breakers + budgets on): {ours} attempts sent "
          f"({rejected} more rejected by open breakers), cpu {our_cpu:.2f} s = {1e6 * ours_per:.0f} us per attempt, "
          f"peak resident {our_peak:.1f} MiB")
    print(f"asyncio + tenacity + httpx: {theirs} attempts, cpu {their_cpu:.2f} s = {1e6 * theirs_per:.0f} us per "
          f"attempt, peak resident {their_peak:.1f} MiB")
    print(f"ratios (tenacity / retryscope): cpu per attempt {theirs_per / ours_per:.1f}x (target >= 5x), "
          f"peak memory {their_peak / our_peak:.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
