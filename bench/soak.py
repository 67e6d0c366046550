#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak: `retryscope --headless` polling the mixed workload (100 endpoints at
1 s: healthy, flaky, in periodic outages), with the history and a
CSV being written, sampling its resident memory. Memory must level off: what
it holds is bounded (no per-attempt growth), so the end equals the start
within noise. Three minutes by default; --seconds 3600 for the hour.
    bench/soak.py [--endpoints 100] [--seconds 180] [--sample 10]"""
import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import benchprocs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=180, help="3600 for the published hour")
    parser.add_argument("--sample", type=int, default=10, help="seconds between memory samples")
    args = parser.parse_args()
    retryscope = benchprocs.binary()
    server, port = benchprocs.start_fault_server(retryscope)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "endpoints.json"
        benchprocs.write_endpoints(config, benchprocs.mixed_routes(port, args.endpoints))
        out = open(Path(tmp) / "stdout.txt", "wb")
        started = time.monotonic()
        app = subprocess.Popen([retryscope, "--headless", "--config", str(config), "--duration", str(args.seconds),
                                "--csv", str(Path(tmp) / "attempts.csv")],
                               stdout=out, env=benchprocs.private_home(tmp))
        samples = []  # (seconds since start, KiB)
        next_sample = started + args.sample
        measured = None
        while measured is None:
            benchprocs.sleep_until(min(next_sample, started + args.seconds + 30))
            if time.monotonic() >= next_sample:
                kib = benchprocs.resident_kib(app.pid)
                if kib is not None:
                    samples.append((time.monotonic() - started, kib))
                    if len(samples) % max(1, 600 // args.sample) == 0:
                        print(f"  {samples[-1][0]:7.0f} s  {kib / 1024:6.1f} MiB", flush=True)
                next_sample += args.sample
            if time.monotonic() > started + args.seconds + 60:
                app.kill()
            measured = benchprocs.wait_measured(app, block=False)
        status, cpu, peak = measured
        out.close()
        attempts = sum(1 for _ in open(Path(tmp) / "attempts.csv", "rb")) - 1
        history = sum(f.stat().st_size for f in Path(tmp).rglob("history.sqlite*"))
    server.terminate()
    server.wait()
    if status != 0 or len(samples) < 3:
        raise SystemExit(f"retryscope exited with {status} after {len(samples)} samples")
    # "Start" is after the first minute (caches, the SQLite page cache and the
    # first batches warm up); "end" is the last minute's mean.
    warm = [kib for t, kib in samples if 60 <= t <= 120] or [samples[len(samples) // 10][1]]
    tail = [kib for t, kib in samples if t >= samples[-1][0] - 60]
    start_mib = sum(warm) / len(warm) / 1024
    end_mib = sum(tail) / len(tail) / 1024
    print(f"soak: {args.endpoints} endpoints at 1 s for {args.seconds} s: {attempts} attempts, "
          f"cpu {cpu:.1f} s = {100 * cpu / args.seconds:.1f}% of one core, {1e6 * cpu / max(1, attempts):.0f} us per attempt")
    print(f"resident: {start_mib:.1f} MiB after the first minute, {end_mib:.1f} MiB in the last minute "
          f"(growth {end_mib - start_mib:+.1f} MiB, {100 * (end_mib / start_mib - 1):+.1f}%), peak {peak:.1f} MiB; "
          f"history on disk {history / 1048576:.0f} MiB")


if __name__ == "__main__":
    main()
