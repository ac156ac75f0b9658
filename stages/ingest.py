"""Ingest: find the documents under an input root and read each one back.

`scan` walks the root once and names every document (a file, or one record of
a JSON/JSONL file) with its content hash, so that duplicates are known before
any work is done; `load` reads one named document again for processing. Both
turn every problem into a `Rejected` with a reason instead of raising: nothing
found under the root is dropped silently.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from stages.model import DocMeta

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSON_SUFFIXES = (".jsonl", ".json")
SIDECAR_SUFFIX = ".meta.json"
# Record keys, in order of preference, for each piece of metadata.
RECORD_KEYS = {
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "source": ("source", "site", "domain"),
    "published_at": ("published_at", "published", "date", "pubdate"),
    "fetched_at": ("fetched_at", "scraped_at", "crawled_at"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may cost; larger inputs are quarantined, not truncated."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_records_per_file: int = 200_000
    max_document_chars: int = 2_000_000
    max_article_chars: int = 200_000


@dataclass(frozen=True, slots=True)
class DocRef:
    """Where one document lives and what it holds, without its content."""

    source_path: str  # relative to the input root; `file#N` for record N
    file: str
    record: int | None
    offset: int | None  # JSONL: byte offset of the record's line
    length: int | None
    format: str  # text | html | json-record
    content_hash: str
    bytes: int

    @property
    def doc_id(self) -> str:
        return hashlib.sha256(f"{self.source_path}\0{self.content_hash}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Rejected:
    """An input (or one part of it: `dataset` and `row_id` say which) that was left out, and why."""

    source_path: str
    reason: str
    stage: str = "ingest"
    doc_id: str | None = None
    level: str = "document"
    dataset: str | None = None
    row_id: str | None = None


@dataclass(frozen=True)
class RawDocument:
    ref: DocRef
    meta: DocMeta
    text: str | None  # plain text, or None for HTML
    html: str | None


class InputError(Exception):
    """A document that cannot be read; the message says why and what to do."""


# ---------------------------------------------------------------- scanning
Stamp = tuple[int, int, int]  # a file's (size, mtime_ns, ctime_ns)


def file_stamp(status: os.stat_result) -> Stamp:
    """What says a file may have changed: size and mtime, and ctime, which no tool sets back (`cp -p`, `rsync -t`
    and `touch -r` restore an mtime, so a same-size edit under an old mtime would otherwise go unseen)."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns


#: How recently before a scan a file may have changed for its stamp to be trusted next time. A filesystem stamps
#: times in ticks (a jiffy on ext4, 1 s on ext3 and HFS+, 2 s on FAT), so a file rewritten at the same size in the
#: tick the scan read it keeps its stamp: git's "racily clean" entries. Such files are read again by the next scan.
RACY_NS = 2_000_000_000


def _trust_horizon() -> int:
    return time.time_ns() - RACY_NS


@dataclass
class ScanCache:
    """What an earlier scan found in each file, keyed by the file's stamp (`file_stamp`).

    A file whose size, mtime and ctime (nanoseconds) all match is taken to hold the
    same content, so its documents (content hashes included) are reused
    without reading it again, as make and rsync do; the content hash stays the
    documents' identity. Only files that yielded documents and no rejection, and
    whose stamp is older than `trusted_before_ns` (see `RACY_NS`), are kept.
    `scan` reads `known` and fills `found` with this scan's files."""

    known: dict[str, tuple[Stamp, list[DocRef]]] = field(default_factory=dict)
    found: dict[str, tuple[Stamp, list[DocRef]]] = field(default_factory=dict)
    reused: int = 0  # files taken from `known`
    trusted_before_ns: int = field(default_factory=_trust_horizon)  # taken before any file is read


def scan(root: Path, limits: Limits = Limits(), cache: ScanCache | None = None) -> tuple[list[DocRef], list[Rejected]]:
    """Every document under `root`, in a stable order, and every input that is not one."""
    refs: list[DocRef] = []
    rejected: list[Rejected] = []
    for path in walk(root, rejected):
        _scan_path(root, path, limits, cache, refs, rejected)
    return refs, rejected


