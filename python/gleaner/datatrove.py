"""A datatrove extractor step backed by gleaner (needs ``pip install datatrove``).

    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from gleaner.datatrove import GleanerExtractor

    pipeline = [
        WarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-22/segments/", glob_pattern="*/warc/*"),
        GleanerExtractor(),
        JsonlWriter("out/"),
    ]

It has the constructor shape of datatrove's own extractors (``Trafilatura``), takes
each document's HTML from ``doc.text`` and leaves the article there; the headline
metadata (title, author, date, language, site name, page type) is added to
``doc.metadata`` when gleaner finds it. A page gleaner refuses (over a budget, binary)
gives empty text, which datatrove's extractor drops and counts.
"""

from __future__ import annotations

from typing import Optional

try:
    from datatrove.pipeline.extractors.base import BaseExtractor
except ImportError as e:  # pragma: no cover - depends on what is installed
    raise ImportError("gleaner.datatrove needs datatrove: pip install datatrove") from e

import gleaner

_METADATA = ("title", "author", "date", "language", "site_name", "page_type")


class GleanerExtractor(BaseExtractor):
    """gleaner's extraction as a datatrove pipeline step."""

    name = "🌾 gleaner"
    _requires_dependencies = ["gleaner"]

    def __init__(
        self,
        favour_precision: bool = False,
        favour_recall: bool = False,
        include_images: bool = False,
        timeout: float = 1,
        markdown: bool = False,
        config: Optional[str] = None,
        add_metadata: bool = True,
    ) -> None:
        """
        Args:
          favour_precision: prefer leaving out a doubtful block (``--favor precision``).
          favour_recall: prefer keeping a doubtful block (``--favor recall``).
          include_images: keep images as Markdown (implies ``markdown``).
          timeout: the time budget of one document, in seconds: gleaner's own
            ``limits.max_page_millis``, checked between its stages. Extraction runs
            in the worker itself, not in a sandbox process: gleaner does not crash or
            hang on hostile pages, and skipping the pipe to a sandbox is most of its
            speed.
          markdown: give the article as Markdown instead of plain text.
          config: a gleaner ``config.toml`` of overrides (a path or TOML text).
          add_metadata: add title, author, date, language, site name and page type
            to ``doc.metadata`` (fields the document already has are left alone).
        """
        super().__init__(timeout)
        if favour_precision and favour_recall:
            raise ValueError("favour_precision and favour_recall exclude each other")
        favor = "precision" if favour_precision else "recall" if favour_recall else "balanced"
        base = gleaner.Config.from_toml(config, favor=favor) if config else gleaner.Config.from_toml("", favor=favor)
        base = base.with_overrides(f"[limits]\nmax_page_millis = {max(1, int(timeout * 1000))}\n")
        if include_images:
            base = base.with_overrides("[output]\nimages = true\n")
            markdown = True
        self.config = base
        self.format = "markdown" if markdown else "text"
        self.add_metadata = add_metadata

    def extract(self, text: str) -> str:
        """The article of the page ``text`` (its HTML); empty when gleaner refuses it."""
        try:
            return gleaner.extract(text, format=self.format, config=self.config).text
        except gleaner.ExtractionError:
            return ""

    def run(self, data, rank: int = 0, world_size: int = 1):  # type: ignore[no-untyped-def]
        """datatrove's extractor loop, in process, with gleaner's metadata kept."""
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                try:
                    record = gleaner.extract(
                        doc.text, doc.metadata.get("url"), format=self.format, config=self.config
                    )
                except gleaner.ExtractionError as e:
                    self.stat_update("timeout" if "time budget" in str(e) else "clean_error")
                    continue
            if not record.text:
                self.stat_update("dropped")
                continue
            self.stat_update("extracted")
            doc.text = record.text
            if self.add_metadata:
                for field in _METADATA:
                    value = getattr(record, field)
                    if value is not None and field not in doc.metadata:
                        doc.metadata[field] = value
            self.stat_update("forwarded")
            self.update_doc_stats(doc)
            yield doc
