"""The management page's edit boxes for one waiting paper: its summary and prompts as the club
has them now, where /papers numbers it now. The page fetches them when an admin opens a paper's
boxes, so the page itself does not carry every queued paper's text."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.domain.errors import PaperclubError, StorageUnavailable
from bot.core.usecases import paper_content, queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_manage import EditableText


@dataclass(frozen=True, slots=True)
class EditBoxes:
    paper_id: int  # what the boxes' forms name it by: the same paper however the queue shifts
    position: int  # the paper's number in /papers now, as the page shows it
    title: str
    text: EditableText


async def edit_boxes(ctx: Context, store: Store, paper_id: int) -> EditBoxes | None:
    """The boxes of the waiting paper `paper_id`, or None when it no longer waits (scheduled,
    removed, another club's) or the club went away. A database that is away raises
    StorageUnavailable: the paper may well be waiting, and the page must not say it is gone."""
    try:
        async with store.reader() as uow:
            club = await require_club(uow, ctx)
            waiting = await queue_numbers.waiting(uow, club)
            found = next(
                (
                    (number, entry.paper)
                    for number, entry in enumerate(waiting, start=1)
                    if entry.paper.id == paper_id
                ),
                None,
            )
            if found is None:
                return None
            number, paper = found
            # The club's own version where it has one, else the paper's in the club's language.
            content = await paper_content.current(uow, club, paper)
    except StorageUnavailable:
        raise
    except PaperclubError:
        return None
    return EditBoxes(paper.id, number, paper.title, EditableText(content.summary, content.prompts))
