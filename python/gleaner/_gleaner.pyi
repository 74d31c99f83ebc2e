"""Type stub of the Rust extension module behind ``gleaner``."""

import os
from typing import IO, Any, Dict, Iterator, Optional, Tuple, Union

__version__: str

class ExtractionError(Exception):
    """A page that could not be extracted: over a budget, binary, or a bug."""

class ConfigError(ValueError):
    """A configuration that cannot be read; the message names the source and the key."""

class Config:
    """A compiled configuration: the fields of ``config.toml``."""

    def __init__(self) -> None: ...
    @staticmethod
    def from_toml(path_or_str: Union[str, "os.PathLike[str]"], *, favor: str = "balanced") -> "Config": ...
    def with_overrides(self, toml: str) -> "Config": ...
    def to_toml(self) -> str: ...
    def __reduce__(self) -> Any: ...

class WarcIterator(Iterator[Tuple[Optional[str], Optional[str], bool, Dict[str, Any]]]):
    def __iter__(self) -> "WarcIterator": ...
    def __next__(self) -> Tuple[Optional[str], Optional[str], bool, Dict[str, Any]]: ...
    def counts(self) -> Dict[str, Any]: ...

def extract(
    html: Union[bytes, bytearray, str],
    url: Optional[str] = None,
    *,
    format: str = "text",
    config: Optional[Config] = None,
    input_format: str = "auto",
    detect_language: bool = True,
) -> Dict[str, Any]: ...
def iter_warc(
    path_or_fileobj: Union[str, "os.PathLike[str]", IO[bytes]],
    *,
    format: str = "text",
    config: Optional[Config] = None,
    name: Optional[str] = None,
    detect_language: bool = True,
) -> WarcIterator: ...
