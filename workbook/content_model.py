"""The loaded content as plain frozen dataclasses, and the error types.

Import these through :mod:`workbook.content`; this module only keeps the
loader's files short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbook.kinds import EXERCISE_KINDS

#: Exercise kinds, one screen each (their one home is workbook.kinds).
KINDS: tuple[str, ...] = tuple(EXERCISE_KINDS)


@dataclass(frozen=True)
class ContentError:
    """One problem found in a content file, with the line it is on."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentInvalid(Exception):
    """Raised by :func:`workbook.content.load_content` with every problem found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def prompt_step(number: int) -> str:
    """The step name of the question at place ``number`` (1-based): ``prompt-3``."""
    return f"prompt-{number}"


@dataclass(frozen=True)
class Prompt:
    """One question of a reflection exercise."""

    text: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    low: str | None = None
    high: str | None = None
    private_first: bool = False
    """A disclosure: answered alone, and kept private unless its writer chooses to show it."""
    saved_as: str | None = None
    """The step its answers are saved under, when not its place in the list (``prompt-3``).

    A question moved to another place keeps its old name, so answers written
    before the move are still shown with it.
    """


@dataclass(frozen=True)
class ListeningOptions:
    """Settings of an active listening drill."""

    topics: tuple[str, ...]
    turn_minutes: int | None = None


@dataclass(frozen=True)
class IStatementOptions:
    """Settings of the "I" statement builder."""

    variant: str = "three_part"
    prompt: str | None = None


@dataclass(frozen=True)
class DreamOptions:
    """Settings of a dream-sharing exercise."""

    prompt: str
    questions: tuple[str, ...]
    side_minutes: int = 15


@dataclass(frozen=True)
class CheckInOptions:
    """Settings of a check-in (the pillars and mood themselves are fixed)."""

    note_prompt: str | None = None


@dataclass(frozen=True)
class ReflectionOptions:
    """Settings of a reflection: how answers are shared, and the questions."""

    mode: str
    prompts: tuple[Prompt, ...]

    def step_of(self, index: int) -> str:
        """The step the question at ``index`` (0-based) is saved under: ``prompt-1`` for the first.

        A question's ``saved_as`` wins over its place in the list.
        """
        return self.prompts[index].saved_as or prompt_step(index + 1)

    def prompt_for(self, step: str) -> Prompt | None:
        """The question a saved step answers (``prompt-3``, or ``prompt-3.knew``), or None.

        Anything after a full stop names an answer that belongs to the question
        (whether a guess was close enough), so it is looked up by the part before.
        """
        base = step.split(".")[0]
        for index in range(len(self.prompts)):
            if self.step_of(index) == base:
                return self.prompts[index]
        return None


@dataclass(frozen=True)
class PauseOptions:
    """Settings of the time-out."""

    countdown_minutes: int = 20
    breathing: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoOptions:
    """The settings of a kind that has no fields of its own."""


Options = (
    NoOptions
    | ListeningOptions
    | IStatementOptions
    | DreamOptions
    | CheckInOptions
    | ReflectionOptions
    | PauseOptions
)


@dataclass(frozen=True)
class Exercise:
    """One exercise; ``options`` holds the fields of its kind."""

    id: str
    kind: str
    title: str
    why: str
    minutes: int
    intro: str | None
    version: int
    options: Options
    source: str


@dataclass(frozen=True)
class ProgramSession:
    """One numbered session of the program."""

    id: str
    number: int
    title: str
    opening: str
    minutes: int
    exercises: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class Track:
    """A named path of optional exercises, walked in order from light to harder."""

    id: str
    title: str
    intro: str
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class WordGroup:
    """A named group of feeling or need words."""

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    """The agreement both partners confirm on first run."""

    title: str
    intro: str
    points: tuple[str, ...]
    confirm: str


@dataclass(frozen=True)
class Service:
    """A local service listed on the support page, as checked by whoever added it."""

    name: str
    contact: tuple[str, ...]
    checked: str
    region: str | None = None
    hours: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SupportPage:
    """The page one partner can read alone: when this workbook isn't the right tool.

    Read from ``support.yaml``; never written anywhere, so opening it leaves no trace.
    """

    label: str
    title: str
    intro: str
    signs_heading: str
    signs: tuple[str, ...]
    steps_heading: str
    steps: tuple[str, ...]
    not_your_fault: str
    limits: str
    finding_help_heading: str
    finding_help: str
    services: tuple[Service, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything loaded from the content files, checked and cross-referenced."""

    version: int
    exercises: Mapping[str, Exercise]
    sessions: tuple[ProgramSession, ...]
    anytime: tuple[str, ...]
    agreement: Agreement
    feelings: tuple[WordGroup, ...]
    needs: tuple[WordGroup, ...]
    overridden: tuple[str, ...]
    support: SupportPage | None = None
    """The private support page; None only for a content folder that has none."""
    tracks: tuple[Track, ...] = ()
    """The optional tracks ("Going further"), in the order home lists them."""

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError if there is none."""
        return self.exercises[exercise_id]

    def session(self, session_id: str) -> ProgramSession:
        """The program session with this id; KeyError if there is none."""
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)

