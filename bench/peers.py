#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retryscope against the stack people use today: the same polling workload
(200 endpoints at 1 s: 70 % healthy, 20 % flaky, 10 % in periodic outages;
the same retry policy) run for the same time by `retryscope-agent` (the
program without a window that servers run), by `retryscope --headless` (the
dashboard's binary, which loads the graphical libraries even headless) and
by bench/tenacity_poller.py (asyncio + tenacity + httpx), one after the
other against one fault server in its own process. Each one's CPU time
(wait4) and peak resident memory (its own VmHWM) come from the kernel, so all
are measured alike; attempts are the requests that were sent (Retryscope's rejected,
breaker-open attempts are not counted: they cost no request).

A second peer is Prometheus's blackbox_exporter (Debian's
prometheus-blackbox-exporter), which probes without retrying and opens a new
connection for every probe: it is driven here at the same rate (each
endpoint's URL probed once a second through /probe), and only its own CPU
and memory are counted (the driver is this script).
    bench/peers.py [--endpoints 200] [--seconds 60] [--no-blackbox]"""
import argparse
import asyncio
import csv
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import benchprocs


def run_retryscope(retryscope, config, seconds, tmp):
    attempts_csv = Path(tmp) / "attempts.csv"
    attempts_csv.unlink(missing_ok=True)
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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def drive_probes(port, urls, seconds):
    """Probes every URL once a second, spread over the second, through
    blackbox_exporter's /probe on raw HTTP/1.1 connections (one per probe,
    kept cheap so the driver does not starve the exporter); returns how
    many probes answered."""
    answered = 0

    async def probe(url):
        nonlocal answered
        path = "/probe?module=http_2xx&target=" + urllib.parse.quote(url, safe="")
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = await reader.read()
            writer.close()
            if data.startswith(b"HTTP/1.1 200"):
                answered += 1
        except OSError:
            pass

    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = set()
    tick = 0
    while loop.time() - start < seconds:
        for i, url in enumerate(urls):
            due = start + tick + i / len(urls)
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(probe(url))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        tick += 1
    if tasks:
        await asyncio.wait(tasks, timeout=15)
    return answered


def run_blackbox(config, seconds, tmp):
    exporter = shutil.which("prometheus-blackbox-exporter")
    if not exporter:
        raise SystemExit("prometheus-blackbox-exporter is not installed (installer/install-deps.sh installs it)")
    modules = Path(tmp) / "blackbox.yml"
    modules.write_text("modules:\n  http_2xx:\n    prober: http\n    timeout: 10s\n"
                       "    http:\n      preferred_ip_protocol: ip4\n")
    port = free_port()
    process = subprocess.Popen([exporter, f"--config.file={modules}", f"--web.listen-address=127.0.0.1:{port}",
                                "--log.level=error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/healthy", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    urls = [endpoint["url"] for endpoint in benchprocs.read_endpoints(config)]
    probes = asyncio.run(drive_probes(port, urls, seconds))
    process.terminate()
    _, cpu, peak = benchprocs.wait_measured(process)
    return probes, cpu, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--no-blackbox", action="store_true", help="skip the blackbox_exporter peer")
    args = parser.parse_args()
    retryscope = benchprocs.binary()
    agent = benchprocs.binary(name="retryscope-agent")
    server, port = benchprocs.start_fault_server(agent)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "endpoints.json"
            benchprocs.write_endpoints(config, benchprocs.mixed_routes(port, args.endpoints))
            ours, our_cpu, our_peak, rejected = run_retryscope(agent, config, args.seconds, tmp)
            gui_binary = run_retryscope(retryscope, config, args.seconds, tmp)
            theirs, their_cpu, their_peak = run_tenacity(config, args.seconds, tmp)
            blackbox = None if args.no_blackbox else run_blackbox(config, args.seconds, tmp)
    finally:
        server.terminate()
        server.wait()
    ours_per = our_cpu / max(1, ours)
    theirs_per = their_cpu / max(1, theirs)
    print(f"workload: {args.endpoints} endpoints at 1 s for {args.seconds} s (70% /ok, 20% /flaky, 10% /outage)")
    print(f"retryscope-agent (history + CSV on, breakers + budgets on): {ours} attempts sent "
          f"({rejected} more rejected by open breakers), cpu {our_cpu:.2f} s = {1e6 * ours_per:.0f} us per attempt, "
          f"peak resident {our_peak:.1f} MiB")
    gui_sent, gui_cpu, gui_peak, _ = gui_binary
    print(f"retryscope --headless (the dashboard's binary): {gui_sent} attempts sent, cpu {gui_cpu:.2f} s = "
          f"{1e6 * gui_cpu / max(1, gui_sent):.0f} us per attempt, peak resident {gui_peak:.1f} MiB")
    print(f"asyncio + tenacity + httpx: {theirs} attempts, cpu {their_cpu:.2f} s = {1e6 * theirs_per:.0f} us per "
          f"attempt, peak resident {their_peak:.1f} MiB")
    print(f"ratios (tenacity / retryscope-agent): cpu per attempt {theirs_per / ours_per:.1f}x (target >= 5x), "
          f"peak memory {their_peak / our_peak:.1f}x (target >= 3x)")
    if blackbox:
        probes, bb_cpu, bb_peak = blackbox
        bb_per = bb_cpu / max(1, probes)
        print(f"blackbox_exporter (one probe per endpoint per second, no retries, a new connection each): "
              f"{probes} probes, cpu {bb_cpu:.2f} s = {1e6 * bb_per:.0f} us per probe, peak resident {bb_peak:.1f} MiB")
        print(f"ratios (blackbox_exporter / retryscope-agent): cpu per attempt {bb_per / ours_per:.1f}x, "
              f"peak memory {bb_peak / our_peak:.1f}x")


if __name__ == "__main__":
    main()
