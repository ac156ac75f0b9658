"""A generated corpus of the dirty inputs scraped folders hold, with what each must become."""
from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

GOOD = ("Markets rallied on Monday\n\nShares in London rose 2.5% on Monday after the Bank of England held rates at 4%, "
        "traders said. The FTSE 100 gained 180 points to close at 8,250.\n")
SCRIPTED_HTML = """<html><head><title>Port reopens after storm</title>
<script>var secret = "SCRIPT-LEAK-42"; alert(secret);</script><style>.x{content:"STYLE-LEAK-42"}</style></head>
<body onload="track('HANDLER-LEAK-42')"><nav>Home | World | Business</nav>
<article><h1>Port reopens after storm</h1><p onclick="evil('HANDLER-LEAK-43')">The port of Rotterdam reopened on
Tuesday after a storm closed it for three days, the port authority said in a statement.</p>
<p>About 40 ships had been waiting to enter, and officials expect traffic to return to normal within a week.</p>
<script>document.write("SCRIPT-LEAK-43")</script></article><footer>© 2025 Example News. All rights reserved.</footer>
</body></html>"""
LEAKS = ("SCRIPT-LEAK", "STYLE-LEAK", "HANDLER-LEAK", "alert(", "onclick")


def build(root: Path, outside: Path) -> dict[str, str]:
    """Write the corpus under `root`; returns {source_path: expected status} (`ok` or `quarantined`)."""
    rng = random.Random(7)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, status: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        expect[name] = status

    put("good.txt", GOOD, "ok")
    put("empty.txt", b"", "quarantined")
    put("blank.md", "   \n\n\t\n", "quarantined")
    put("fake-pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\0\0\0", "quarantined")
    put("fake-png.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(rng.randrange(256) for _ in range(512)), "quarantined")
    put("random.html", bytes(rng.randrange(256) for _ in range(4096)), "quarantined")
    put("invalid-utf8.txt", GOOD.encode() + b"\n\nA broken byte \xff\xfe here, and the rest is fine.\n", "ok")
    put("latin1.txt", "Café prices\n\nA coffee in Zürich costs 5 francs, up 10% on last year.\n".encode("latin-1"), "ok")
    put("cp1252.txt", "Oil “jumps”\n\nBrent crude rose 3% to $80 a barrel — its highest in a month.\n".encode("cp1252"), "ok")
    put("mojibake.txt", "Oil â€œjumpsâ€\x9d\n\nBrent crude didnâ€™t fall: it rose 3% to $80 a barrel on Friday.\n", "ok")
    put("zero-width.txt", "Sanctions\u200b extended\n\nThe \u200bU.S. Treasury will extend\u2060 the deadline to April 1 \u200cfor deals,"
        " officials\x07 said.\x0b\n", "ok")
    put("huge.txt", ("All work and no play makes a dull page. " * 1_400_000)[:50 * 1024 * 1024], "quarantined")
    put("nested.html", "<html><body>" + "<div>" * 5000 + "<p>Deep text about a 5% rise in steel output.</p>"
        + "</div>" * 5000 + "</body></html>", "any")
    put("huge-markup.html.gz", gzip.compress(("<html><body>" + "<div><span>x</span></div>" * 200_000 + "</body></html>").encode()),
        "any")
    put("scripted.html", SCRIPTED_HTML, "ok")
    lines = [json.dumps({"id": "a", "title": "Gold rises", "text": "Gold rose 1% to $2,000 an ounce on Monday, dealers said."}),
             '{"id": "b", "title": "Broken", "text": "unterminated',
             json.dumps({"id": "c", "title": "No body"}),
             json.dumps({"id": "d", "text": "   "}),
             json.dumps(["not", "an", "object"]),
             json.dumps({"id": "e", "html": SCRIPTED_HTML.replace("Rotterdam", "Hamburg")})]
    put("records.jsonl", "\n".join(lines) + "\n", "")
    expect.pop("records.jsonl")
    expect.update({"records.jsonl#1": "ok", "records.jsonl#2": "quarantined", "records.jsonl#3": "quarantined",
                   "records.jsonl#4": "quarantined", "records.jsonl#5": "quarantined", "records.jsonl#6": "ok"})
    put("zz copy of good.txt", GOOD, "duplicate")
    put("nested/dir/-leading dash & spaces ünïcode.txt", GOOD.replace("London", "Paris"), "ok")
    put("x" * 200 + ".txt", GOOD.replace("London", "Tokyo"), "ok")
    put("notes.docx", b"PK\x03\x04 not a page", "quarantined")
    put("broken.json", '{"id": 1, "text": ', "quarantined")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("Secret\n\nOUTSIDE-LEAK: this must never be read.\n")
    os.symlink(outside / "secret.txt", root / "link-to-outside.txt")
    os.symlink(outside, root / "linked-dir")
    expect["link-to-outside.txt"] = "quarantined"
    expect["linked-dir"] = "quarantined"
    return expect
