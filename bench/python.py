"""Throughput of the binding against the command line, on one WARC.

    python bench/python.py                      # a WARC built from samples/
    python bench/python.py --from DIR --pages 300 --spark
    python bench/python.py --warc crawl.warc.gz

Prints pages/s of: the command line (--jobs 1 and 2), the binding's iter_warc in one
thread, extract() over the same pages in 1 and 2 Python threads (the GIL is released
while a page is extracted, so two threads should come near twice one), and with
--spark the Spark job in local mode with 2 executor threads. Timings on a shared
machine drift: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python" / "tests"))

import gleaner  # noqa: E402
from conftest import gleaner_bin, http_response, warc_record  # noqa: E402


def build_from(folder: Path, pages: int, out: Path) -> Path:
    files = sorted(p for p in folder.rglob("*") if p.name.endswith((".html", ".htm", ".html.gz")))[:pages]
    with open(out, "wb") as w:
        for n, p in enumerate(files):
            body = p.read_bytes()
            if p.name.endswith(".gz"):
                body = gzip.decompress(body)
            rec = warc_record("response", n, f"https://bench.example/{n}", http_response(body), "application/http; msgtype=response")
            w.write(gzip.compress(rec, compresslevel=1))
    return out


def timed(label: str, pages: int, fn) -> float:
    start = time.perf_counter()
    fn()
    secs = time.perf_counter() - start
    print(f"{label:<44} {pages / secs:8.1f} pages/s  ({secs:.2f} s)")
    return pages / secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warc", type=Path)
    ap.add_argument("--from", dest="source", type=Path, default=REPO / "samples")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--split", type=int, default=4,
                    help="with --spark, also run the job over the same pages split into this many "
                         "WARCs (one archive is one task, so one WARC keeps one executor busy)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gleaner-bench-"))
    warc = args.warc or build_from(args.source, args.pages, tmp / "bench.warc.gz")
    n = sum(1 for _ in gleaner.iter_warc(warc))
    data = warc.read_bytes()
    # The HTTP bodies of the response records, for extract() in threads.
    bodies = []
    members = list(_members(data))
    for member in members:
        record = gzip.decompress(member)
        if b"WARC-Type: response" in record[:400]:
            _, _, http = record.partition(b"\r\n\r\n")
            _, _, body = http.partition(b"\r\n\r\n")
            bodies.append(body[: len(body) - 4] if body.endswith(b"\r\n\r\n") else body)
    print(f"{n} pages, {len(data) / 1e6:.1f} MB compressed WARC: {warc}")
    cli = gleaner_bin()
    for jobs in (1, 2):
        timed(f"command line, --jobs {jobs}", n, lambda: subprocess.run(
            [str(cli), "--format", "jsonl", "--quiet", "--jobs", str(jobs), str(warc)],
            stdout=subprocess.DEVNULL, check=False))
    timed("binding, iter_warc, one thread", n, lambda: sum(1 for _ in gleaner.iter_warc(warc)))
    one = timed("binding, extract(), 1 thread", n, lambda: [gleaner.extract(b) for b in bodies])
    with ThreadPoolExecutor(2) as pool:
        two = timed("binding, extract(), 2 threads", n, lambda: list(pool.map(gleaner.extract, bodies)))
    print(f"threads: 2 give {two / one:.2f}x one")
    if args.spark:
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
        parts = []
        for i in range(args.split):
            part = tmp / f"part-{i}.warc.gz"
            part.write_bytes(b"".join(members[i :: args.split]))
            parts.append(str(part))
        for label, warcs in [("one WARC", [str(warc)]), (f"{args.split} WARCs", parts)]:
            out = tmp / f"spark-out-{len(warcs)}"
            timed(f"Spark job, local[2], {label} (JVM start incl.)", n, lambda: subprocess.run(
                [sys.executable, str(REPO / "examples" / "spark_warc.py"), "--master", "local[2]",
                 "--output", str(out), *warcs], env=env, check=True, capture_output=True))
    return 0


def _members(data: bytes):
    """The gzip members of a per-record WARC.gz, as Common Crawl and build_from write."""
    import zlib

    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(wbits=31)
        d.decompress(data[pos:])
        end = len(data) - len(d.unused_data)
        yield data[pos:end]
        pos = end


if __name__ == "__main__":
    sys.exit(main())
