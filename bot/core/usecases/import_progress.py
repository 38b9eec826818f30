"""What a member sees while an import looks its papers up: "Looking up 40 papers", how many are
done and about how long the rest take, on the command's own message (see ProgressBoard)."""

from __future__ import annotations

import math
from collections.abc import Callable

from bot.core.ports import ImportProgress, ProgressBoard
from bot.core.text import t, tn
from bot.core.views import Notice, Tone


def progress_view(progress: ImportProgress) -> Notice:
    total = max(progress.total, progress.done)
    details = [t("{done} of {total} done.", done=progress.done, total=total)]
    left = progress.seconds_left
    if left is not None and progress.done < total:
        minutes = math.ceil(left / 60)
        if left < 60:
            details.append(t("Less than a minute left."))
        else:
            details.append(tn("About {n} minute left.", "About {n} minutes left.", minutes))
    return Notice(
        tn("Looking up {n} paper…", "Looking up {n} papers…", total), Tone.INFO, tuple(details)
    )


def reporter(board: ProgressBoard, language: str) -> Callable[[ImportProgress], None]:
    """The importer's progress callback, shown on `board` in the club's language."""

    def report(progress: ImportProgress) -> None:
        if progress.total <= 0:
            return
        done = min(1.0, progress.done / progress.total)
        board.show(progress_view(progress), done=done, language=language)

    return report
