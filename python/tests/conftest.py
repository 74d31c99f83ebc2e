"""Fixtures of the binding's tests: the gleaner command to compare with, and WARC
archives built on the spot."""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


def gleaner_bin() -> Path:
    """The command line built from the same crate (GLEANER_BIN, else target/release)."""
    given = os.environ.get("GLEANER_BIN")
    if given:
        return Path(given)
    path = REPO / "target" / "release" / "gleaner"
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "gleaner"], cwd=REPO, check=True)
    return path


@pytest.fixture(scope="session")
def cli() -> Path:
    return gleaner_bin()


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def warc_record(kind: str, n: int, uri: str, block: bytes, content_type: str) -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-30T10:00:00Z\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def sample_pages() -> List[Tuple[str, bytes]]:
    """The shipped HTML samples, by name."""
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.html"))]


def build_warc(path: Path, pages: int, compress: bool = True, extras: bool = True, first_id: int = 0) -> Path:
    """A WARC of `pages` HTML responses made from the samples (each varied so that no
    two are the same), with request records, a non-HTML response and, when `extras`,
    a response that is not an HTTP message and one binary body under an HTML type."""
    samples = sample_pages()
    records: List[bytes] = []
    n = first_id
    for i in range(pages):
        name, html = samples[i % len(samples)]
        marker = f"<p>Page {i} of the test archive, built from {name}, has its own closing line here.</p>"
        body = html.replace(b"</body>", marker.encode() + b"</body>", 1)
        uri = f"https://news{i % 7}.example/{i:04d}/{name}"
        records.append(warc_record("request", n, uri, b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"))
        n += 1
        records.append(warc_record("response", n, uri, http_response(body), "application/http; msgtype=response"))
        n += 1
    if extras:
        records.append(warc_record("response", n, "https://img.example/a.png", http_response(b"\x89PNG\r\n\x1a\n", "image/png"), "application/http; msgtype=response"))
        n += 1
        records.append(warc_record("response", n, "https://bad.example/", b"not an http message", "application/http; msgtype=response"))
        n += 1
        records.append(warc_record("response", n, "https://bin.example/", http_response(bytes(range(256)) * 20), "application/http; msgtype=response"))
        n += 1
    with open(path, "wb") as out:
        for r in records:
            out.write(gzip.compress(r) if compress else r)
    return path


@pytest.fixture
def small_warc(tmp_path: Path) -> Path:
    return build_warc(tmp_path / "small.warc.gz", 24)


def run_cli(cli: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    out = subprocess.run([str(cli), *args], capture_output=True)
    if check and out.returncode != 0:
        raise AssertionError(out.stderr.decode(errors="replace"))
    return out
