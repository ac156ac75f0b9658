"""Figure extraction benchmark: the gold pages, NewsQuant, TempEval-3, the Recognizers-Text
English specs, and quantulum3 + dateparser on the same inputs, in one run.

    python -m bench figures [--shared ../shared] [--out docs/benchmarks/figures.md]

Our quality comes from the real flow (`python -m flows run`) scored by `../shared/eval`'s
scorers; the peers' rows are written as the same Parquet datasets and scored by the same
scorers. Speed is the extract step alone (`extract_figures`) against quantulum3's
`parser.parse` plus `dateparser.search_dates`, on the same sentences. Prints one table
and writes it, with the machine and the date, to docs/benchmarks/figures.md."""
from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pint
import pyarrow as pa
import pyarrow.parquet as pq

from bench.common import DOCS, SHARED, gold_report, machine, run_flow, scorer
from stages.extract.figures import extract_figures
from stages.segment.sentences import split_sentences

PLATINUM = "peer-suites/tempeval3/Evaluation/te3-platinum"
TBAQ = ("peer-suites/tempeval3/Training/TBAQ-cleaned/TimeBank", "peer-suites/tempeval3/Training/TBAQ-cleaned/AQUAINT")
SPECS = "peer-suites/recognizers-text/Specs"
RT_MODELS = {"PercentModel": "Number/English/PercentModel.json",
             "CurrencyModel": "NumberWithUnit/English/CurrencyModel.json",
             "DimensionModel": "NumberWithUnit/English/DimensionModel.json",
             "DateTimeModel": "DateTime/English/DateTimeModel.json"}
#: Recognizers-Text currency names that pycountry does not spell the same way.
RT_CURRENCY = {"dollar": "USD", "united states dollar": "USD", "pound": "GBP", "british pound": "GBP",
               "chinese yuan": "CNY", "japanese yen": "JPY", "rupee": "INR", "franc": "CHF", "euro": "EUR"}
RT_MINOR = {"cent", "pence", "penny", "sen"}
UREG = pint.UnitRegistry()
Row = dict[str, object]


# ---------------------------------------------------------------- running things

def _write_datasets(out: Path, docs: dict[str, str], metrics: list[Row]) -> Path:
    """A peer's figures as the `documents` and `metrics` datasets the scorers read."""
    for name, rows in (("documents", [{"doc_id": d, "source_path": p} for d, p in docs.items()]), ("metrics", metrics)):
        (out / name).mkdir(parents=True, exist_ok=True)
        columns = sorted({k for r in rows for k in r}) or ["doc_id"]
        pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows]), out / name / "part.parquet")
    return out