def scan_file(root: Path, path: Path, limits: Limits = Limits()) -> tuple[list[DocRef], list[Rejected]]:
    """`scan` of one file under `root` (a sidecar yields nothing: it is read with its document)."""
    refs: list[DocRef] = []
    rejected: list[Rejected] = []
    _scan_path(root, path, limits, None, refs, rejected)
    return refs, rejected


def _scan_path(root: Path, path: Path, limits: Limits, cache: ScanCache | None, refs: list[DocRef],
               rejected: list[Rejected]) -> None:
    rel = path.relative_to(root).as_posix()
    name = path.name.lower()
    if name.endswith(SIDECAR_SUFFIX):
        return  # metadata of a text document, read with it
    try:
        status = path.stat()
        size, stamp = status.st_size, file_stamp(status)
        if cache is not None:
            earlier = cache.known.get(rel)
            if earlier is not None and earlier[0] == stamp:
                refs.extend(earlier[1])
                cache.found[rel] = earlier
                cache.reused += 1
                return
            before = (len(refs), len(rejected))
        if size > limits.max_file_bytes:
            raise InputError(f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} (--max-file-bytes)")
        if name.endswith(JSON_SUFFIXES):
            refs.extend(_scan_records(path, rel, limits, rejected))
        elif name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
            data = _read_bytes(path)
            refs.append(DocRef(rel, rel, None, None, None, "html" if name.endswith(HTML_SUFFIXES) else "text",
                               hashlib.sha256(data).hexdigest(), len(data)))
        else:
            raise InputError("unsupported file type: expected .txt, .md, .html, .htm, .html.gz, .json or .jsonl")
        if (cache is not None and len(rejected) == before[1] and len(refs) > before[0]
                and max(stamp[1:]) < cache.trusted_before_ns):
            cache.found[rel] = (stamp, refs[before[0]:])
    except (InputError, OSError) as exc:
        rejected.append(Rejected(rel, str(exc)))


def duplicates(refs: list[DocRef]) -> dict[str, str]:
    """doc_id of every later copy of a content -> doc_id of its first occurrence, which stands for it."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for ref in refs:
        keeper = first.setdefault(ref.content_hash, ref.doc_id)
        if keeper != ref.doc_id:
            copies[ref.doc_id] = keeper
    return copies


def walk(root: Path, rejected: list[Rejected]) -> Iterator[Path]:
    """Regular files under root in sorted order; links are never followed."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
            rejected.append(Rejected((Path(dirpath) / name).relative_to(root).as_posix(),
                                     "symbolic link to a folder: links are not followed; copy the files into the input folder"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                rejected.append(Rejected(path.relative_to(root).as_posix(), "symbolic link: links are not followed; copy the file into the input folder"))
            elif path.is_file():
                yield path


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"not a readable gzip file ({exc})") from None
    return data


def _scan_records(path: Path, rel: str, limits: Limits, rejected: list[Rejected]) -> Iterator[DocRef]:
    data = _read_bytes(path)
    if path.name.lower().endswith(".jsonl"):
        offset = 0
        number = 0
        for line in data.splitlines(keepends=True):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            number += 1
            if number > limits.max_records_per_file:
                rejected.append(Rejected(f"{rel}#{number}", f"over the limit of {limits.max_records_per_file:,} records per file (--max-records)"))
                continue
            ref = _record_ref(rel, number, line, start, len(line), rejected)
            if ref:
                yield ref
        return
    try:
        records = json.loads(_decode(data))
    except (ValueError, InputError) as exc:
        raise InputError(f"not valid JSON ({exc}); write one document per line as .jsonl, or fix the file") from None
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        raise InputError("JSON file holds neither a record nor a list of records")
    for number, record in enumerate(records[: limits.max_records_per_file], start=1):
        ref = _record_ref(rel, number, json.dumps(record, sort_keys=True).encode(), None, None, rejected, record)
        if ref:
            yield ref
    for number in range(limits.max_records_per_file + 1, len(records) + 1):
        rejected.append(Rejected(f"{rel}#{number}", f"over the limit of {limits.max_records_per_file:,} records per file (--max-records)"))


def _record_ref(rel: str, number: int, raw: bytes, offset: int | None, length: int | None,
                rejected: list[Rejected], record: object = None) -> DocRef | None:
    source_path = f"{rel}#{number}"
    try:
        if record is None:
            record = json.loads(_decode(raw))
        content = _record_content(record)
    except (ValueError, InputError) as exc:
        reason = str(exc) if isinstance(exc, InputError) else f"line is not valid JSON ({exc})"
        rejected.append(Rejected(source_path, reason))
        return None
    data = content.encode()
    return DocRef(source_path, rel, number, offset, length, "json-record", hashlib.sha256(data).hexdigest(), len(data))


def _record_content(record: object) -> str:
    if not isinstance(record, dict):
        raise InputError("record is not a JSON object")
    for key in ("text", "html", "content", "body"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    raise InputError("record has no text: expected a non-empty `text` or `html` field")


# ---------------------------------------------------------------- loading
def load(root: Path, ref: DocRef, limits: Limits = Limits()) -> RawDocument:
    """Read one scanned document again; raises InputError with the reason."""
    path = root / ref.file
    try:
        if ref.format == "json-record":
            return _load_record(path, ref)
        content = _decode(_read_bytes(path))
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})") from None
    if len(content) > limits.max_document_chars:
        raise InputError(f"document has {len(content):,} characters, over the limit of {limits.max_document_chars:,} (--max-document-chars)")
    meta = _sidecar(path)
    if ref.format == "html":
        return RawDocument(ref, meta, None, content)
    return RawDocument(ref, meta, content, None)


