"""Optional summaries from an OpenAI-compatible chat endpoint. Every failure falls back to the
offline method, so an unreachable or misbehaving model never blocks an import."""

from __future__ import annotations

import json
import logging
import re

import aiohttp
from pydantic import BaseModel, Field, ValidationError

from bot.readinglist.lookup.base import LookupFailed
from bot.readinglist.lookup.http import RetryPolicy, request
from bot.readinglist.lookup.summarise import MAX_SUMMARY, Summary, clean_text, offline_summary

log = logging.getLogger(__name__)

_SYSTEM = (
    "You help a research paper club. Given a paper's title and abstract, reply with JSON only: "
    '{"summary": "<2-3 plain sentences, at most 600 characters>", "prompts": ["<3 to 5 '
    'discussion questions, each specific to this paper>"]}'
)


class _Reply(BaseModel):
    summary: str = Field(min_length=20, max_length=MAX_SUMMARY * 2)
    prompts: list[str] = Field(min_length=3, max_length=8)


def _content(body: bytes) -> str:
    data = json.loads(body)
    content = data["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise ValueError("message content is not text")
    # Models like to wrap JSON in a markdown fence even when asked not to.
    fenced = re.match(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", content, re.DOTALL)
    return fenced.group(1) if fenced else content


class LlmSummariser:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 30.0,
        retries: int = 1,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.model = model
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff=0.5)
        self._session = session

    async def summarise(self, title: str, abstract: str | None) -> Summary:
        if not abstract:
            return offline_summary(title, abstract)
        try:
            return await self._ask(title, abstract)
        except (LookupFailed, ValueError, KeyError, IndexError, TypeError, ValidationError) as exc:
            log.warning("LLM summary for %r failed (%s); using the offline summary", title, exc)
            return offline_summary(title, abstract)

    async def _ask(self, title: str, abstract: str) -> Summary:
        payload = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": f"Title: {title}\n\nAbstract: {clean_text(abstract)}"},
            ],
            "response_format": {"type": "json_object"},
            "temperature": 0.3,
        }
        headers = {"Authorization": f"Bearer {self.api_key}"}
        session = self._session or aiohttp.ClientSession()
        try:
            response = await request(
                session,
                "POST",
                self.url,
                json=payload,
                headers=headers,
                policy=self.policy,
                service="the LLM endpoint",
            )
        finally:
            if self._session is None:
                await session.close()
        if response.status != 200:
            raise LookupFailed(f"the LLM endpoint answered HTTP {response.status}")
        reply = _Reply.model_validate_json(_content(response.body))
        prompts = [p.strip() for p in reply.prompts if p.strip()]
        if len(prompts) < 3:
            raise ValueError("fewer than three usable prompts")
        summary = clean_text(reply.summary)
        if len(summary) > MAX_SUMMARY:
            summary = summary[: MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"
        return Summary(summary=summary, prompts=prompts, method="llm")
