#!/usr/bin/env python3
"""Save-to-reload latency of `carepages serve`.

Starts the preview on a generated site, listens on its server-sent event stream, and times
EDITS content edits (a word added to one service page's summary): from the file written to
the `reload` event received. Prints the median and the maximum.

    cargo build --release
    python3 benches/serve_latency.py 1000 10000

Standard library only. Sites are generated with benches/generate_site.py into
${BENCH_DIR:-/tmp/carepages-bench} and reused.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(os.environ.get("CAREPAGES_BIN", HERE.parent / "target/release/carepages"))
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/carepages-bench"))
EDITS = int(os.environ.get("EDITS", "20"))


def site(size):
    path = BENCH_DIR / f"site-{size}-seed1"
    if not (path / "carepages.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate_site.py"), str(size), str(path)], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def measure(size):
    root = site(size)
    server = subprocess.Popen([str(BIN), "serve", "--root", str(root), "--port", "0", "--today", "2026-11-22"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        deadline = time.monotonic() + 600
        while port is None:
            line = server.stdout.readline()
            if not line or time.monotonic() > deadline:
                raise SystemExit("the preview did not start")
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        events = socket.create_connection(("127.0.0.1", port), timeout=60)
        events.sendall(b"GET /__carepages/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            buffer += events.recv(4096)
        buffer = buffer.split(b"\r\n\r\n", 1)[1]
        pages = sorted((root / "content/services").glob("*.md"))
        latencies = []
        for n in range(EDITS):
            page = pages[(n * 7919) % len(pages)]
            text = page.read_text()
            time.sleep(0.3)  # let the previous rebuild settle
            buffer = b""
            started = time.monotonic()
            page.write_text(text.replace("summary: |\n", f"summary: |\n  Edit {n}.\n", 1))
            while b"event: reload" not in buffer:
                buffer += events.recv(4096)
            latencies.append((time.monotonic() - started) * 1000)
            page.write_text(text)
            buffer = b""
            while b"event: reload" not in buffer:
                buffer += events.recv(4096)
        print(f"{size:>7} pages: median {statistics.median(latencies):7.1f} ms, max {max(latencies):7.1f} ms "
              f"over {EDITS} edits (save to reload event)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    if not BIN.exists():
        raise SystemExit(f"{BIN} is missing: run cargo build --release first")
    for size in [int(a) for a in sys.argv[1:]] or [1000, 10000]:
        measure(size)