def _load_record(path: Path, ref: DocRef) -> RawDocument:
    if ref.offset is not None and ref.length is not None:
        with path.open("rb") as handle:  # one line of a JSONL file: read just its bytes
            handle.seek(ref.offset)
            record = json.loads(_decode(handle.read(ref.length)))
    else:
        record = json.loads(_decode(_read_bytes(path)))
        record = record[ref.record - 1] if isinstance(record, list) else record
    content = _record_content(record)
    meta = _meta_from(record)
    is_html = isinstance(record.get("html"), str) and not (isinstance(record.get("text"), str) and record["text"].strip())
    return RawDocument(ref, meta, None if is_html else content, content if is_html else None)


def _sidecar(path: Path) -> DocMeta:
    """Metadata from `<name>.meta.json` beside a text or HTML file, if any."""
    stem = path.name
    for suffix in (".gz", ".html", ".htm", ".txt", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    side = path.with_name(stem + SIDECAR_SUFFIX)
    if not side.is_file() or side.is_symlink():
        return DocMeta()
    try:
        record = json.loads(_decode(side.read_bytes()))
    except (ValueError, InputError) as exc:
        raise InputError(f"sidecar {side.name} is not valid JSON ({exc}); fix or remove it") from None
    if not isinstance(record, dict):
        raise InputError(f"sidecar {side.name} is not a JSON object")
    return _meta_from(record)


def _meta_from(record: dict) -> DocMeta:
    def first(field: str) -> object:
        return next((record[k] for k in RECORD_KEYS[field] if record.get(k) not in (None, "")), None)

    def text(field: str) -> str | None:
        value = first(field)
        return str(value).strip() or None if value is not None else None

    return DocMeta(url=text("url"), title=text("title"), source=text("source"),
                   published_at=parse_time(first("published_at")), fetched_at=parse_time(first("fetched_at")),
                   language=text("language"))


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time as UTC; naive times are taken as UTC; anything else is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def _decode(data: bytes) -> str:
    """UTF-8 (BOM allowed), else cp1252/Latin-1 for legacy pages; binary data is refused."""
    if b"\0" in data[:8192]:
        raise InputError("binary data (NUL bytes): not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > len(text[:8192]) * 0.01:
        raise InputError("binary data (control characters, not valid UTF-8): not a text document")
    return text
