"""gleaner: web pages to exactly their article, with title, author, date and language.

The extraction is gleaner's Rust library, the same as the ``gleaner`` command's:
``extract`` gives the record ``gleaner --format json`` writes for a page, and
``iter_warc`` the records ``gleaner --format jsonl ARCHIVE.warc.gz`` writes for an
archive, with the same verdict on every WARC record. The GIL is released while a page
is extracted, so threads scale across cores.

    >>> import gleaner
    >>> r = gleaner.extract(b"<article><p>" + b"The council met on Monday. " * 5 + b"</p></article>")
    >>> r.text.startswith("The council met on Monday.")
    True
"""

from __future__ import annotations

import os
from typing import IO, Any, Dict, Iterator, List, Optional, Tuple, Union

from . import _gleaner
from ._gleaner import Config, ConfigError, ExtractionError

__version__: str = _gleaner.__version__

__all__ = [
    "Config",
    "ConfigError",
    "Error",
    "ExtractionError",
    "Record",
    "WarcReader",
    "extract",
    "iter_warc",
]


class Record:
    """One page's article and metadata: the command line's JSON record.

    ``text`` is the article (plain text, or Markdown with ``format="markdown"``);
    ``title``, ``author`` (the authors joined as "A, B and C"), ``date`` (ISO 8601),
    ``language`` (ISO 639-1) and ``url`` head it; every other field is an attribute
    too, and ``to_dict()`` gives the whole record.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``gleaner --format json`` writes it."""
        return self._data

    @property
    def id(self) -> str:
        """The WARC record id, or a stable hash of the input's name (for ``extract``,
        of the ``url`` given, else of ``-``, as the command line names standard input)."""
        return self._data["id"]

    @property
    def text(self) -> str:
        """The article: plain text, or Markdown with ``format="markdown"``."""
        return self._data["text"]

    @property
    def outcome(self) -> str:
        """``"ok"``, or ``"empty"`` when the page has no article."""
        return self._data["outcome"]

    @property
    def url(self) -> Optional[str]:
        """The page's URL, when known."""
        return self._data["url"]

    @property
    def title(self) -> Optional[str]:
        """The headline."""
        return self._data["title"]

    @property
    def author(self) -> Optional[str]:
        """The authors, joined as "A, B and C"."""
        return self._data["author"]

    @property
    def authors(self) -> List[str]:
        """The authors, one name each."""
        return self._data["metadata"]["authors"]

    @property
    def date(self) -> Optional[str]:
        """Date of publication, ISO 8601."""
        return self._data["date"]

    @property
    def date_modified(self) -> Optional[str]:
        """Date of the last change, ISO 8601."""
        return self._data["metadata"]["date_modified"]

    @property
    def language(self) -> Optional[str]:
        """The article's language, ISO 639-1 (declared, or detected from the text)."""
        return self._data["metadata"]["language"]

    @property
    def site_name(self) -> Optional[str]:
        """The publication's name."""
        return self._data["metadata"]["site_name"]

    @property
    def description(self) -> Optional[str]:
        """The page's own summary."""
        return self._data["metadata"]["description"]

    @property
    def page_type(self) -> Optional[str]:
        """article, forum, product, collection, listing, documentation, service or other."""
        return self._data["metadata"]["page_type"]

    @property
    def canonical_url(self) -> Optional[str]:
        """The URL the page names as its own."""
        return self._data["metadata"]["canonical_url"]

    @property
    def image(self) -> Optional[str]:
        """The page's lead image."""
        return self._data["metadata"]["image"]

    @property
    def tags(self) -> List[str]:
        """Keywords and sections the page gives."""
        return self._data["metadata"]["tags"]

    @property
    def word_count(self) -> int:
        """Words in ``text``."""
        return self._data["metadata"]["word_count"]

    @property
    def metadata(self) -> Dict[str, Any]:
        """Every metadata field."""
        return self._data["metadata"]

    @property
    def source(self) -> Dict[str, Any]:
        """Where the page came from: file, record_id, offset, warc_date."""
        return self._data["source"]

    def __repr__(self) -> str:
        return f"gleaner.Record(url={self.url!r}, title={self.title!r}, words={self.word_count})"


