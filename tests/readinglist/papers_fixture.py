# ruff: noqa: E501  (the HTML template is easier to check against arXiv pages unwrapped)
"""Real-looking papers written for the tests: contributions, a limitations section, a results
table, baselines and datasets, rendered as arXiv's LaTeXML HTML and as a PDF (fpdf2), and a
fake arXiv on 127.0.0.1 that serves them with the export API, /html/ and /pdf/.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from aiohttp import web

_SYLLABLES = ["qor", "vex", "lum", "ira", "tal", "mon", "dex", "syl", "ban", "ro", "ke", "zu"]
DATASET_POOL = [
    "ReefSet",
    "ChemBench",
    "WikiQA-X",
    "OrbitNLI",
    "TidePOS",
    "MarbleQA",
    "GlacierMT",
    "CanopyCLS",
    "EmberSum",
    "QuarryCode",
    "HarborDialog",
    "PrismVision",
]
BASELINE_POOL = [
    "RoBERTa-base",
    "T5-Large",
    "ResNet-50",
    "BiLSTM-CRF",
    "GPT-2-Medium",
    "XLNet-Base",
    "DeBERTa-v3",
    "ViT-B/16",
    "ELECTRA-Small",
    "BART-Large",
]


@dataclass(frozen=True)
class FakePaper:
    arxiv_id: str
    method: str
    title: str
    datasets: tuple[str, ...]
    baselines: tuple[str, ...]
    score: float
    baseline_scores: tuple[float, ...]
    limitation: str
    result: str
    contribution: str
    abstract: str
    authors: tuple[str, ...] = ("Ada Example", "Grace Sample")
    year: int = 2024


def make_paper(index: int, rng: random.Random | None = None) -> FakePaper:
    rng = rng or random.Random(index)
    name = "".join(rng.sample(_SYLLABLES, 3)).capitalize() + f"-{index + 1}"
    datasets = tuple(rng.sample(DATASET_POOL, 2))
    baselines = tuple(rng.sample(BASELINE_POOL, 3))
    score = round(rng.uniform(60, 95), 1)
    others = tuple(round(score - rng.uniform(0.5, 6), 1) for _ in baselines)
    limitation = (
        f"{name} has only been tested on English text and on inputs shorter than "
        f"{rng.choice([512, 1024, 2048])} tokens, so its behaviour on longer or multilingual "
        f"inputs is unknown."
    )
    result = (
        f"{name} reaches {score} accuracy on {datasets[0]}, outperforming {baselines[0]} by "
        f"{round(score - others[0], 1)} points."
    )
    contribution = (
        f"We introduce {name}, a {rng.choice(['sparse', 'recurrent', 'retrieval-based'])} "
        f"model that reuses cached states across {rng.choice(['layers', 'segments', 'tasks'])}."
    )
    abstract = (
        f"Long inputs remain expensive for {rng.choice(['encoders', 'decoders', 'classifiers'])}. "
        f"{contribution} {result}"
    )
    return FakePaper(
        arxiv_id=f"24{index % 12 + 1:02d}.{10000 + index:05d}",
        method=name,
        title=f"{name}: Cheaper {rng.choice(['Reading', 'Parsing', 'Tagging'])} with Cached States",
        datasets=datasets,
        baselines=baselines,
        score=score,
        baseline_scores=others,
        limitation=limitation,
        result=result,
        contribution=contribution,
        abstract=abstract,
    )


def _table_rows(paper: FakePaper) -> list[tuple[str, str, str]]:
    rows = [
        (b, f"{s}", f"{s - 1.3:.1f}")
        for b, s in zip(paper.baselines, paper.baseline_scores, strict=True)
    ]
    rows.append((f"{paper.method} (ours)", f"{paper.score}", f"{paper.score - 0.9:.1f}"))
    return rows


def paper_html(paper: FakePaper) -> str:
    """The paper as arXiv's LaTeXML renders it (the class names arxiv.org/html pages use)."""
    d1, d2 = paper.datasets
    b1, b2, b3 = paper.baselines
    rows = "".join(
        f'<tr class="ltx_tr"><td class="ltx_td">{escape(a)}</td><td class="ltx_td">{b}</td>'
        f'<td class="ltx_td">{c}</td></tr>'
        for a, b, c in _table_rows(paper)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><title>{escape(paper.title)}</title>
<script>window.tracker = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
<body><nav class="ltx_page_navbar"><a href="/">arXiv</a> Toggle navigation</nav>
<header class="ltx_page_header">HTML conversions sometimes display errors</header>
<div class="ltx_page_main"><article class="ltx_document ltx_authors_1line">
<h1 class="ltx_title ltx_title_document">{escape(paper.title)}</h1>
<div class="ltx_authors"><span class="ltx_creator ltx_role_author">{", ".join(paper.authors)}</span></div>
<div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6>
<p class="ltx_p" id="id1.id1">{escape(paper.abstract)}</p></div>
<section class="ltx_section" id="S1"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">1 </span>Introduction</h2>
<div class="ltx_para" id="S1.p1"><p class="ltx_p">Reading long documents is costly, and prior work such as {escape(b1)} trades accuracy for speed
(<math alttext="O(n^{{2}})" class="ltx_Math"><mi>O</mi></math> attention).</p></div>
<div class="ltx_para" id="S1.p2"><p class="ltx_p">Our contributions are as follows:</p>
<ul class="ltx_itemize" id="S1.I1">
<li class="ltx_item" id="S1.I1.i1"><span class="ltx_tag ltx_tag_item">•</span><div class="ltx_para"><p class="ltx_p">{escape(paper.contribution)}</p></div></li>
<li class="ltx_item" id="S1.I1.i2"><span class="ltx_tag ltx_tag_item">•</span><div class="ltx_para"><p class="ltx_p">We release two evaluation splits of {escape(d2)}.</p></div></li>
</ul></div></section>
<section class="ltx_section" id="S4"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">4 </span>Experiments</h2>
<div class="ltx_para"><p class="ltx_p">We evaluate on {escape(d1)} and {escape(d2)}, and compare against {escape(b1)}, {escape(b2)} and {escape(b3)} with the same training budget.</p></div>
<figure class="ltx_table" id="S4.T1"><figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_table">Table 1: </span>Accuracy on {escape(d1)} and {escape(d2)}.</figcaption>
<table class="ltx_tabular"><thead><tr class="ltx_tr"><th class="ltx_th">Model</th><th class="ltx_th">{escape(d1)}</th><th class="ltx_th">{escape(d2)}</th></tr></thead>
<tbody>{rows}</tbody></table></figure></section>
<section class="ltx_section" id="S5"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">5 </span>Results</h2>
<div class="ltx_para"><p class="ltx_p">{escape(paper.result)} The gains are largest on long inputs.</p></div></section>
<section class="ltx_section" id="S6"><h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">6 </span>Limitations</h2>
<div class="ltx_para"><p class="ltx_p">{escape(paper.limitation)} We also did not measure energy use.</p></div></section>
<section class="ltx_bibliography" id="bib"><h2 class="ltx_title ltx_title_bibliography">References</h2>
<ul class="ltx_biblist"><li class="ltx_bibitem">A. Person. We propose NotThisOne. 2020.</li></ul></section>
</article></div><footer class="ltx_page_footer">Generated by LaTeXML</footer></body></html>"""


def paper_pdf(paper: FakePaper) -> bytes:
    """The same paper as a PDF, made with fpdf2 (a maintained PDF writer)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.multi_cell(0, 8, paper.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, ", ".join(paper.authors), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)

    def para(text: str) -> None:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    d1, d2 = paper.datasets
    b1, b2, b3 = paper.baselines
    heading("Abstract")
    para(paper.abstract)
    heading("1 Introduction")
    para(
        f"Reading long documents is costly, and prior work such as {b1} trades accuracy for speed."
    )
    para("Our contributions are as follows:")
    pdf.multi_cell(0, 5, f"- {paper.contribution}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0, 5, f"- We release two evaluation splits of {d2}.", new_x="LMARGIN", new_y="NEXT"
    )
    heading("4 Experiments")
    para(
        f"We evaluate on {d1} and {d2}, and compare against {b1}, {b2} and {b3} with the same budget."
    )
    pdf.multi_cell(0, 5, f"Table 1: Accuracy on {d1} and {d2}.", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, f"Model {d1} {d2}", new_x="LMARGIN", new_y="NEXT")
    for label, first, second in _table_rows(paper):
        pdf.multi_cell(0, 5, f"{label} {first} {second}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    heading("5 Results")
    para(f"{paper.result} The gains are largest on long inputs.")
    heading("6 Limitations")
    para(f"{paper.limitation} We also did not measure energy use.")
    heading("References")
    para("A. Person. We propose NotThisOne. 2020.")
    return bytes(pdf.output())


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">{entries}</feed>"""
ENTRY = """<entry><id>http://arxiv.org/abs/{id}v1</id><published>{year}-03-01T00:00:00Z</published>
<title>{title}</title><summary>{abstract}</summary>{authors}</entry>"""


@dataclass
class FakeArxiv:
    """Serves `papers`: `html_for` (ids with an HTML rendering; others answer 404 there, as
    arXiv does for papers without one) and the PDF for every paper. Records each request."""

    papers: dict[str, FakePaper]
    html_for: set[str] = field(default_factory=set)
    url: str = ""
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    # Per-id overrides of the /html/ answer, for redirects, huge bodies and slow answers.
    html_override: dict[str, Callable[[web.Request], web.StreamResponse]] = field(
        default_factory=dict
    )
    no_pdf: set[str] = field(default_factory=set)

    def hits(self, kind: str, arxiv_id: str) -> int:
        return sum(1 for k, i, _ in self.requests if k == kind and i == arxiv_id)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/query", self._query)
        app.router.add_get("/html/{id}", self._html)
        app.router.add_get("/pdf/{id}", self._pdf)
        return app

    def _log(self, kind: str, request: web.Request, arxiv_id: str) -> None:
        self.requests.append((kind, arxiv_id, request.headers.get("User-Agent")))

    async def _query(self, request: web.Request) -> web.Response:
        wanted = request.query.get("id_list", "")
        self._log("api", request, wanted)
        paper = self.papers.get(wanted)
        entries = ""
        if paper is not None:
            authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in paper.authors)
            entries = ENTRY.format(
                id=paper.arxiv_id,
                year=paper.year,
                title=escape(paper.title),
                abstract=escape(paper.abstract),
                authors=authors,
            )
        return web.Response(text=ATOM.format(entries=entries), content_type="application/atom+xml")

    async def _html(self, request: web.Request) -> web.StreamResponse:
        arxiv_id = request.match_info["id"]
        self._log("html", request, arxiv_id)
        base = arxiv_id.split("v")[0] if arxiv_id.count("v") == 1 else arxiv_id
        if base in self.html_override and base == arxiv_id:
            result = self.html_override[base](request)
            if asyncio.iscoroutine(result):
                return await result  # type: ignore[no-any-return]
            return result
        if base not in self.html_for or base not in self.papers:
            return web.Response(status=404, text="No HTML for this paper")
        return web.Response(text=paper_html(self.papers[base]), content_type="text/html")

    async def _pdf(self, request: web.Request) -> web.Response:
        arxiv_id = request.match_info["id"]
        self._log("pdf", request, arxiv_id)
        paper = self.papers.get(arxiv_id)
        if paper is None or arxiv_id in self.no_pdf:
            return web.Response(status=404)
        return web.Response(body=paper_pdf(paper), content_type="application/pdf")


async def serve_app(app: web.Application) -> tuple[web.AppRunner, str]:
    """Serve `app` on a free port of 127.0.0.1: its runner (to clean up) and its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"
