"""gleaner against resiliparse, page by page, interleaved in one Python process.

    maturin develop --release -m python/Cargo.toml    # the binding, in a Python with
    pip install resiliparse                           # resiliparse too
    python bench/peer_ratio.py [--pages 300] [--rounds 5] [--detect-language]

`bench/compare` times the two commands seconds apart; on a busy shared machine a
neighbour's load that lands on one of them moves their ratio by a fifth or more from run
to run. Here each page (read into memory first) is extracted by one and then the other,
the order alternating page by page, so that both see the same machine. gleaner runs
through its binding (`gleaner.extract`, plain text; the language is not detected, as
resiliparse does not and the command line's plain text does not, unless
--detect-language); resiliparse as `../shared/eval/peers/resiliparse` runs it (decode,
parse, `extract_plain_text(main_content=True)`, blank lines tidied). Nothing is written.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.machinery
import importlib.util
import statistics
import sys
import time
from pathlib import Path

import gleaner

SHARED = Path(__file__).resolve().parent.parent.parent / "shared/eval"
DATA = SHARED / "data/wcxb-dev/html"


def load_peer():
    """The peer wrapper itself, as a module: its imports and its text tidying."""
    loader = importlib.machinery.SourceFileLoader("resiliparse_peer", str(SHARED / "peers/resiliparse"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


PEER = load_peer()


def resiliparse(raw: bytes) -> str:
    """The peer wrapper's extraction of one page, without its file writing."""
    try:
        tree = PEER.HTMLTree.parse(raw.decode("utf-8"))
    except UnicodeDecodeError:
        tree = PEER.HTMLTree.parse_from_bytes(raw, PEER.detect_encoding(raw))
    return PEER.paragraphs(PEER.extract_plain_text(tree, main_content=True))


def glean(raw: bytes, detect_language: bool) -> str:
    try:
        return gleaner.extract(raw, detect_language=detect_language).text
    except gleaner.ExtractionError:
        return ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--detect-language", action="store_true", help="gleaner also detects the language")
    args = ap.parse_args()
    files = sorted(DATA.glob("*.html.gz"))[: args.pages]
    if not files:
        sys.exit(f"bench/peer_ratio.py: no pages in {DATA}")
    pages = [gzip.decompress(p.read_bytes()) for p in files]
    n = len(pages)
    print(f"{n} pages, {sum(map(len, pages)) / 1e6:.0f} MB of HTML, {args.rounds} rounds, "
          "each page extracted by both in turn\n")
    ratios = []
    for r in range(args.rounds):
        spent = {"gleaner": 0.0, "resiliparse": 0.0}
        for i, raw in enumerate(pages):
            order = [("gleaner", lambda b: glean(b, args.detect_language)), ("resiliparse", resiliparse)]
            if (i + r) % 2:
                order.reverse()
            for name, fn in order:
                start = time.perf_counter()
                fn(raw)
                spent[name] += time.perf_counter() - start
        ratio = spent["resiliparse"] / spent["gleaner"]
        ratios.append(ratio)
        print(f"round {r + 1}: gleaner {n / spent['gleaner']:6.1f} pages/s, "
              f"resiliparse {n / spent['resiliparse']:6.1f} pages/s: {ratio:.3f}x")
    print(f"\ngleaner pages/s / resiliparse's: {statistics.median(ratios):.3f}x (median of the rounds; "
          f"{min(ratios):.3f}x to {max(ratios):.3f}x; target at least 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
