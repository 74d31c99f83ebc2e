"""Extract every HTML page of WARC archives with gleaner inside Spark.

Each WARC file is one task: executors stream it with ``gleaner.iter_warc`` (constant
memory per archive) in ``mapPartitions``, and the job writes one record per page in
the command line's schema (``gleaner --format jsonl``), the error records beside them,
and a count of errors and skipped records by reason.

    # local mode, two executor threads
    spark-submit --master 'local[2]' examples/spark_warc.py \
        --output out/ --format jsonl crawl/*.warc.gz

    # a cluster: gleaner installed on every executor (pip install ./python, or a
    # wheel shipped with --py-files / an environment archive)
    spark-submit --master yarn --deploy-mode cluster examples/spark_warc.py \
        --output hdfs:///corpus/cc-2024-22 --format parquet --input-list warc.paths

Paths are local files, ``file://``, ``hdfs://`` (read with pyarrow) or
``s3://``/``s3a://`` (read with boto3) URIs, or ``http(s)://`` URLs (Common Crawl's
``data.commoncrawl.org``). Output, under ``--output``:

- ``pages/``: the page records, JSON lines (``part-*.gz``) or Parquet;
- ``errors/``: the error records (``input``, ``url``, ``record_id``, ``offset``,
  ``reason``, ``message``), JSON lines;
- ``counts/part-00000``: pages, extracted, empty, failed and skipped by reason,
  summed over every archive (JSON), also printed at the end like the command line's
  summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any, Dict, Iterable, Iterator, List, Tuple


def open_stream(uri: str) -> IO[bytes]:
    """A binary stream of `uri`, read from where it lives, without a local copy."""
    if uri.startswith(("s3://", "s3a://", "s3n://")):
        import boto3  # only needed for S3

        bucket, _, key = uri.split("://", 1)[1].partition("/")
        return boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    if uri.startswith(("hdfs://", "viewfs://")):
        from pyarrow import fs  # only needed for HDFS

        filesystem, path = fs.FileSystem.from_uri(uri)
        return filesystem.open_input_stream(path)
    if uri.startswith(("http://", "https://")):
        import urllib.request

        return urllib.request.urlopen(uri, timeout=60)
    if uri.startswith("file://"):
        uri = uri[len("file://") :]
    return open(uri, "rb")


def extract_archives(uris: Iterable[str], fmt: str, config_toml: str | None) -> Iterator[Tuple[str, str]]:
    """For each archive: ("page", json) and ("error", json) for its pages, then
    ("counts", json) with its accounting. Runs on the executors."""
    import gleaner

    config = gleaner.Config.from_toml(config_toml) if config_toml else None
    for uri in uris:
        try:
            stream = open_stream(uri)
        except Exception as e:  # an archive that cannot be opened is an error record
            error = {"input": uri, "url": None, "record_id": None, "offset": None,
                     "reason": "unreadable input", "message": f"cannot read {uri}: {e}"}
            yield "error", json.dumps(error)
            yield "counts", json.dumps({"pages": 1, "extracted": 0, "empty": 0,
                                        "failed": {"unreadable input": 1}, "skipped": {}})
            continue
        with stream:
            reader = gleaner.iter_warc(stream, format=fmt, config=config, name=uri)
            for _record_id, _url, item in reader:
                kind = "page" if isinstance(item, gleaner.Record) else "error"
                yield kind, json.dumps(item.to_dict(), ensure_ascii=False)
            yield "counts", json.dumps(reader.counts())


def add_counts(a: Dict[str, Any], b: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key in ("pages", "extracted", "empty"):
        out[key] = a.get(key, 0) + b.get(key, 0)
    for key in ("failed", "skipped"):
        merged = dict(a.get(key, {}))
        for reason, n in b.get(key, {}).items():
            merged[reason] = merged.get(reason, 0) + n
        out[key] = merged
    return out


def page_schema():
    """The page record's schema (the command line's JSON record) for Parquet."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    s = lambda name: StructField(name, StringType())  # noqa: E731
    return StructType([
        s("id"), s("url"), s("title"), s("author"), s("date"), s("text"), s("outcome"),
        StructField("source", StructType([s("file"), s("record_id"), StructField("offset", LongType()), s("warc_date")])),
        StructField("metadata", StructType([
            s("title"), StructField("authors", ArrayType(StringType())), s("date"), s("date_modified"),
            s("site_name"), s("description"), s("language"), s("language_declared"), s("language_detected"),
            s("page_type"), s("url"), s("canonical_url"), s("image"),
            StructField("tags", ArrayType(StringType())), StructField("word_count", LongType()),
        ])),
    ])


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warcs", nargs="*", help="WARC paths or URIs")
    parser.add_argument("--input-list", help="a file of WARC paths or URIs, one a line")
    parser.add_argument("--output", required=True, help="output folder (local, hdfs://, s3a://)")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--text-format", choices=["text", "markdown"], default="text",
                        help="the article's form in the records' text field")
    parser.add_argument("--config", help="a gleaner config.toml of overrides (read on the driver)")
    parser.add_argument("--master", help="Spark master when run with python, not spark-submit")
    args = parser.parse_args(argv)

    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    uris = list(args.warcs)
    if args.input_list:
        with open(args.input_list) as f:
            uris += [line.strip() for line in f if line.strip() and not line.startswith("#")]
    if not uris:
        parser.error("no WARC given")
    config_toml = None
    if args.config:
        import gleaner

        with open(args.config) as f:
            config_toml = f.read()
        gleaner.Config.from_toml(config_toml)  # fail here, not on every executor

    builder = SparkSession.builder.appName("gleaner-warc")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    # One archive a task: an archive streams through one executor in constant memory.
    tagged = sc.parallelize(uris, len(uris)).mapPartitions(
        lambda part: extract_archives(part, args.text_format, config_toml)
    )
    # Extract once; the pages, the errors and the counts are read from the same pass.
    tagged.persist(StorageLevel.DISK_ONLY)
    pages = tagged.filter(lambda t: t[0] == "page").map(lambda t: t[1])
    errors = tagged.filter(lambda t: t[0] == "error").map(lambda t: t[1])
    out = args.output.rstrip("/")
    codec = "org.apache.hadoop.io.compress.GzipCodec"
    if args.format == "jsonl":
        pages.saveAsTextFile(f"{out}/pages", compressionCodecClass=codec)
    else:
        spark.read.schema(page_schema()).json(pages).write.parquet(f"{out}/pages")
    errors.saveAsTextFile(f"{out}/errors", compressionCodecClass=codec)
    counts: Dict[str, Any] = {}
    for line in tagged.filter(lambda t: t[0] == "counts").map(lambda t: t[1]).collect():
        counts = add_counts(counts, json.loads(line))
    tagged.unpersist()
    summary = json.dumps(counts, indent=2, sort_keys=True)
    sc.parallelize([summary], 1).saveAsTextFile(f"{out}/counts")
    print(f"gleaner: {counts.get('pages', 0)} pages: {counts.get('extracted', 0)} extracted, "
          f"{counts.get('empty', 0)} empty, {sum(counts.get('failed', {}).values())} failed", file=sys.stderr)
    for reason, n in sorted(counts.get("failed", {}).items()):
        print(f"  failed: {n} {reason}", file=sys.stderr)
    for reason, n in sorted(counts.get("skipped", {}).items()):
        print(f"  skipped: {n} {reason}", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
