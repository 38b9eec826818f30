"""Optional summaries and prompts from an OpenAI-compatible chat endpoint (OpenAI and other
hosted APIs, Ollama, llama.cpp's server, vLLM: see the README).

The model gets the paper's own text (bounded), is asked for the same structure the offline
method builds, in the club's language, and its answer is checked before anyone sees it: length,
number of prompts, no mentions, no links but the paper's, and the language asked for. Any
failure (a bad answer, an error, a timeout) returns None, and the caller falls back to the
grounded offline summary, so an unreachable or misbehaving model never blocks a suggestion.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import aiohttp
from pydantic import BaseModel, ValidationError

from bot.core.domain.papers import SummarySource
from bot.readinglist.lookup.base import LookupFailed
from bot.readinglist.lookup.egress import Egress
from bot.readinglist.lookup.http import RetryPolicy, request
from bot.readinglist.lookup.summarise import Summary, clean_text
from bot.readinglist.papertext.document import PaperText

log = logging.getLogger(__name__)

MAX_CONTEXT = 24_000  # characters of the paper given to the model (~6k tokens)
MAX_SUMMARY_CHARS = 900
MAX_PROMPT_CHARS = 450
MIN_PROMPTS, MAX_PROMPTS = 3, 6
MAX_REPLY_BYTES = 256 * 1024
LANGUAGE_NAMES = {
    "en": "English",
    "ko": "Korean (한국어)",
    "ja": "Japanese (日本語)",
    "zh": "Chinese (中文)",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "ru": "Russian",
}
# Scripts a language is written in, to check the model answered in it (letters only).
_SCRIPTS = {
    "ko": re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_LETTER = re.compile(r"[^\W\d_]")
_MENTION = re.compile(r"@(?:everyone|here|channel)\b|<[@#!][^>]{0,80}>|<@|@&", re.IGNORECASE)
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]{1,300}", re.IGNORECASE)


def text_language(text: str) -> str:
    """The language a paper is written in, as far as its script tells: ko, ja, zh, ru or en."""
    letters = _LETTER.findall(text[:20_000])
    if not letters:
        return "en"
    for code in ("ko", "ja", "zh", "ru"):
        if len(_SCRIPTS[code].findall(text[:20_000])) > 0.3 * len(letters):
            return code
    return "en"


def _in_language(text: str, language: str) -> bool:
    script = _SCRIPTS.get(language.split("-")[0])
    letters = _LETTER.findall(text)
    if script is None or not letters:
        return True  # a Latin-script language: nothing reliable to check cheaply
    return len(script.findall(text)) >= 0.3 * len(letters)


@dataclass(frozen=True, slots=True)
class PaperBrief:
    """What the model is told about the paper."""

    title: str
    url: str
    abstract: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    text: PaperText | None = None


def paper_context(brief: PaperBrief, limit: int = MAX_CONTEXT) -> str:
    """Title, abstract and the sections worth arguing about, at most `limit` characters."""
    parts = [f"Title: {brief.title}"]
    text = brief.text
    abstract = brief.abstract or (text.abstract if text is not None else "")
    if abstract:
        parts.append("Abstract: " + clean_text(abstract))
    if text is not None:
        wanted = ("intro", "limitation", "result", "experiment", "evaluation", "conclusion")
        chosen = [s for s in text.sections if any(w in s.heading.casefold() for w in wanted)]
        for section in chosen or list(text.sections[:6]):
            body = " ".join([*section.paragraphs, *(f"- {item}" for item in section.items)])
            parts.append(f"## {section.heading}\n{body}")
        for table in text.tables[:4]:
            rows = "\n".join(" | ".join(row) for row in table.rows[:12])
            parts.append(f"Table: {table.caption}\n{rows}")
    context = "\n\n".join(parts)
    return context[:limit]


def _system_prompt(language: str) -> str:
    name = LANGUAGE_NAMES.get(language, language)
    return (
        "You help a research paper club prepare a discussion. You are given a paper's title, "
        "abstract and parts of its text. Reply with JSON only, in this shape: "
        '{"summary": "<2-4 plain sentences, at most 600 characters>", "prompts": ["<3 to 5 '
        'discussion questions>"]}. The summary says what the paper does and its main result '
        "with numbers. Each prompt is a question a reader would argue about, specific to this "
        "paper: its stated contributions, its limitations, its main result, the baselines it "
        "compares against, the datasets; quote the paper where a quotation helps. Never mention "
        "people with @, and include no links other than the paper's own. "
        f"Write the summary and every prompt in {name}."
    )


class _Reply(BaseModel):
    summary: str
    prompts: list[str]


def _content(body: bytes) -> str:
    data = json.loads(body)
    content = data["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise ValueError("message content is not text")
    # Models like to wrap JSON in a markdown fence even when asked not to. Unwrapped with string
    # methods: a lazy group between two `\s*` is quadratic on a long run of spaces.
    text = content.strip()
    if text.startswith("```") and text.endswith("```") and len(text) >= 6:
        inner = text[3:-3]
        return inner.removeprefix("json").strip()
    return content


def check_reply(reply: _Reply, brief: PaperBrief, language: str) -> Summary:
    """The reply as a Summary, or ValueError saying what is wrong with it."""
    summary = " ".join(reply.summary.split())
    prompts = [" ".join(p.split()) for p in reply.prompts if p.strip()]
    if not 20 <= len(summary) <= MAX_SUMMARY_CHARS:
        raise ValueError(f"a summary of {len(summary)} characters")
    if not MIN_PROMPTS <= len(prompts) <= MAX_PROMPTS:
        raise ValueError(f"{len(prompts)} prompts")
    if len({p.casefold() for p in prompts}) != len(prompts):
        raise ValueError("repeated prompts")
    for prompt in prompts:
        if not 15 <= len(prompt) <= MAX_PROMPT_CHARS:
            raise ValueError(f"a prompt of {len(prompt)} characters")
    allowed = [x.casefold() for x in (brief.url, brief.arxiv_id, brief.doi) if x]
    for text in (summary, *prompts):
        if _MENTION.search(text):
            raise ValueError("a mention")
        for link in _LINK.findall(text):
            if not any(a in link.casefold() for a in allowed):
                raise ValueError(f"a link that is not the paper's ({link[:60]})")
        if not _in_language(text, language):
            raise ValueError(f"text that is not in {language}")
    source_text = " ".join(
        filter(None, [brief.abstract, brief.text.abstract if brief.text else ""])
    )
    return Summary(
        summary=summary,
        prompts=prompts,
        source=SummarySource.LLM,
        language=language,
        source_language=text_language(source_text or brief.title),
    )


class LlmSummariser:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 60.0,
        retries: int = 1,
        egress: Egress | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.model = model
        # A model may think for most of the timeout before its first byte: no shorter read limit.
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff=0.5, read=timeout)
        self._session = session
        self.egress = (egress or Egress()).allowing(self.url)

    async def write(self, brief: PaperBrief, language: str = "en") -> Summary | None:
        """The model's summary and prompts in `language`, checked; None on any failure."""
        if not brief.abstract and (brief.text is None or not brief.text.has_body):
            return None  # nothing to ground an answer in: the model would only make things up
        try:
            return await self._ask(brief, language)
        except (LookupFailed, ValueError, KeyError, IndexError, TypeError, ValidationError) as exc:
            log.warning(
                "LLM summary for %r failed (%s); using the offline summary",
                brief.title,
                str(exc)[:200],
            )
            return None

    async def _ask(self, brief: PaperBrief, language: str) -> Summary:
        payload = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": _system_prompt(language)},
                {"role": "user", "content": paper_context(brief)},
            ],
            "response_format": {"type": "json_object"},
            "temperature": 0.3,
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        session = self._session or aiohttp.ClientSession(connector=self.egress.connector())
        try:
            response = await request(
                session,
                "POST",
                self.url,
                json=payload,
                headers=headers,
                policy=self.policy,
                service="the LLM endpoint",
                max_bytes=MAX_REPLY_BYTES,
                egress=self.egress,
            )
        finally:
            if self._session is None:
                await session.close()
        if response.status != 200:
            raise LookupFailed(f"the LLM endpoint answered HTTP {response.status}")
        return check_reply(_Reply.model_validate_json(_content(response.body)), brief, language)
