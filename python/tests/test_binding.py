"""The binding gives the command line's results: same text, Markdown and records on
every sample, the same verdict on every WARC record, the same configuration errors."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

import gleaner
from conftest import SAMPLES, build_warc, run_cli, sample_pages


@pytest.mark.parametrize("name", [n for n, _ in sample_pages()])
def test_samples_equal_the_command_line(cli: Path, name: str) -> None:
    path = SAMPLES / name
    html = path.read_bytes()
    text = run_cli(cli, str(path), check=True).stdout.decode()
    assert gleaner.extract(html).text == text
    markdown = run_cli(cli, "--format", "markdown", "--no-title", str(path), check=True).stdout.decode()
    assert gleaner.extract(html, format="markdown").text == markdown
    record = json.loads(run_cli(cli, "--format", "json", str(path), check=True).stdout)
    mine = gleaner.extract(html).to_dict()
    # Only the input's name differs: a path for the command, none here.
    for r in (record, mine):
        del r["id"], r["source"]
    assert mine == record


def test_str_input_is_not_decoded_again() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><article><p>' + "Café au lait, crème brûlée et thé à l'heure du goûter. " * 4 + "</p></article></body></html>"
    r = gleaner.extract(html)
    assert "Café au lait, crème brûlée" in r.text
    assert gleaner.extract(html.encode("iso-8859-1")).text == r.text


def test_text_dumps_are_cleaned_like_the_command_line(cli: Path) -> None:
    for path in sorted((SAMPLES / "text").glob("*.txt")):
        if path.name.endswith(".expected.txt"):
            continue
        expected = run_cli(cli, "--input-format", "text", str(path), check=True).stdout.decode()
        assert gleaner.extract(path.read_bytes(), input_format="text").text == expected, path.name


def test_metadata_fields() -> None:
    html = b"""<html lang="en"><head><title>Harbour wall to be rebuilt | The Coast Courier</title>
      <meta property="og:site_name" content="The Coast Courier">
      <meta name="author" content="Jane Doe">
      <meta property="article:published_time" content="2024-05-30T08:15:00Z">
      <meta name="description" content="The council agreed to rebuild the wall.">
      <link rel="canonical" href="https://courier.example/harbour-wall">
      </head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article><h1>Harbour wall to be rebuilt</h1>
      <p>The council agreed on Monday to rebuild the harbour wall that storms breached in March, after a debate that ran past midnight.</p>
      <p>Work starts in the autumn and should take two years, the harbour master said, with the quay open to boats throughout.</p>
      </article><footer>Copyright 2024 The Coast Courier</footer></body></html>"""
    r = gleaner.extract(html, "https://courier.example/harbour-wall?ref=home")
    assert r.title == "Harbour wall to be rebuilt"
    assert r.author == "Jane Doe" and r.authors == ["Jane Doe"]
    assert r.date is not None and r.date.startswith("2024-05-30")
    assert r.language == "en"
    assert r.site_name == "The Coast Courier"
    assert r.description == "The council agreed to rebuild the wall."
    assert r.canonical_url == "https://courier.example/harbour-wall"
    assert r.url == "https://courier.example/harbour-wall?ref=home"
    assert r.outcome == "ok" and r.page_type == "article"
    assert r.word_count == len(r.text.split())
    assert "Home" not in r.text and "Copyright" not in r.text
    assert r.to_dict()["metadata"]["title"] == r.title


def test_language_detection_can_be_left_out() -> None:
    # No declared language: the text's is detected, unless the caller leaves it out.
    html = (
        b"<html><body><article><h1>Harbour wall to be rebuilt</h1>"
        b"<p>The council agreed on Monday to rebuild the harbour wall that storms breached in "
        b"March, after a debate that ran past midnight in the town hall.</p>"
        b"<p>Work starts in the autumn and should take two years, the harbour master said, with "
        b"the quay open to boats throughout the works.</p></article></body></html>"
    )
    assert gleaner.extract(html).language == "en"
    r = gleaner.extract(html, detect_language=False)
    assert r.language is None
    assert r.text == gleaner.extract(html).text


def test_config_from_toml_text_and_file(tmp_path: Path) -> None:
    page = (
        b"<article><p>The council met on Monday and agreed, after a long debate, to repair the coast road "
        b"before winter, as the <a href='https://example.org/report'>engineers' report</a> advised.</p></article>"
    )
    linked = gleaner.Config.from_toml("[output]\nlinks = true\n")
    assert "](" in gleaner.extract(page, format="markdown", config=linked).text
    assert "](" not in gleaner.extract(page, format="markdown").text
    path = tmp_path / "c.toml"
    path.write_text("[output]\nlinks = true\n")
    assert gleaner.Config.from_toml(path).to_toml() == linked.to_toml()
    assert gleaner.Config.from_toml(str(path)).to_toml() == linked.to_toml()
    assert gleaner.Config().to_toml() == gleaner.Config.from_toml("").to_toml()
    assert gleaner.Config.from_toml("", favor="precision").to_toml() != gleaner.Config().to_toml()


def test_config_errors_name_the_cause(cli: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[score]\nmin_block_charz = 3\n")
    with pytest.raises(gleaner.ConfigError) as err:
        gleaner.Config.from_toml(bad)
    assert "min_block_charz" in str(err.value) and "bad.toml" in str(err.value)
    # The same message as the command line's.
    out = run_cli(cli, "--config", str(bad), str(SAMPLES / "div-layout.html"))
    assert out.returncode == 2 and str(err.value) in out.stderr.decode()
    with pytest.raises(gleaner.ConfigError, match="missing.toml"):
        gleaner.Config.from_toml(tmp_path / "missing.toml")
    with pytest.raises(gleaner.ConfigError, match="max_nodes"):
        gleaner.Config.from_toml('[limits]\nmax_nodes = "many"\n')
    with pytest.raises(ValueError, match="favor"):
        gleaner.Config.from_toml("", favor="speed")
    assert issubclass(gleaner.ConfigError, ValueError)


def test_bad_input_raises_extraction_error() -> None:
    with pytest.raises(gleaner.ExtractionError, match="not text"):
        gleaner.extract(bytes(range(256)) * 64)
    tiny = gleaner.Config.from_toml("[limits]\nmax_nodes = 10\n")
    with pytest.raises(gleaner.ExtractionError, match="limits.max_nodes"):
        gleaner.extract(b"<ul>" + b"<li>item</li>" * 50 + b"</ul>", config=tiny)
    small = gleaner.Config.from_toml("[limits]\nmax_input_bytes = 100\n")
    with pytest.raises(gleaner.ExtractionError, match="max_input_bytes"):
        gleaner.extract(b"<p>" + b"x" * 200 + b"</p>", config=small)
    with pytest.raises(TypeError, match="bytes or str"):
        gleaner.extract(12345)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format"):
        gleaner.extract(b"<p>x</p>", format="pdf")
    # Hostile but textual input is a page (maybe empty), never a crash.
    for html in [b"", b"<", b"<div>" * 100_000, "\ud7ff\u0000<p>x".encode("utf-8", "replace"), b"\xff\xfe\x00"]:
        assert gleaner.extract(html).outcome in ("ok", "empty")


def cli_jsonl(cli: Path, warc: Path, tmp_path: Path):
    errors = tmp_path / "cli-errors.jsonl"
    out = run_cli(cli, "--no-templates", "--format", "jsonl", "--errors", str(errors), "--ordered", str(warc))
    assert out.returncode in (0, 1), out.stderr.decode()
    pages = [json.loads(l) for l in out.stdout.decode().splitlines()]
    errs = [json.loads(l) for l in errors.read_text().splitlines()]
    return pages, errs, out.stderr.decode()


def test_iter_warc_equals_the_command_line(cli: Path, small_warc: Path, tmp_path: Path) -> None:
    pages, errs, summary = cli_jsonl(cli, small_warc, tmp_path)
    reader = gleaner.iter_warc(small_warc)
    mine_pages, mine_errs = [], []
    for record_id, url, item in reader:
        if isinstance(item, gleaner.Record):
            assert item.id == record_id and item.url == url
            mine_pages.append(item.to_dict())
        else:
            assert isinstance(item, gleaner.Error)
            mine_errs.append(item.to_dict())
    assert mine_pages == pages
    assert mine_errs == errs
    counts = reader.counts()
    assert counts["pages"] == len(pages) + len(errs) == 26
    assert counts["failed"] == {"bad HTTP response": 1, "not text": 1}
    assert counts["skipped"] == {"WARC request record": 24, "response not HTML (image/png)": 1}
    assert f"{counts['pages']} pages" in summary
    for reason, n in counts["skipped"].items():
        assert f"skipped: {n} {reason}" in summary


def test_iter_warc_reads_file_objects_and_plain_archives(cli: Path, tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "plain.warc", 12, compress=False, extras=False)
    pages, _, _ = cli_jsonl(cli, warc, tmp_path)
    with open(warc, "rb") as f:
        mine = [item.to_dict() for _, _, item in gleaner.iter_warc(f, name=str(warc))]
    assert mine == pages
    buffered = [item.text for _, _, item in gleaner.iter_warc(io.BytesIO(warc.read_bytes()), format="markdown")]
    assert len(buffered) == 12 and all(buffered)


def test_iter_warc_reports_a_truncated_archive(tmp_path: Path) -> None:
    whole = build_warc(tmp_path / "whole.warc", 5, compress=False, extras=False).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: len(whole) - 200])
    items = [item for _, _, item in gleaner.iter_warc(cut)]
    assert len(items) == 5
    assert isinstance(items[-1], gleaner.Error) and "truncated" in items[-1].message
    assert items[-1].reason == "bad WARC record" and items[-1].offset is not None
    with pytest.raises(FileNotFoundError):
        gleaner.iter_warc(tmp_path / "absent.warc.gz")
    with pytest.raises(TypeError):
        gleaner.iter_warc(3.5)  # type: ignore[arg-type]
    # A file object that fails mid-way ends the walk with an error, not a crash.
    class Broken(io.RawIOBase):
        def read(self, n: int = -1) -> bytes:
            raise OSError("disk on fire")
    errors = [item for _, _, item in gleaner.iter_warc(Broken())]
    assert len(errors) == 1 and "disk on fire" in errors[0].message


def test_threads_give_the_same_records() -> None:
    pages = [html for _, html in sample_pages()] * 4
    expected = [gleaner.extract(p).to_dict() for p in pages]
    results = [None] * len(pages)

    def work(i: int) -> None:
        results[i] = gleaner.extract(pages[i]).to_dict()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(pages))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_configs_pickle_and_overlay() -> None:
    import pickle

    config = gleaner.Config.from_toml("[output]\nlinks = true\n", favor="precision")
    again = pickle.loads(pickle.dumps(config))
    assert again.to_toml() == config.to_toml()
    timed = config.with_overrides("[limits]\nmax_page_millis = 250\n")
    assert "max_page_millis = 250" in timed.to_toml() and "links = true" in timed.to_toml()
    with pytest.raises(gleaner.ConfigError, match="max_page_milis"):
        config.with_overrides("[limits]\nmax_page_milis = 1\n")


def test_datatrove_step(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    import pickle

    from datatrove.data import Document
    from gleaner.datatrove import GleanerExtractor

    # datatrove holds pages as str: the samples decoded as gleaner decodes them.
    pages = [(name, html.decode("utf-8", errors="replace")) for name, html in sample_pages()]
    docs = [Document(text=html, id=name, metadata={"url": f"https://example.org/{name}"}) for name, html in pages]
    docs.append(Document(text="<html><body><script>load()</script></body></html>", id="empty", metadata={}))
    step = pickle.loads(pickle.dumps(GleanerExtractor(timeout=5)))
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [n for n, _ in pages]
    for d, (name, html) in zip(out, pages):
        assert d.text == gleaner.extract(html).text
        assert d.metadata["url"] == f"https://example.org/{name}"
        assert "title" in d.metadata and "language" in d.metadata
    assert GleanerExtractor().extract(sample_pages()[0][1].decode()) == gleaner.extract(sample_pages()[0][1]).text
    with pytest.raises(ValueError):
        GleanerExtractor(favour_precision=True, favour_recall=True)