def _prf(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------- TempEval-3 spans

@dataclass(frozen=True)
class TimeMLDoc:
    """A TempEval-3 document as `tempeval.py prepare` writes it (`raw`), with its TIMEX3 spans in `raw`."""

    name: str
    dct: datetime
    raw: str
    spans: list[tuple[int, int]]


def _text_and_spans(element: ET.Element | None) -> tuple[str, list[tuple[int, int]]]:
    """The element's text (stripped, as tempeval.py strips it) and its TIMEX3 character spans."""
    if element is None:
        return "", []
    parts: list[str] = []
    spans: list[tuple[int, int]] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            spans.append((start, sum(map(len, parts))))

    walk(element)
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    return text.strip(), [(s - lead, e - lead) for s, e in spans]


def timeml_docs(shared: Path, folder: str) -> list[TimeMLDoc]:
    out = []
    for path in sorted((shared / folder).glob("*.tml")):
        root = ET.parse(path).getroot()
        title, title_spans = _text_and_spans(root.find("TITLE"))
        text, text_spans = _text_and_spans(root.find("TEXT"))
        shift = len(title) + 2
        dct = datetime.fromisoformat(root.find("DCT/TIMEX3").get("value")[:10])
        out.append(TimeMLDoc(path.stem, dct, f"{title}\n\n{text}\n", title_spans + [(s + shift, e + shift) for s, e in text_spans]))
    return out


def locate(raw: str, surfaces: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of surfaces given in reading order: each is searched from where the previous one
    ended (then from the start), so a repeated phrase maps to the right occurrence."""
    spans, cursor = [], 0
    for surface in surfaces:
        at = raw.find(surface, cursor)
        at = raw.find(surface) if at < 0 else at
        if at >= 0:
            spans.append((at, at + len(surface)))
            cursor = at + len(surface)
    return spans


def span_f1(gold: dict[str, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int]]]) -> tuple[float, float]:
    """TempEval-3 timex extraction F1: strict (same span) and relaxed (overlapping span), one-to-one."""
    result = []
    for same in (lambda g, p: g == p, lambda g, p: g[0] < p[1] and p[0] < g[1]):
        tp = n_gold = n_pred = 0
        for name, golds in gold.items():
            preds, used = pred.get(name, []), set()
            for g in golds:
                hit = next((j for j, p in enumerate(preds) if j not in used and same(g, p)), None)
                if hit is not None:
                    used.add(hit)
            tp, n_gold, n_pred = tp + len(used), n_gold + len(golds), n_pred + len(preds)
        result.append(_prf(tp, n_pred - tp, n_gold - tp))
    return result[0], result[1]


def our_spans(out: Path, read_dataset: Callable, docs: list[TimeMLDoc]) -> dict[str, list[tuple[int, int]]]:
    """Our date and duration rows mapped back onto each raw TempEval document."""
    raw_of = {d.name: d.raw for d in docs}
    name_of = {d["doc_id"]: Path(str(d["source_path"])).stem for d in read_dataset(out, "documents")}
    position = {a["article_id"]: a["position"] for a in read_dataset(out, "articles")}
    rows = sorted((m for m in read_dataset(out, "metrics") if m["kind"] in ("date", "duration")),
                  key=lambda m: (position.get(m["article_id"], 0), m["field"] != "title", m["char_start"]))
    by_doc: dict[str, list[str]] = {}
    for m in rows:
        by_doc.setdefault(name_of[m["doc_id"]], []).append(m["surface"])
    return {name: locate(raw_of[name], surfaces) for name, surfaces in by_doc.items() if name in raw_of}


# ---------------------------------------------------------------- peers: quantulum3 + dateparser

class Peers:
    """quantulum3 (quantities) and dateparser.search_dates (dates), one sentence at a time."""

    def __init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as quantulum
        import dateparser.search
        from dateparser.date import DateDataParser
        self.quantulum, self.search = quantulum, dateparser.search.search_dates
        self.period = DateDataParser(languages=["en"])

    def quantities(self, sentence: str) -> list[Row]:
        rows = []
        for q in self.quantulum.parse(sentence):
            entity, name = q.unit.entity.name, q.unit.name
            if entity == "currency":
                row = {"kind": "money", "unit": q.unit.currency_code or name}
            elif name == "percentage":
                row = {"kind": "percentage", "unit": "percent"}
            elif entity == "dimensionless":
                row = {"kind": "count", "unit": None}
            else:
                row = {"kind": "duration" if entity == "time" else "quantity", "unit": name.replace(" per ", " / ")}
            if isinstance(q.value, (int, float)) and math.isfinite(q.value):
                rows.append({**row, "surface": q.surface, "value": float(q.value), "qualifier": "exact", "start": q.span[0]})
        return rows

    def dates(self, sentence: str, base: datetime) -> list[Row]:
        found = self.search(sentence, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        rows = []
        for surface, when in found:
            grain = self.period.get_date_data(surface).period or "day"
            rows.append({"kind": "date", "surface": surface, "date_start": _period_start(when.date(), grain),
                         "granularity": grain if grain in ("day", "week", "month", "year") else "day"})
        return rows


def _period_start(day: date, grain: str) -> date:
    """dateparser returns a day inside the period it read; the scorers want the period's first day."""
    if grain == "year":
        return day.replace(month=1, day=1)
    if grain == "month":
        return day.replace(day=1)
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day


# ---------------------------------------------------------------- Recognizers-Text specs

def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _pint_name(name: str) -> str:
    """`Square meter` -> `meter ** 2`, `Kilometer per hour` -> `kilometer / hour`."""
    name = name.lower().replace(" per ", " / ")
    name = re.sub(r"square (\w+)", r"\1 ** 2", re.sub(r"cubic (\w+)", r"\1 ** 3", name))
    return name.replace("metric ton", "tonne")


def _same_unit(ours: str | None, theirs: str) -> bool:
    try:
        return _close(UREG.Quantity(1, ours).to(_pint_name(theirs)).magnitude, 1.0)
    except Exception:
        return False


def _currency_ok(f, want: dict, iso_names: dict[str, str]) -> bool:
    name, value = want["unit"].lower(), float(want["value"])
    if f.kind != "money":
        return False
    if name in RT_MINOR:
        return _close(f.value * 100, value)
    code = (f.unit or "").split("/")[0]
    return _close(f.value, value) and (RT_CURRENCY.get(name) == code or name == iso_names.get(code, "")
                                       or set(name.split()) <= set(iso_names.get(code, "").split()))


def _date_ok(f, want: dict) -> bool:
    values = want.get("Resolution", {}).get("values", [])
    starts = {v.get("value") or v.get("start") for v in values}
    return f.kind == "date" and f.date_start is not None and f.date_start.isoformat() in starts


def recognizers(shared: Path) -> dict[str, tuple[int, int]]:
    """(passed, cases) per model. A case passes when every expected result of the model's
    scope is found among our figures with the same value and unit (dates: the same first
    day), overlapping its text; a case expecting nothing passes when we find nothing of
    that scope. Cases marked NotSupportedByDesign are skipped."""
    import pycountry
    iso_names = {c.alpha_3: c.name.lower() for c in pycountry.currencies}
    scope: dict[str, tuple[Callable, Callable]] = {
        "PercentModel": (_valued, lambda f, w: f.kind == "percentage" and _close(f.value, float(w["Resolution"]["value"].rstrip("%")))),
        "CurrencyModel": (_valued, lambda f, w: _currency_ok(f, w["Resolution"], iso_names)),
        "DimensionModel": (_valued, lambda f, w: f.kind in ("quantity", "capacity") and _close(f.value, float(w["Resolution"]["value"]))
                           and _same_unit(f.unit, w["Resolution"]["unit"])),
        "DateTimeModel": (lambda r: (r.get("TypeName") or r.get("Typename")) in ("datetimeV2.date", "datetimeV2.daterange"), _date_ok),
    }
    kinds = {"PercentModel": {"percentage"}, "CurrencyModel": {"money"}, "DimensionModel": {"quantity", "capacity"}, "DateTimeModel": {"date"}}
    out = {}
    for model, rel in RT_MODELS.items():
        in_scope, ok = scope[model]
        passed = total = 0
        for case in json.loads((shared / SPECS / rel).read_text(encoding="utf-8-sig")):
            if case.get("NotSupportedByDesign"):
                continue
            wants = [r for r in case["Results"] if in_scope(r)]
            if model == "DateTimeModel" and not wants:
                continue  # times, sets and durations only: not dates
            ref = case.get("Context", {}).get("ReferenceDateTime")
            figures = extract_figures(case["Input"], datetime.fromisoformat(ref) if ref else None)
            total += 1
            if not wants:
                passed += not any(f.kind in kinds[model] for f in figures)
                continue
            passed += all(any(ok(f, w) and _overlap(f, w) for f in figures) for w in wants)
        out[model] = (passed, total)
    return out


def _valued(result: dict) -> bool:
    """Results the spec gives no value for (`a few dollars`) cannot be compared: out of scope."""
    return result.get("Resolution", {}).get("value") is not None


def _overlap(f, want: dict) -> bool:
    if "Start" not in want:
        return True
    return f.char_start <= want["End"] and want["Start"] < f.char_end


# ---------------------------------------------------------------- the run

def _sentences(text: str) -> list[tuple[int, str]]:
    return [(s.start, text[s.start:s.end]) for s in split_sentences(text)]


def run(shared: Path, work: Path) -> tuple[list[tuple[str, str, str, str, str]], dict]:
    score, newsquant, tempeval = (scorer(n, shared) for n in ("score", "newsquant", "tempeval"))
    rows: list[tuple[str, str, str, str, str]] = []

    # 1. gold pages
    gold = gold_report(work, shared)
    rows += [("gold pages", "figures F1 loose / strict", f"{gold['figures']['f1']:.3f} / {gold['figures_strict']['f1']:.3f}", "", "≥ 0.90 / ≥ 0.85"),
             ("gold pages", "measure attribution", f"{gold['measure_attribution']:.3f}", "", "≥ 0.7")]
    rows += [("gold pages", f"F1 {kind}", f"{t['f1']:.3f} ({t['tp']}/{t['tp'] + t['fn']})", "", "")
             for kind, t in sorted(gold["figures_by_kind"].items())]
    rows += [("gold pages", "events F1 / all actors", f"{gold['events']['f1']:.3f} / {gold['events_all_actors']['f1']:.3f}", "", "")]

    # 2. NewsQuant, ours through the flow, quantulum3 sentence by sentence
    newsquant.prepare(shared, work / "nq-raw")
    run_flow(work / "nq-raw", work / "nq-out")
    ours_nq = newsquant.score(shared, work / "nq-out")
    peers = Peers()
    nq_sentences, te_sentences = _suite_sentences(shared)
    ours_seconds, peer_seconds, peer_nq, peer_te = _speed(peers, nq_sentences, te_sentences)
    theirs_nq = newsquant.score(shared, _write_datasets(work / "nq-peer", {n: n for n, _ in nq_sentences}, peer_nq))
    for label, cqe in (("value", "0.920"), ("value+unit", "0.856 (need ≥ 0.86)"), ("value+change", "0.881 (need ≥ 0.89)")):
        rows.append(("NewsQuant (590 sentences)", f"{label} F1", f"{ours_nq[label]['f1']:.3f}", f"{theirs_nq[label]['f1']:.3f}", f"CQE {cqe}"))

    # 3. TempEval-3: platinum (test) and TBAQ-cleaned (development)
    for label, folders, raw in (("TempEval-3 platinum (test)", (PLATINUM,), "te-raw"), ("TempEval-3 TBAQ-cleaned (dev)", TBAQ, "tbaq-raw")):
        docs = [d for folder in folders for d in timeml_docs(shared, folder)]
        tallies = []
        for folder in folders:
            tempeval.DIR = folder  # the scorer reads one folder; TBAQ-cleaned has two
            tempeval.prepare(shared, work / raw)
        run_flow(work / raw, work / f"{raw}-out")
        for folder in folders:
            tempeval.DIR = folder
            tallies.append(tempeval.score(shared, work / f"{raw}-out"))
        tp, fp, fn = (sum(t[k] for t in tallies) for k in ("tp", "fp", "fn"))
        strict, relaxed = span_f1({d.name: d.spans for d in docs}, our_spans(work / f"{raw}-out", score.read_dataset, docs))
        peer_value = peer_strict = peer_relaxed = ""
        if folders == (PLATINUM,):
            tempeval.DIR = PLATINUM
            out = _write_datasets(work / "te-peer", {d.name: f"{d.name}.txt" for d in docs}, [r for r in peer_te if r["kind"] == "date"])
            peer_value = f"{tempeval.score(shared, out)['f1']:.3f}"
            spans = {d.name: [(r["char_start"], r["char_end"]) for r in peer_te if r["doc_id"] == d.name] for d in docs}
            ps, pr = span_f1({d.name: d.spans for d in docs}, spans)
            peer_strict, peer_relaxed = f"{ps:.3f}", f"{pr:.3f}"
        rows += [(label, "DATE value F1", f"{_prf(tp, fp, fn):.3f}", peer_value, "HeidelTime 0.776 (need ≥ 0.78)" if folders == (PLATINUM,) else ""),
                 (label, "timex span F1 strict / relaxed", f"{strict:.3f} / {relaxed:.3f}",
                  f"{peer_strict} / {peer_relaxed}" if peer_strict else "", "")]

    # 4. Recognizers-Text English specs
    for model, (passed, total) in recognizers(shared).items():
        rows.append(("Recognizers-Text specs", f"{model} pass rate", f"{passed}/{total} = {passed / total:.3f}", "", ""))

    # 5. speed on the same sentences (timed in step 2)
    n = len(nq_sentences) + len(te_sentences)
    rows.append(("speed, same sentences", f"sentences/s ({n} sentences)", f"{n / ours_seconds:,.0f}", f"{n / peer_seconds:,.1f}",
                 f"ours {peer_seconds / ours_seconds:,.0f}× faster (need ≥ 100×)"))
    return rows, {"gold": gold, "newsquant": ours_nq}


#: Rounds of the speed row: each times one pass of ours and then one of the peers', back to back, so that both sides
#: see the same machine (CPU time on a shared VM moves by ±30% over minutes); each side's best pass is kept.
ROUNDS = 5


def _speed(peers: Peers, nq: list[tuple[str, str]], te: list) -> tuple[float, float, list[Row], list[Row]]:
    """CPU seconds of our extract step and of quantulum3 + search_dates over the same sentences, each the best of
    ROUNDS interleaved passes (after a warm-up call each), and the peers' figures as rows."""
    sentences = _speed_inputs(nq, te)
    peers.quantities("warm up 5 km"), peers.dates("on 5 May 2020", datetime(2020, 1, 1))
    extract_figures("warm up 5 km on 5 May 2020", datetime(2020, 1, 1))
    ours = theirs = math.inf
    for _ in range(ROUNDS):
        ours = min(ours, _our_pass(sentences))
        seconds, nq_rows, te_rows = _peer_pass(peers, nq, te)
        theirs = min(theirs, seconds)
    return ours, theirs, nq_rows, te_rows


def _peer_pass(peers: Peers, nq: list[tuple[str, str]], te: list) -> tuple[float, list[Row], list[Row]]:
    """quantulum3 + search_dates on every sentence: the CPU seconds, and their figures as rows."""
    nq_rows: list[Row] = []
    te_rows: list[Row] = []
    start = time.process_time()
    for name, text in nq:
        for sent_start, sentence in _sentences(text):
            nq_rows += [{**r, "doc_id": name} for r in peers.quantities(sentence)]
            peers.dates(sentence, datetime(2020, 1, 1))
    for doc, sent_start, sentence in te:
        found = peers.dates(sentence, doc.dct) + peers.quantities(sentence)
        for r, (s, e) in zip(found, locate(sentence, [str(r["surface"]) for r in found])):
            te_rows.append({**r, "doc_id": doc.name, "char_start": sent_start + s, "char_end": sent_start + e})
    return time.process_time() - start, nq_rows, te_rows


def speed_sentences(shared: Path) -> list[tuple[str, datetime | None]]:
    """The sentences the speed row times, each with its reference time: NewsQuant's, then TempEval-3 platinum's."""
    return _speed_inputs(*_suite_sentences(shared))


def _suite_sentences(shared: Path) -> tuple[list[tuple[str, str]], list]:
    """NewsQuant's texts by file name, and TempEval-3 platinum's sentences as (document, offset, sentence)."""
    nq = [(f"nq-{i:04d}.txt", s["text"]) for i, s in enumerate(scorer("newsquant", shared).load(shared))]
    te = [(d, start, s) for d in timeml_docs(shared, PLATINUM) for start, s in _sentences(d.raw)]
    return nq, te


def _speed_inputs(nq: list[tuple[str, str]], te: list) -> list[tuple[str, datetime | None]]:
    return [(s, None) for _, text in nq for _, s in _sentences(text)] + [(s, doc.dct) for doc, _, s in te]


def _our_pass(sentences: list[tuple[str, datetime | None]]) -> float:
    """Our extract step on the speed sentences: the CPU seconds."""
    start = time.process_time()
    for sentence, reference in sentences:
        extract_figures(sentence, reference)
    return time.process_time() - start


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    lines = ["| suite | measure | ours | quantulum3 + dateparser | reference |", "|---|---|---:|---:|---|"]
    return "\n".join(lines + [f"| {' | '.join(r)} |" for r in rows])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench figures", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=DOCS / "figures.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as work:
        rows, _ = run(args.shared.resolve(), Path(work))
    text = table(rows)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# Figure extraction benchmark\n\n"
        f"Machine: {machine()}. "
        "Rerun: `.venv/bin/python -m bench figures` (or `python3 tasks.py bench figures`).\n\n"
        + text + "\n\n" + DEFINITIONS, encoding="utf-8")
    return 0


DEFINITIONS = """## What each row measures

- **gold pages**: `../shared/eval/score.py` on `../shared/eval/gold` after the flow ran on the
  materialised gold documents (loose kind: capacity/quantity/count are one; strict: exact kind).
- **NewsQuant**: `../shared/eval/newsquant.py score` (value; value+unit; value+change), ours through
  the flow; quantulum3's quantities written as `metrics` rows (money with its currency code,
  `percentage`, dimensionless as counts, other units by name; no qualifier or direction: it has none)
  and scored by the same function. CQE's published figures are from the suite's README.
- **TempEval-3 DATE value F1**: `../shared/eval/tempeval.py score`; platinum is the test set,
  TBAQ-cleaned (TimeBank + AQUAINT) the development set. dateparser's dates are normalised to the
  first day of the period `DateDataParser` reports.
- **timex span F1**: TempEval-3's extraction measure over every TIMEX3 (DATE, TIME, DURATION, SET)
  of the text and title: *strict* counts a predicted span equal to a gold span, *relaxed* one that
  overlaps it (one-to-one). Ours are the flow's `date` and `duration` rows, placed in the raw
  document by their surfaces in reading order; the peers' are dateparser's dates and quantulum3's
  time quantities.
- **Recognizers-Text specs**: English PercentModel, CurrencyModel, DimensionModel and DateTimeModel
  (with each case's ReferenceDateTime). A case *passes* when every expected result in scope is
  found among our figures, overlapping its text, with the same value and unit (currency: ISO code of
  the named currency; cents as 0.01; dimensions: pint-equal units; dates: `date_start` equal to the
  resolution's value or range start). A case expecting nothing passes when we find nothing of that
  kind. Skipped: cases marked NotSupportedByDesign, expected results without a value, and
  DateTimeModel cases with no date or date range (times, sets, durations only).
- **speed**: the same sentences (NewsQuant's, then TempEval-3 platinum split by our sentence
  splitter): our `extract_figures` against quantulum3 `parser.parse` plus
  `dateparser.search_dates` (after a warm-up call each), each side the best of five passes in the
  same process and run, the passes interleaved (ours, theirs, ours, ...) so that both see the same
  machine; CPU seconds of the process (`time.process_time`). Other load still moves CPU time on a
  shared VM (±30% between passes here); `python -m bench instructions` counts ours.
"""
