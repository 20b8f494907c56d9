"""Viewers of the room's page, in their own process (their memory and their work are not the
bot's): `python -m bench.spectateurs URL N` opens N event streams of the page until its
standard input closes, then prints, per view pushed (its event id), when each viewer received
it (wall clock)."""

import asyncio
import json
import sys
import time

import aiohttp


async def _viewer(http: aiohttp.ClientSession, url: str, seen: dict[str, list[float]]) -> None:
    """Read the stream as it comes (whole chunks, not line by line: 500 viewers in one process
    must not be slower than 500 browsers); each event's time is when its end arrived."""
    async with http.get(url, timeout=aiohttp.ClientTimeout(total=None)) as stream:
        pending, buffer = None, b""
        async for chunk in stream.content.iter_any():
            buffer += chunk
            while True:
                if pending is None:
                    start = buffer.find(b"id: ")
                    end = buffer.find(b"\n", start)
                    if start < 0 or end < 0:
                        buffer = buffer[-64:]
                        break
                    pending, buffer = buffer[start + 4 : end].decode(), buffer[end:]
                over = buffer.find(b"\n\n")
                if over < 0:
                    buffer = buffer[-1:]
                    break
                seen.setdefault(pending, []).append(time.time())
                pending, buffer = None, buffer[over + 2 :]


async def _main(url: str, count: int) -> dict[str, list[float]]:
    seen: dict[str, list[float]] = {}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        viewers = [asyncio.create_task(_viewer(http, url, seen)) for _ in range(count)]
        await asyncio.to_thread(sys.stdin.read)  # until the bench is done
        for viewer in viewers:
            viewer.cancel()
        await asyncio.gather(*viewers, return_exceptions=True)
    return seen


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_main(sys.argv[1], int(sys.argv[2])))))
