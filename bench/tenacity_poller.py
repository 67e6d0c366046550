#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The peer in bench/peers.py: the stack people reach for today, an asyncio
poller retrying with tenacity over httpx, following the same policy as
Retryscope's run: per endpoint, a cycle every second after the previous one
ended (first cycles spread over the first second, as docs/endpoints-file.md starts them), at
most 5 attempts per cycle, exponential backoff from 100 ms doubling up to 2 s
with jitter, a 2 s timeout per attempt, retrying only transport errors,
timeouts and 408/429/502/503/504. One line per attempt on stdout, as
`retryscope --headless` prints. No breaker and no retry budget: tenacity has
neither.
    tenacity_poller.py ENDPOINTS_JSON SECONDS"""
import asyncio
import datetime
import json
import sys
import time

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

RETRY_ON_STATUS = {408, 429, 502, 503, 504}


class RetriableStatus(Exception):
    pass


def log(name, attempt, outcome):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    sys.stdout.write(f"{now}  {name}  attempt {attempt}  {outcome}\n")


async def poll(client, name, url, first_delay, stop_at):
    await asyncio.sleep(first_delay)
    while time.monotonic() < stop_at:
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(5),
                wait=wait_exponential_jitter(initial=0.1, max=2.0, exp_base=2, jitter=0.1),
                retry=retry_if_exception_type((httpx.TransportError, RetriableStatus)),
                reraise=True,
            ):
                with attempt:
                    number = attempt.retry_state.attempt_number
                    try:
                        response = await client.get(url)
                    except httpx.TransportError as error:  # timeouts are transport errors in httpx
                        log(name, number, type(error).__name__)
                        raise
                    log(name, number, response.status_code)
                    if response.status_code in RETRY_ON_STATUS:
                        raise RetriableStatus(response.status_code)
        except (httpx.TransportError, RetriableStatus):
            pass  # the cycle failed; the next one comes at the interval
        await asyncio.sleep(1.0)


async def main():
    document = json.load(open(sys.argv[1]))
    seconds = float(sys.argv[2])
    endpoints = document["endpoints"]
    stop_at = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=2.0) as client:
        tasks = [poll(client, e["name"], e["url"], i / len(endpoints), stop_at) for i, e in enumerate(endpoints)]
        await asyncio.gather(*tasks)


if __name__ == "__main__":
    asyncio.run(main())