class Error:
    """A page that failed: the command line's error record (``--errors FILE``)."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> Dict[str, Any]:
        """The error record as ``gleaner --errors FILE`` writes it."""
        return self._data

    @property
    def reason(self) -> str:
        """The short kind: ``bad WARC record``, ``bad HTTP response``, ``over budget``,
        ``not text``, ``too large``, ``unreadable input``, ``internal error``."""
        return self._data["reason"]

    @property
    def message(self) -> str:
        """What happened."""
        return self._data["message"]

    @property
    def input(self) -> str:
        """The input's name."""
        return self._data["input"]

    @property
    def url(self) -> Optional[str]:
        """The record's URL, when its headers could be read."""
        return self._data["url"]

    @property
    def record_id(self) -> Optional[str]:
        """The record's id, when its headers could be read."""
        return self._data["record_id"]

    @property
    def offset(self) -> Optional[int]:
        """Byte offset of the record (of its gzip member) in the archive."""
        return self._data["offset"]

    def __repr__(self) -> str:
        return f"gleaner.Error(reason={self.reason!r}, message={self.message!r})"


def extract(
    html: Union[bytes, bytearray, str],
    url: Optional[str] = None,
    *,
    format: str = "text",
    config: Optional[Config] = None,
    input_format: str = "auto",
    detect_language: bool = True,
) -> Record:
    """Extracts one page's article and metadata.

    ``html`` is the page's bytes (decoded as a browser would: byte-order mark, then
    ``<meta charset>``, then detection) or a ``str``. ``url`` helps the date and names
    the record. ``format`` is ``"text"`` or ``"markdown"``; ``input_format`` is
    ``"auto"``, ``"html"`` or ``"text"`` (already extracted text, cleaned paragraph
    by paragraph). With ``detect_language=False`` the text's language is not
    detected (``language`` is then only what the page declares): a page takes about
    7% less time, for a pipeline that identifies languages itself. Raises
    ``ExtractionError`` for a page over a budget of the configuration or one that is
    binary, not text.
    """
    return Record(
        _gleaner.extract(
            html,
            url,
            format=format,
            config=config,
            input_format=input_format,
            detect_language=detect_language,
        )
    )


class WarcReader:
    """The pages of a WARC archive, as ``(record_id, url, Record | Error)`` tuples.

    Every HTML response record gives one tuple; records that are not pages
    (requests, metadata, non-HTML responses) are counted in ``counts()["skipped"]``,
    as the command line's summary counts them.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __iter__(self) -> "WarcReader":
        return self

    def __next__(self) -> Tuple[Optional[str], Optional[str], Union[Record, Error]]:
        record_id, url, ok, data = next(self._inner)
        return record_id, url, (Record(data) if ok else Error(data))

    def counts(self) -> Dict[str, Any]:
        """So far: ``pages``, ``extracted``, ``empty``, ``failed`` and ``skipped``
        (the last two by reason)."""
        return self._inner.counts()


def iter_warc(
    path_or_fileobj: Union[str, "os.PathLike[str]", IO[bytes]],
    *,
    format: str = "text",
    config: Optional[Config] = None,
    name: Optional[str] = None,
    detect_language: bool = True,
) -> WarcReader:
    """Streams the pages of a WARC archive (``.warc`` or ``.warc.gz``, a path or a
    binary file object) in constant memory.

    ``name`` is the input's name in the records (``source.file``), by default the
    path or the file object's ``name``: give the path the command line was given to
    get its records exactly. ``detect_language`` is as for :func:`extract`.
    """
    return WarcReader(
        _gleaner.iter_warc(
            path_or_fileobj,
            format=format,
            config=config,
            name=name,
            detect_language=detect_language,
        )
    )
