"""What a ballot reads before it is cast, shared between the ballots of a burst.

- The club and its open poll: ballots that arrive while the same read is queued but not yet
  started share it (single flight). Nothing is kept afterwards, so every caller's answer was
  read after it arrived; a burst of a thousand clicks becomes a few queries instead of a
  thousand. Even so the answer only decides what to refuse early and what to say: whether
  the poll takes the ballot is decided by the ballot box, in the transaction that writes it.
- A poll's candidates (number, paper, slug, title), kept for a minute with the lookups a
  ballot needs (`PollChoices`, built once per read instead of once per ballot): the list is
  fixed when the poll opens; only papers' titles and slugs could change, and those only show
  in the answer. Whether the poll is open is never kept. When they are not kept, the club's
  read reads them too, in its unit of work: a poll's first ballots wait for one read, not two.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field

from bot.core.domain.clubs import Club
from bot.core.domain.ids import ClubKey
from bot.core.domain.polls import Poll
from bot.core.ports import UnitOfWork
from bot.core.singleflight import SingleFlight
from bot.core.usecases.poll_candidates import plain_candidates
from bot.core.views import Notice, PollCandidate

Candidates = tuple[PollCandidate, ...]
ClubAndPoll = tuple[Club, Poll | None] | None
Reader = Callable[[], UnitOfWork]


@dataclass(frozen=True, slots=True)
class PollChoices:
    """A poll's candidates and what a ballot looks them up by."""

    candidates: Candidates
    by_word: Mapping[str, int]  # what a member types (a number, or a slug) -> paper id
    by_paper: Mapping[int, PollCandidate]
    # What /vote answers a ballot of this poll, by the ballot and the deadline: built from
    # these candidates, so kept with them (a burst's identical ballots share one answer).
    answers: dict[Hashable, Notice] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, candidates: Candidates) -> PollChoices:
        by_word = {c.slug: c.paper_id for c in candidates}
        # A number wins over a slug spelled like one, as members see the numbers.
        by_word.update((str(c.number), c.paper_id) for c in candidates)
        return cls(candidates, by_word, {c.paper_id: c for c in candidates})


class PollReads:
    def __init__(self, ttl_seconds: float = 60.0, size: int = 128) -> None:
        self._clubs: SingleFlight[ClubKey, ClubAndPoll] = SingleFlight()
        self._candidate_reads: SingleFlight[int, PollChoices] = SingleFlight()
        self._ttl = ttl_seconds
        self._size = size
        # poll id -> (expiry on the monotonic clock, the candidates)
        self._candidates: OrderedDict[int, tuple[float, PollChoices]] = OrderedDict()

    def club_and_poll(self, key: ClubKey, reader: Reader) -> Awaitable[ClubAndPoll]:
        """The club and its open poll (None: no such club), read after this call began.

        This and `candidates` hand back what to await rather than being coroutines: each
        ballot of a burst then resumes two frames fewer when its read lands."""

        async def read() -> ClubAndPoll:
            async with reader() as uow:
                found = await uow.clubs.get_with_open_poll(key)
                poll = found[1] if found is not None else None
                if poll is not None and self.kept_candidates(poll) is None:
                    # In the same unit of work: the ballots sharing this read then find the
                    # candidates kept, instead of each joining a second read and waking once
                    # more (the first ballots of a poll, and one read a minute after).
                    self._keep(poll.id, PollChoices.of(await plain_candidates(uow, poll)))
                return found

        return self._clubs.join(key, read)

    def kept_candidates(self, poll: Poll) -> PollChoices | None:
        """The poll's candidates if read less than a minute ago, without waiting."""
        held = self._candidates.get(poll.id)
        return held[1] if held is not None and held[0] > time.monotonic() else None

    def candidates(self, poll: Poll, reader: Reader) -> Awaitable[PollChoices]:
        """The poll's candidates, read (sharing a read not yet started) unless kept."""

        async def read() -> PollChoices:
            async with reader() as uow:
                found = PollChoices.of(await plain_candidates(uow, poll))
            self._keep(poll.id, found)
            return found

        return self._candidate_reads.join(poll.id, read)

    def _keep(self, poll_id: int, found: PollChoices) -> None:
        self._candidates[poll_id] = (time.monotonic() + self._ttl, found)
        self._candidates.move_to_end(poll_id)
        while len(self._candidates) > self._size:
            self._candidates.popitem(last=False)
