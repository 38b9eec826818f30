"""Text every platform shows beyond the views' own fields: a paper card's byline with "et al."
when the author list is cut, the line saying where the summary and prompts came from (and that
they are in English in a club that reads another language), and the words for a session's
status. One place for all three renderers, so the wording is the same everywhere and is said
in the club's language (`bot.i18n`)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.core.views import PaperCard
from bot.i18n import _, babel_locale, current_language


def byline(card: PaperCard, unknown: str | None = None) -> str:
    names = ", ".join(card.authors)
    if not names:
        return unknown if unknown is not None else _("unknown authors")
    return _("{names} et al.").format(names=names) if card.authors_cut else names


def language_name(code: str | None) -> str:
    """A language's name in the language being spoken: "Korean", or "영어" in a Korean club."""
    if not code:
        return ""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(
            babel_locale(current_language())
        )
    except (ValueError, TypeError, UnknownLocaleError):  # a code Babel has no data for ("kr")
        return code
    return name or code


def provenance(card: PaperCard) -> str | None:
    """How the summary and prompts were made, and whether they are in another language than
    the club's; None for curated text in the club's language (nothing to say)."""
    notes = [n for n in (_made(card), _other_language(card)) if n]
    return " ".join(notes) or None


def _made(card: PaperCard) -> str | None:
    source = card.summary_source
    if source == "abstract":
        return _(
            "Summary from the abstract: the paper's full text could not be read, so there are "
            "no discussion prompts yet. An admin can add some."
        )
    if source == "paper_text":
        return _("Summary and prompts drawn from the paper's own text, without a language model.")
    if source == "llm":
        made_from = language_name(card.source_language)
        written_in = language_name(card.summary_language)
        if made_from and made_from != written_in:
            return _(
                "Written in {language} by a language model from the paper's {source} text."
            ).format(language=written_in, source=made_from)
        return _("Written by a language model from the paper's text.")
    if source == "edited":
        return _("Summary and prompts edited by the club's admins.")
    return None


def _other_language(card: PaperCard) -> str | None:
    """Say so when the text is not in the club's language, rather than pretend it is: a Korean
    club reading a paper nobody has written a Korean summary for sees the English one."""
    return other_language(
        card.summary_language if card.summary else None,
        card.prompts_language if card.prompts else None,
    )


def other_language(summary: str | None, prompts: str | None) -> str | None:
    """The note for a summary and prompts in these languages (None: none shown, or in the
    club's language), said in the club's language; the club page's card says it too."""
    club = current_language()
    summary = summary or club
    prompts = prompts or club
    if summary == club and prompts == club:
        return None
    if summary != club and prompts != club and summary == prompts:
        return _("The summary and prompts are in {language}: there is no translation yet.").format(
            language=language_name(summary)
        )
    if summary != club:
        return _("The summary is in {language}: there is no translation yet.").format(
            language=language_name(summary)
        )
    return _("The discussion prompts are in {language}: there is no translation yet.").format(
        language=language_name(prompts)
    )


def session_status(status: str) -> str:
    """A session's status as members read it ("planned", "skipped", "done")."""
    words = {
        "planned": _("planned"),
        "skipped": _("skipped"),
        "done": _("done"),
        "in progress": _("in progress"),
    }
    return words.get(status, status)


def paper_state(state: str) -> str:
    words = {
        "suggested": _("suggested"),
        "queued": _("queued"),
        "scheduled": _("scheduled"),
        "read": _("read"),
        "rejected": _("rejected"),
    }
    return words.get(state, state)
