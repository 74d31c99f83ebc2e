"""The Spark job (examples/spark_warc.py) in local mode with two executor threads
gives the command line's records for the same archives, record for record, and the
same counts by reason."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build_warc, run_cli

pyspark = pytest.importorskip("pyspark")


def read_parts(folder: Path):
    lines = []
    for part in sorted(folder.glob("part-*")):
        data = gzip.decompress(part.read_bytes()) if part.suffix == ".gz" else part.read_bytes()
        lines += [json.loads(l) for l in data.decode().splitlines() if l.strip()]
    return lines


def key(record):
    source = record.get("source")
    return (source["file"], record["id"]) if source else (record["input"], record["record_id"] or "", record["offset"] or 0)


def test_spark_job_equals_the_command_line(cli: Path, tmp_path: Path) -> None:
    # One archive of 210 pages, and a second one so that both executors get a task.
    warcs = [build_warc(tmp_path / "crawl-0.warc.gz", 210), build_warc(tmp_path / "crawl-1.warc.gz", 20, first_id=1000)]
    paths = [str(w) for w in warcs]
    errors = tmp_path / "cli-errors.jsonl"
    out = run_cli(cli, "--no-templates", "--format", "jsonl", "--errors", str(errors), *paths)
    assert out.returncode == 1, out.stderr.decode()
    cli_pages = [json.loads(l) for l in out.stdout.decode().splitlines()]
    cli_errors = [json.loads(l) for l in errors.read_text().splitlines()]
    assert len(cli_pages) == 230

    output = tmp_path / "spark-out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    job = subprocess.run(
        [sys.executable, str(REPO / "examples" / "spark_warc.py"), "--master", "local[2]",
         "--output", str(output), "--format", "jsonl", *paths],
        capture_output=True, env=env, timeout=600,
    )
    assert job.returncode == 0, job.stderr.decode()[-3000:]
    spark_pages = read_parts(output / "pages")
    spark_errors = read_parts(output / "errors")
    assert sorted(spark_pages, key=key) == sorted(cli_pages, key=key)
    assert sorted(spark_errors, key=key) == sorted(cli_errors, key=key)

    counts = json.loads((output / "counts" / "part-00000").read_text())
    assert counts["pages"] == len(cli_pages) + len(cli_errors)
    assert counts["failed"] == {"bad HTTP response": 2, "not text": 2}
    summary = out.stderr.decode()
    for reason, n in counts["skipped"].items():
        assert f"skipped: {n} {reason}" in summary
    assert f"{counts['pages']} pages" in summary
    stderr = job.stderr.decode()
    assert "failed: 2 not text" in stderr and "failed: 2 bad HTTP response" in stderr


def test_spark_job_writes_parquet_with_the_record_schema(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "one.warc.gz", 10)
    output = tmp_path / "parquet-out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    job = subprocess.run(
        [sys.executable, str(REPO / "examples" / "spark_warc.py"), "--master", "local[2]",
         "--output", str(output), "--format", "parquet", str(warc)],
        capture_output=True, env=env, timeout=600,
    )
    assert job.returncode == 0, job.stderr.decode()[-3000:]
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").appName("check").getOrCreate()
    try:
        rows = spark.read.parquet(str(output / "pages")).collect()
    finally:
        spark.stop()
    assert len(rows) == 10
    assert all(r.text and r.source.file == str(warc) and r.metadata.word_count > 0 for r in rows)
