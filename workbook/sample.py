"""``workbook sample-data``: a made-up but realistic history, for demos and benchmarks.

Two partners work through the program again and again over years, with
anytime check-ins in between. Text is assembled from small phrase banks so
lengths and topics vary; ratings drift slowly, the way real ones do.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from workbook.checkins import RATINGS
from workbook.checkins import STEP as CHECK_IN_STEP
from workbook.content import Content, Exercise, ReflectionOptions, load_content
from workbook.envelope import KeyRing
from workbook.labels import CLOSING_EXERCISE, STATEMENT_STEP, STEP_LABELS
from workbook.model import (
    PARTNER_KEYS,
    Answer,
    Couple,
    Partner,
    PartnerKey,
    SessionRecord,
    Visibility,
    other_key,
)
from workbook.storage import open_database
from workbook.store import WorkbookStore

OPENERS = (
    "I noticed",
    "Lately I keep thinking about",
    "What stays with me is",
    "Honestly, it's",
    "It surprised me how much I care about",
    "I want to tell you about",
    "Something small but real:",
    "When I look back on this week, I see",
    "I'm still turning over",
    "It felt good to talk about",
)
SUBJECTS = (
    "our slow Sunday mornings",
    "the way you listen when I'm tired",
    "how busy work has been",
    "your sister's visit",
    "the kitchen we keep meaning to paint",
    "the walk by the river last weekend",
    "money, and how we talk about it",
    "the trip we keep postponing",
    "my dad's health",
    "the evenings we spend on our phones",
    "the garden",
    "how we split the chores",
    "the night we stayed up talking",
    "our friends moving away",
    "the idea of moving to the coast",
    "learning to cook together",
    "the little notes you leave me",
    "how quiet the house is on Mondays",
)
MIDDLES = (
    "and I felt calm in a way I hadn't for a while",
    "and part of me felt anxious, though I didn't say so",
    "and I felt grateful, really grateful",
    "and I was a bit lonely, even with you next to me",
    "and it made me hopeful about the months ahead",
    "and I felt tender towards you",
    "and I noticed I was holding my breath",
    "and I felt proud of us",
    "and I felt tired, more than I admitted",
    "and it left me relieved",
)
REASONS = (
    "because it reminds me we are on the same side.",
    "because I need to feel we still make time for each other.",
    "because rest matters to me more than I usually say.",
    "since I have been carrying a lot on my own.",
    "because being understood is what I miss most when we're busy.",
    "because I grew up in a house where nobody talked about these things.",
    "because I want us to keep choosing each other.",
    "since small moments are where I feel closest to you.",
)
DREAMS = (
    "I'd love us to live somewhere near the sea one day.",
    "I want to learn to play the piano properly.",
    "I dream of a house with room for friends to stay.",
    "I'd like to take a year to travel slowly, by train.",
    "I want to start a small workshop of my own.",
    "I hope we grow a garden big enough to feed us in summer.",
)
FEELINGS = ("worried", "lonely", "hopeful", "frustrated", "tender", "tired", "grateful")
HONOURING = STEP_LABELS["honour"].choices
"""The ways a dream catcher can honour a dream, as the dream exercise offers them."""
NEEDS = ("rest", "closeness", "to be heard", "reassurance", "fairness", "play", "order")


class SampleDataRefused(Exception):
    """The target file already holds something; sample data never touches it."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        """The file that was left alone."""

    def __str__(self) -> str:
        return (
            f"{self.path} already exists and is not empty. Sample data is only written "
            "into a new file, so nothing real is ever mixed with it."
        )


class _Writer:
    """Builds one couple's history in memory."""

    def __init__(self, content: Content, rng: random.Random) -> None:
        self.content = content
        self.rng = rng
        self.records: list[SessionRecord] = []
        self.answers: list[Answer] = []
        self.ratings: dict[PartnerKey, dict[str, float]] = {
            key: {p: rng.uniform(4, 7) for p in RATINGS} for key in ("a", "b")
        }

    # -- text -----------------------------------------------------------------

    def sentence(self) -> str:
        r = self.rng
        return f"{r.choice(OPENERS)} {r.choice(SUBJECTS)}, {r.choice(MIDDLES)}, {r.choice(REASONS)}"

    def say_back(self, lead: bool = True) -> str:
        """A listener's paraphrase, said back as "you" (``lead``: with "What I hear is that")."""
        r = self.rng
        subject, feeling = r.choice(SUBJECTS), r.choice(FEELINGS)
        heard = f"you've been thinking about {subject}, and you felt {feeling}."
        return f"What I hear is that {heard}" if lead else heard

    def text(self) -> str:
        r = self.rng
        size = r.choices((1, 2, 3, 5, 8), weights=(30, 30, 20, 12, 8))[0]
        sentences = [self.sentence() for _ in range(size)]
        if size >= 5:
            half = size // 2
            return " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:])
        return " ".join(sentences)

    # -- answers ------------------------------------------------------------------

    def add(
        self,
        at: datetime,
        exercise: Exercise | str,
        step: str,
        partner: PartnerKey,
        value: Any,
        *,
        session: str | None,
        run: str,
        role: str | None = None,
        shared: bool = False,
    ) -> None:
        """One answer; ``shared`` for a step the app never lets its writer keep private."""
        stamp = at.replace(microsecond=0).isoformat()
        exercise_id = exercise if isinstance(exercise, str) else exercise.id
        version = 1 if isinstance(exercise, str) else exercise.version
        private = self.rng.random() < 0.08 and not shared
        self.answers.append(
            Answer(
                uuid=str(_uuid(self.rng)),
                exercise=exercise_id,
                step=step,
                partner=partner,
                value=value,
                session=session,
                run=run,
                role=role,
                visibility=Visibility.PRIVATE if private else Visibility.SHARED,
                created=stamp,
                updated=stamp,
                content_version=version,
            )
        )

    def exercise_answers(
        self, exercise: Exercise, at: datetime, session: str | None, budget: int
    ) -> int:
        """Answers for one run of ``exercise``; returns how many were added."""
        r = self.rng
        run = str(_uuid(r))
        before = len(self.answers)
        kw: dict[str, Any] = {"session": session, "run": run}
        first: PartnerKey = r.choice(("a", "b"))
        if exercise.kind == "check_in":
            for key in ("a", "b"):
                self.add(at, exercise, CHECK_IN_STEP, key, self.rate(key), **kw)
        elif exercise.kind == "listening":
            for speaker in (first, other_key(first)):
                listener = other_key(speaker)
                topics = getattr(exercise.options, "topics", ()) or ("our week",)
                self.add(at, exercise, "topic", speaker, r.choice(topics), role="speaker", **kw)
                rounds = r.randint(1, 3)
                for n in range(1, rounds + 1):
                    self.add(at, exercise, f"chunk-{n}", speaker, self.text(), role="speaker", **kw)
                    attempts = 1 if r.random() < 0.75 else 2
                    for k in range(1, attempts + 1):
                        if k > 1:
                            self.add(at, exercise, f"clarify-{n}.{k}", speaker, self.sentence(),
                                     role="speaker", **kw)
                        self.add(
                            at, exercise, f"paraphrase-{n}.{k}", listener, self.say_back(),
                            role="listener", **kw,
                        )
                        mark = "got_it" if k == attempts else "not_quite"
                        self.add(at, exercise, f"mark-{n}.{k}", speaker, mark, role="speaker", **kw)
                    more = "more" if n < rounds else "enough"
                    self.add(at, exercise, f"more-{n}", speaker, more, role="speaker", **kw)
                self.add(
                    at, exercise, "summary", listener, "So, all in all, " + self.say_back(False),
                    role="listener", **kw,
                )
                self.add(
                    at, exercise, "validation", listener,
                    "That makes sense, " + r.choice(REASONS), role="listener", **kw,
                )
                self.add(
                    at, exercise, "empathy", listener,
                    f"I imagine you feel {r.choice(FEELINGS)}.", role="listener", **kw,
                )
                self.add(at, exercise, "fits", speaker, "fits", role="speaker", **kw)
        elif exercise.kind == "i_statement":
            writer = first
            feeling = r.choice(FEELINGS)
            situation = f"we talk about {r.choice(SUBJECTS)}"
            need = r.choice(NEEDS)
            statement = {
                "variant": "three_part",
                "feeling": feeling,
                "situation": situation,
                "need": need,
                "request": "",
                "text": f"I feel {feeling} when {situation} because I need {need}.",
            }
            self.add(at, exercise, STATEMENT_STEP, writer, statement, role="writer", **kw)
            self.add(
                at, exercise, "reflection", other_key(writer),
                f"What I hear is that you feel {feeling} when {situation}, because you need "
                f"{need}.",
                role="reflector", **kw,
            )
            self.add(at, exercise, "heard", writer, "got_it", role="writer", **kw)
        elif exercise.kind == "dream":
            for sharer in (first, other_key(first)):
                catcher = other_key(sharer)
                questions = list(getattr(exercise.options, "questions", ()))
                asked = r.sample(questions, k=min(len(questions), r.randint(2, 5)))
                self.add(at, exercise, "dream", sharer, r.choice(DREAMS) + " " + self.text(),
                         role="sharer", **kw)
                self.add(at, exercise, "questions", catcher, asked, role="catcher", **kw)
                self.add(at, exercise, "learned", catcher, self.text(), role="catcher", **kw)
                for step, key, value in (
                    ("caught", sharer, "got_it"),
                    ("honour", catcher, r.choice(HONOURING)),
                    ("support", catcher, f"I'll ask you about {r.choice(SUBJECTS)}."),
                ):
                    role = "sharer" if key == sharer else "catcher"
                    self.add(at, exercise, step, key, value, role=role, shared=True, **kw)
        elif exercise.kind == "reflection":
            options = exercise.options
            if isinstance(options, ReflectionOptions):
                for index, prompt in enumerate(options.prompts[: max(1, budget // 2)]):
                    step = options.step_of(index)  # a moved question keeps its old step
                    for key in PARTNER_KEYS:
                        self.add(at, exercise, step, key, self.reply(prompt), **kw)
        return len(self.answers) - before

    def reply(self, prompt: Any) -> Any:
        r = self.rng
        kind = getattr(prompt, "type", "text")
        choices = list(getattr(prompt, "choices", ()))
        if kind == "scale":
            return r.randint(0, 10)
        if kind == "choice" and choices:
            return r.choice(choices)
        if kind == "ranking" and choices:
            return r.sample(choices, k=len(choices))
        if kind == "guess" and choices:
            return {"self": r.choice(choices), "guess": r.choice(choices)}
        if kind == "guess":
            return {"self": self.sentence(), "guess": self.sentence()}
        return self.text()

    def rate(self, key: PartnerKey) -> dict[str, Any]:
        values = self.ratings[key]
        for pillar in RATINGS:
            values[pillar] = min(10.0, max(0.0, values[pillar] + self.rng.gauss(0.05, 0.8)))
        ratings: dict[str, Any] = {p: round(v) for p, v in values.items()}
        ratings["note"] = self.sentence() if self.rng.random() < 0.6 else ""
        return ratings

    # -- the whole history ---------------------------------------------------------

    def sitting(self, program: Any, at: datetime, target: int) -> None:
        """One sitting of a program session: its exercises, then the closing."""
        record = SessionRecord(
            id=str(_uuid(self.rng)),
            program_session=program.id,
            started=at.replace(microsecond=0).isoformat(),
            completed=(at + timedelta(minutes=program.minutes)).replace(microsecond=0).isoformat(),
        )
        self.records.append(record)
        for exercise_id in program.exercises:
            left = target - len(self.answers)
            if left <= 0:
                return
            self.exercise_answers(self.content.exercise(exercise_id), at, record.id, left)
        for key in ("a", "b"):
            self.add(at, CLOSING_EXERCISE, "closing", key, self.sentence(), session=record.id,
                     run=record.id)

    def _answers_per_sitting(self, quick: list[Exercise]) -> float:
        """How many answers an average sitting yields, from one trial pass."""
        trial = _Writer(self.content, random.Random(0))
        at = datetime(2020, 1, 1, tzinfo=UTC)
        for program in self.content.sessions:
            trial.sitting(program, at, 10**9)
        per_session = len(trial.answers) / max(1, len(self.content.sessions))
        before = len(trial.answers)
        for exercise in quick:
            trial.exercise_answers(exercise, at, None, 10**9)
        per_quick = (len(trial.answers) - before) / len(quick) if quick else per_session
        return max(1.0, 0.75 * per_session + 0.25 * per_quick)

    def build(self, target: int) -> None:
        r = self.rng
        sessions = self.content.sessions
        quick = [
            self.content.exercise(e)
            for e in self.content.anytime
            if self.content.exercise(e).kind in ("check_in", "reflection", "i_statement")
        ]
        # About one sitting a week, spread over as many years as the history needs
        # (ten at most), ending a little before today.
        sittings = max(1, round(target / self._answers_per_sitting(quick)))
        span = timedelta(days=max(30, min(3650, sittings * 7)))
        end = datetime(2026, 10, 1, 20, 0, tzinfo=UTC)
        moments = sorted(end - span * r.random() for _ in range(sittings))
        index = 0
        stalled = 0
        while len(self.answers) < target and stalled < 50:
            before = len(self.answers)
            at = moments[min(index, len(moments) - 1)] + timedelta(minutes=index % 60)
            index += 1
            if quick and r.random() < 0.25:
                self.exercise_answers(r.choice(quick), at, None, target - len(self.answers))
            else:
                self.sitting(sessions[index % len(sessions)], at, target)
            stalled = stalled + 1 if len(self.answers) == before else 0
        del self.answers[target:]


def _uuid(rng: random.Random) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def write_sample_data(
    path: str | os.PathLike[str],
    *,
    answers: int,
    seed: int = 1,
    content: Content | None = None,
    ring: KeyRing | None = None,
) -> int:
    """Write a synthetic history of about ``answers`` answers into a NEW workbook file.

    With ``ring`` the new file is locked with it from its first byte.
    """
    target = Path(path)
    if target.exists():
        if target.stat().st_size > 0:
            raise SampleDataRefused(target)
        target.unlink()  # an empty file holds nothing; the store will not open it as a workbook
    rng = random.Random(seed)
    writer = _Writer(content or load_content(), rng)
    writer.build(answers)
    store = WorkbookStore(open_database(target, new_ring=ring))
    try:
        store.save_couple(
            Couple(
                Partner("a", "Robin", "dodgerblue"),
                Partner("b", "Sam", "darkorange"),
                agreed_at="2016-01-10T19:00:00+00:00",
            )
        )
        return store.add_history(writer.records, writer.answers)
    finally:
        store.close()
