"""The "I" statement builder's core: the live preview sentence and the gentle checker.

A writer fills in a feeling, a situation, a need and, if they like, a request.
:func:`assemble` turns those into one warm sentence in the chosen shape, and
:func:`check` points out phrases that tend to put a partner on the defensive
("you always", "you make me", name-calling, demands), each with a kinder way
to say it. Nothing here touches the screen, so the checker can run on every
keystroke.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

FIELDS: tuple[str, ...] = ("feeling", "situation", "need", "request")
"""The writer's fields, in the order flags are reported."""


@dataclass(frozen=True)
class FieldWording:
    """How one field is introduced on screen: the words beside it and the hint inside it."""

    label: str
    placeholder: str
    missing: str = ""
    """How to ask for the field when a required one is left empty ("what you need")."""


@dataclass(frozen=True)
class Shape:
    """One sentence shape: the name people see, and how it introduces each field.

    The labels are the shape's own words in front of each field, so the form
    reads like the sentence the preview builds.
    """

    name: str
    feeling: FieldWording
    situation: FieldWording
    need: FieldWording
    request: FieldWording

    def wording(self, field: str) -> FieldWording:
        """The label and placeholder for ``field`` (one of :data:`FIELDS`)."""
        if field not in FIELDS:
            raise KeyError(field)
        wording: FieldWording = getattr(self, field)
        return wording


_FEELING_WORDS = FieldWording("I feel", "one feeling word: worried, lonely, hopeful…", "a feeling")
_CAMERA_MOMENT = FieldWording(
    "when", "what happened, as a camera would have seen it", "what happened"
)
_UNDERNEATH_NEED = FieldWording("because I need", "what matters to you underneath", "what you need")

SHAPES: dict[str, Shape] = {
    # "I feel … when … because I need …, and I would like …"
    "three_part": Shape(
        "Three parts: feeling, situation, need",
        _FEELING_WORDS,
        _CAMERA_MOMENT,
        _UNDERNEATH_NEED,
        FieldWording("I'd like", "optional: a small, doable ask"),
    ),
    # The soft opener: "I'm feeling … about …, and I'd love …". What follows "I'd love"
    # is one thing to do, said as what you want rather than what should stop.
    "gentle_startup": Shape(
        "Soft opener",
        FieldWording("I'm feeling", "one feeling word: worried, lonely, hopeful…", "a feeling"),
        FieldWording("about", "one specific thing, not a pattern", "what it's about"),
        FieldWording(
            "and I'd love", "us to plan one evening together this week", "one thing you'd love"
        ),
        FieldWording("and ask", "optional: would you be willing to…?"),
    ),
    # "When …, I feel …, because I need …. Would you be willing to …?"
    "observation_feeling_need_request": Shape(
        "Observation, feeling, need, request",
        _FEELING_WORDS,
        _CAMERA_MOMENT,
        _UNDERNEATH_NEED,
        FieldWording("would you", "one thing they are free to say no to"),
    ),
    # Thanks: "I feel … when … because it met my need for …" or, in the writer's own
    # words, "… because it gave me the rest I needed". Naming what the kindness gave
    # says why it mattered, which lands deeper than praise.
    "gratitude": Shape(
        "Thanks: the need it met",
        FieldWording("I feel", "grateful, warm, relieved, touched…", "a feeling"),
        FieldWording("when", "what they did, as a camera would have seen it", "what they did"),
        FieldWording(
            "because it", "met my need for rest, or gave me a quiet hour", "what it gave you"
        ),
        FieldWording("I'd love", "optional: more of it, or leave it empty"),
    ),
}
"""Every sentence shape the builder offers, by id: the one source of its wording."""

VARIANTS: dict[str, str] = {key: shape.name for key, shape in SHAPES.items()}
"""Each sentence shape the builder offers: its id and the name shown to people."""

PLACEHOLDER = "…"
"""Stands in for an empty field in the preview, so the sentence still reads."""


@dataclass(frozen=True)
class StatementParts:
    """What the writer has typed so far, and the sentence shape they chose."""

    feeling: str = ""
    situation: str = ""
    need: str = ""
    request: str = ""
    variant: str = "three_part"

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            known = ", ".join(VARIANTS)
            raise ValueError(f"Unknown statement variant {self.variant!r}; expected one of {known}")


@dataclass(frozen=True)
class Flag:
    """One thing the checker noticed, and a gentler way to say it.

    ``start`` and ``end`` are offsets into the text of ``field``, so the screen
    can underline exactly the words concerned.
    """

    code: str
    field: str
    start: int
    end: int
    message: str
    suggestion: str


# --- Text helpers -----------------------------------------------------------------------------

# Curly and look-alike apostrophes become a straight one. Every mapping is one
# character to one character, so offsets found in the result are valid in the original.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})

_TRAILING = ".,;:!?…。！？，；："
_LEADING = ",;:"


def _normalise(text: str) -> str:
    """Straighten apostrophes without changing the length of the text."""
    return text.translate(_APOSTROPHES)


def _tidy(text: str) -> str:
    """One line, single spaces, straight apostrophes, no stray punctuation at either end."""
    text = " ".join(_normalise(text).split())
    return text.rstrip(_TRAILING + " ").lstrip(_LEADING + " ")


# --- Assembling the preview -------------------------------------------------------------------

_I = re.IGNORECASE

# Each lead-in ends in a space or at the end of the field, so "I feel" alone is
# caught too, but "whenever" is never read as "when" + "ever".
_END = r"(?:\s+|$)"
_FEELING_LEAD = re.compile(
    r"^(?:I\s+(?:feel|felt|am\s+feeling|was\s+feeling|(?:have|'?ve)\s+been\s+feeling|am|was)"
    rf"|I'?m(?:\s+feeling)?|I've\s+been\s+feeling|feeling){_END}",
    _I,
)
_WHEN_LEAD = re.compile(rf"^when(?:ever)?{_END}", _I)
_ABOUT_LEAD = re.compile(rf"^about{_END}", _I)
_NEED_LEAD = re.compile(rf"^(?:because|'?cause|since){_END}", _I)
_NEED_I_NEED = re.compile(
    r"^(?:what\s+I\s+need\s+is|my\s+need\s+is|I\s+(?:really\s+|just\s+)?need(?:ed)?)" + _END,
    _I,
)
# The soft opener's own "and I'd love" (or "I'd like", "I need") typed into its field.
_LOVE_LEAD = re.compile(
    r"^(?:and\s+)?(?:I\s+would|I'?d)\s+(?:really\s+|so\s+)?(?:love|like)" + _END, _I
)
# "if we …", "that you'd …", "we could …": an action said with its own subject, which
# fits after "I'd love" as "I'd love it if we …".
_IF_SUBJECT = re.compile(r"^(?:(?:if|that)\s+)?(?=(?:we|you)(?:'d|'ll)?\s+(?!to\b))", _I)
# Thanks: "it met my need for", "my need for", "met my need to" typed into the need.
_MET_NEED_LEAD = re.compile(
    r"^(?:it\s+)?(?:(?:really\s+)?met\s+)?(?:my|a|the)\s+need(?=\s+(?:for|to|of)\b)\s+(?:for|of)?"
    + _END,
    _I,
)
# Thanks said as a clause of its own: "I could rest", "we got to talk".
_CLAUSE_START = re.compile(r"^(?:I|you|we)(?:'\w+)?\s+\S", _I)
_IT_LEAD = re.compile(rf"^it{_END}", _I)
# What a kindness did, after "because it": "gave me the rest I needed", "meant I could
# sleep". A need typed without one of these ("rest") is put as "it met my need for rest".
# fmt: off
_WHAT_IT_DID = re.compile(
    r"^(?:" + "|".join((
        "allowed", "brought", "calmed", "changed", "cheered", "eased", "felt", "freed", "gave",
        "got", "had", "helped", "kept", "let", "lifted", "made", "meant", "met", "reminded",
        "saved", "showed", "took", "told", "turned", "was", "warmed",
        "allows", "brings", "gives", "helps", "lets", "makes", "means", "meets", "shows", "is",
    )) + rf"){_END}",
    _I,
)
# fmt: on
_REQUEST_I_LIKE = re.compile(rf"^(?:and\s+)?(?:I\s+would|I'?d)\s+(?:really\s+)?like{_END}", _I)
_REQUEST_WILLING = re.compile(rf"^(?:would|are)\s+you\s+(?:be\s+)?willing(?:\s+to)?{_END}", _I)
# Every way of asking whether the partner is willing, as the coach suggests and as people
# fit it after "I'd like": "would you be willing to", "you'd be willing to", "if you
# would be willing to", "you to be willing to", "and are you willing to", "willing to".
_REQUEST_WILLING_ANY = re.compile(
    r"^(?:and\s+)?(?:if\s+|that\s+|it\s+if\s+)?"
    r"(?:(?:would|could|will|are|were)\s+you\s+(?:be\s+)?"
    r"|you\s*(?:(?:would|could|might|will|'d|'ll)\s+be|are|were|'re|being|to\s+be)\s+"
    r"|(?:to\s+)?be\s+)?"
    rf"willing(?:\s+to)?{_END}",
    _I,
)
_REQUEST_TO = re.compile(rf"^to{_END}", _I)
# "that you call", "if you'd call", "you would call": what the partner is asked to do,
# in a shape that does not fit after "I would like" or "Would you be willing to".
_REQUEST_YOU_DO = re.compile(
    r"^(?:(?:that|if|it\s+if)\s+you(?:\s+(?:would|could|will|can)|'d|'ll)?"
    r"|you(?:\s+(?:would|could|will)|'d|'ll))\s+(?!(?:to|be)\b)",
    _I,
)
_ELLIPSIS_LEAD = re.compile(r"^(?:to\s*)?(?=…|\.\.\.)", _I)
# "Last Tuesday, when …", as the coach suggests: the moment, then what happened.
_MOMENT_FIRST = re.compile(
    r"^(?P<moment>(?:last|on|yesterday|this|that|earlier|the\s+other|one)\b[^,]*?),?"
    r"\s+when\s+(?P<rest>\S.*)$",
    _I,
)
_REQUEST_FOR = re.compile(rf"^(?:for\s+)?(?P<who>you|us)\s+to{_END}", _I)
# A request that already reads as a whole sentence of its own.
_REQUEST_QUESTION = re.compile(
    r"^(?:would|could|can|will|are|is|shall|how\s+about|what\s+if)\s", _I
)
_REQUEST_SENTENCE = re.compile(
    r"^(?:please|let'?s|let\s+us|I'?d|I\s+would|I\s+wonder|maybe|perhaps|it\s+would)\b", _I
)


def _strip_lead(pattern: re.Pattern[str], text: str, times: int = 3) -> str:
    """Remove a lead-in the template already says, so it doesn't appear twice."""
    for _ in range(times):
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def _slot(text: str) -> str:
    """A field ready to drop into a template, or the placeholder if it is empty."""
    return text or PLACEHOLDER


# Words that are never names, so a capital on them is only the habit of starting
# a field with one, and can go once the field sits in the middle of a sentence.
# fmt: off
_PLAIN_WORDS = frozenset(
    {
        "a", "about", "after", "all", "an", "at", "because", "before", "being", "both",
        "during", "each", "every", "everyone", "for", "having", "her", "his", "in", "it",
        "it's", "its", "last", "more", "my", "nobody", "on", "our", "some", "someone",
        "something", "that", "the", "their", "there", "these", "this", "those", "to", "today",
        "tonight", "us", "we", "when", "whenever", "yesterday", "you", "your",
    }
)
# fmt: on


def _mid_sentence(text: str, *, any_word: bool = False) -> str:
    """Lower a leading capital that only started the field, not a name or "I".

    With ``any_word`` (feelings and needs, which are never names) any capitalised
    first word is lowered; otherwise only the plain words above are.
    """
    first = text.split(maxsplit=1)[0] if text else ""
    if not first[:1].isupper() or not (len(first) == 1 or first[1:].islower()):
        return text
    if first == "I" or first.startswith("I'"):
        return text
    if any_word or first.lower().rstrip(",.;:!?") in _PLAIN_WORDS:
        return text[0].lower() + text[1:]
    return text


def _close(sentence: str) -> str:
    """End a sentence with a full stop, unless it ends on a placeholder ("…." looks wrong)."""
    # Fields are stripped of closing punctuation, so only a placeholder can end in "…".
    return sentence if sentence.endswith(PLACEHOLDER) else sentence + "."


def _own_sentence(request: str) -> str:
    """A request the writer phrased in full, given its own capital and end mark."""
    mark = "?" if _REQUEST_QUESTION.match(request) else "."
    return request[:1].upper() + request[1:] + mark


def _willing_action(request: str) -> str | None:
    """What the partner is asked to do, when the request asks whether they are willing.

    None when the request is phrased some other way. "I'd like" in front is
    allowed for, since the field itself follows "I'd like".
    """
    liked = _strip_lead(_REQUEST_I_LIKE, request, times=1)
    match = _REQUEST_WILLING_ANY.match(liked)
    if match is None:
        return None
    action = _strip_lead(_REQUEST_TO, liked[match.end() :], times=1)
    return _mid_sentence(_ELLIPSIS_LEAD.sub("", action, count=1))


def _you_do(request: str) -> str | None:
    """What the partner is asked to do, from "that you …", "if you'd …" or "you would …"."""
    liked = _strip_lead(_REQUEST_I_LIKE, request, times=1)
    match = _REQUEST_YOU_DO.match(liked)
    return liked[match.end() :] if match else None


def _when(situation: str) -> str:
    """The situation after "when": "when, last Tuesday, you left" rather than two whens."""
    match = _MOMENT_FIRST.match(situation)
    if match is None:
        return situation
    return f", {_mid_sentence(match['moment'])}, {match['rest']}"


def _willing(request: str) -> str:
    """The request as "Would you be willing to …?" ("Could we …?" for something shared).

    A request the writer already phrased as a whole sentence is kept as they wrote it.
    """
    action = _willing_action(request)
    if action is None:
        action = _you_do(request)
    if action is not None:
        return f"Would you be willing to {_slot(action)}?"
    request = _strip_lead(_REQUEST_WILLING, request, times=1)
    if _REQUEST_QUESTION.match(request) or _REQUEST_SENTENCE.match(request):
        return _own_sentence(request)
    match = _REQUEST_FOR.match(request)
    if match:
        rest = _mid_sentence(request[match.end() :])
        if match["who"].lower() == "us":
            return f"Could we {_slot(rest)}?"
        return f"Would you be willing to {_slot(rest)}?"
    request = _mid_sentence(_strip_lead(_REQUEST_TO, request, times=1))
    return f"Would you be willing to {_slot(request)}?"


def _lovely(need: str) -> str:
    """The soft opener's ask, ready to follow "and I'd love".

    "us to plan one evening", "you to text me", "to go for a walk" and "a walk
    together" all fit as typed; "if we planned…" or "we could plan…" become
    "it if we…", and lead-ins like "I need" or "I'd love" are not repeated.
    """
    need = _strip_lead(_NEED_I_NEED, _strip_lead(_NEED_LEAD, need))
    need = _mid_sentence(_strip_lead(_LOVE_LEAD, need), any_word=True)
    if not need:
        return PLACEHOLDER
    return _IF_SUBJECT.sub("it if ", need, count=1)


def _met_need(need: str) -> str:
    """What a kindness gave, after "because": "it met my need for rest" or the writer's own words.

    "rest" becomes "it met my need for rest" and "to feel cared for" "it met my
    need to feel cared for"; what it did ("gave me the rest I needed") follows
    "it", and a clause with its own subject ("I could sleep in") stands as written.
    """
    need = _strip_lead(_NEED_LEAD, need)
    need = _strip_lead(_MET_NEED_LEAD, need, times=1)
    if not _CLAUSE_START.match(need):
        need = _strip_lead(_IT_LEAD, need, times=1)
    need = _mid_sentence(need, any_word=True)
    if not need:
        return f"it met my need for {PLACEHOLDER}"
    if _REQUEST_TO.match(need):
        return f"it met my need {need}"
    if _CLAUSE_START.match(need):
        return need
    if _WHAT_IT_DID.match(need):
        return f"it {need}"
    return f"it met my need for {need}"


def _thanks_request(sentence: str, request: str) -> str:
    """The optional last part of a thank-you, after "I'd love": "I'd love more of it."

    A request phrased as a question or a sentence of its own is kept whole, and
    one that asks what the partner would do becomes "Would you be willing to…?".
    """
    if (
        _willing_action(request) is not None
        or _you_do(request) is not None
        or _REQUEST_QUESTION.match(request)
        or _REQUEST_SENTENCE.match(request)
    ):
        return f"{_close(sentence)} {_willing(request)}"
    loved = _mid_sentence(_strip_lead(_LOVE_LEAD, request, times=1))
    ask = _close("I'd love " + _slot(loved))
    return f"{_close(sentence)} {ask}"


def assemble(parts: StatementParts) -> str:
    """Build the live preview sentence from what has been typed so far.

    Empty fields show as "…". Lead-ins the template already says ("I feel",
    "when", "because I need") are not repeated, and the writer's own closing
    punctuation is dropped so the sentence never ends up with "..".
    """
    feeling = _slot(_mid_sentence(_strip_lead(_FEELING_LEAD, _tidy(parts.feeling)), any_word=True))
    request = _tidy(parts.request)
    situation = _tidy(parts.situation)

    if parts.variant == "gentle_startup":
        situation = _slot(_mid_sentence(_strip_lead(_ABOUT_LEAD, situation)))
        ask = _lovely(_tidy(parts.need))
        sentence = _close(f"I'm feeling {feeling} about {situation}, and I'd love {ask}")
        return f"{sentence} {_willing(request)}" if request else sentence
    if parts.variant == "gratitude":
        situation = _slot(_when(_mid_sentence(_strip_lead(_WHEN_LEAD, situation))))
        when = "when" if situation.startswith(",") else "when "
        sentence = f"I feel {feeling} {when}{situation} because {_met_need(_tidy(parts.need))}"
        return _thanks_request(sentence, request) if request else _close(sentence)
    need = _strip_lead(_NEED_I_NEED, _strip_lead(_NEED_LEAD, _tidy(parts.need)))
    need = _slot(_mid_sentence(need, any_word=True))
    if parts.variant == "observation_feeling_need_request":
        situation = _slot(_when(_mid_sentence(_strip_lead(_WHEN_LEAD, situation))))
        sentence = _close(f"When{'' if situation.startswith(',') else ' '}{situation}, "
                          f"I feel {feeling}, because I need {need}")
        # The request is one of the four parts here, so its slot shows even when empty.
        return f"{sentence} {_willing(request)}"
    situation = _slot(_when(_mid_sentence(_strip_lead(_WHEN_LEAD, situation))))
    when = "when" if situation.startswith(",") else "when "
    sentence = f"I feel {feeling} {when}{situation} because I need {need}"
    if not request:
        return _close(sentence)
    if _willing_action(request) is not None:
        # "and I would like would you be willing to…" is no sentence: the ask stands alone.
        return f"{_close(sentence)} {_willing(request)}"
    action = _you_do(request)
    if action is not None:
        return _close(f"{sentence}, and I would like you to {action}")
    liked = _strip_lead(_REQUEST_I_LIKE, request, times=1)
    if liked == request and (_REQUEST_QUESTION.match(request) or _REQUEST_SENTENCE.match(request)):
        return f"{_close(sentence)} {_own_sentence(request)}"
    return _close(f"{sentence}, and I would like {_slot(_mid_sentence(liked))}")


# --- The checker ------------------------------------------------------------------------------
#
# Speed matters here: the checker runs on every keystroke. The text is first folded
# to lower case (ASCII only) with straight apostrophes, one character for one
# character, so offsets stay true and the patterns can be plain lower-case text with
# no IGNORECASE. Every pattern begins with a word, never a look-behind, so the regex
# engine can skip quickly to likely spots; whole-word and clause-start checks are made
# in Python, only where a pattern has already matched.

_FOLD = str.maketrans(
    {
        **{chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)},
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
    }
)

# The end of a whole word. An apostrophe counts as part of a word only between
# letters, so "don't" is one word but a quoted 'used' still matches.
_E = r"(?!\w)(?!'\w)"


def _any(*phrases: str, extra: tuple[str, ...] = ()) -> str:
    """A regex matching any of ``phrases``, built as a prefix tree so it is fast to search.

    A space in a phrase matches any run of whitespace, and a longer phrase is
    preferred over a shorter one it begins with. ``extra`` adds raw regex
    alternatives. Each alternative starts with a plain letter, which lets the
    regex engine jump straight to the places worth trying.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for char in phrase.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + "|".join([*_branches(root), *extra]) + ")"


def _branches(node: dict[str, dict]) -> list[str]:
    return [
        (r"\s+" if char == " " else re.escape(char)) + _tree_regex(child)
        for char, child in sorted(node.items())
        if char
    ]


def _tree_regex(node: dict[str, dict]) -> str:
    branches = _branches(node)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _each(starts: tuple[str, ...], rest: str) -> str:
    """``rest`` after each of ``starts``, as separate alternatives (see :func:`_any`)."""
    return "|".join(start + rest for start in starts)


@dataclass(frozen=True)
class _Rule:
    """One pattern the checker looks for, where it applies, and what it says."""

    code: str
    fields: tuple[str, ...]
    pattern: re.Pattern[str]
    message: str
    suggestion: str
    anchor: str | None = None
    """None: anywhere. "clause": only where a clause begins. "field": only at the very start."""
    not_after: re.Pattern[str] | None = None
    """Words that, just before the match, make it harmless ("what you have to say")."""


def _rule(
    code: str,
    fields: tuple[str, ...],
    pattern: str,
    message: str,
    suggestion: str,
    *,
    anchor: str | None = None,
    not_after: str | None = None,
) -> _Rule:
    return _Rule(
        code,
        fields,
        re.compile(pattern),
        message,
        suggestion,
        anchor,
        re.compile(rf"\b{not_after}\s+$") if not_after else None,
    )


_ALL = FIELDS

# The feeling underneath a word that is really a judgment of what the other person did.
_UNDERNEATH: dict[str, str] = {
    "ignored": "lonely or hurt",
    "abandoned": "scared or alone",
    "manipulated": "uneasy or confused",
    "disrespected": "hurt or small",
    "used": "hurt or resentful",
    "betrayed": "hurt or shaken",
    "criticised": "hurt or discouraged",
    "criticized": "hurt or discouraged",
    "rejected": "hurt or lonely",
    "unappreciated": "tired or sad",
    "attacked": "scared or tense",
    "neglected": "lonely or sad",
    "cheated": "hurt or angry",
    "cheated on": "hurt or angry",
    "unheard": "frustrated or lonely",
    "taken for granted": "tired or sad",
    "misunderstood": "frustrated or lonely",
    "unloved": "sad or lonely",
    "unwanted": "hurt or lonely",
    "dismissed": "hurt or discouraged",
    "belittled": "hurt or embarrassed",
    "patronised": "annoyed or small",
    "patronized": "annoyed or small",
    "judged": "anxious or hurt",
    "blamed": "hurt or frustrated",
    "let down": "disappointed or sad",
    "left out": "lonely or sad",
    "put down": "hurt or embarrassed",
    "insulted": "hurt or angry",
    "invalidated": "hurt or confused",
    "unsupported": "alone or overwhelmed",
    "smothered": "tense or restless",
    "pressured": "tense or anxious",
    "controlled": "frustrated or tense",
    "invisible": "lonely or sad",
    "unimportant": "hurt or sad",
    "humiliated": "embarrassed or ashamed",
    "bullied": "scared or tense",
    "intimidated": "scared or tense",
    "provoked": "angry or tense",
    "cornered": "scared or tense",
    "tricked": "confused or hurt",
    "lied to": "hurt or confused",
}
_UNDERNEATH_DEFAULT = "hurt, lonely or scared"

_YOURE = r"you(?:'?re|\s+are)"
_YOU_WERE = r"you(?:'?re|\s+are|\s+were|'?ve\s+been|\s+have\s+been)"
_YOU_SEEM = (
    r"you(?:'?re|\s+are|\s+were|'?ve\s+been|\s+have\s+been|\s+act(?:s|ed)?"
    r"|\s+sound(?:s|ed)?|\s+seem(?:s|ed)?|\s+look(?:s|ed)?|\s+behave(?:s|d)?)"
)
# Word lists stay a few to a line: one a line would run to hundreds of lines.
# fmt: off
_LABEL_WORDS = _any(
    "lazy", "selfish", "inconsiderate", "useless", "stupid", "dumb", "crazy", "insane", "nuts",
    "dramatic", "immature", "childish", "pathetic", "hopeless", "worthless", "ridiculous",
    "paranoid", "hysterical", "irrational", "unreasonable", "impossible", "irresponsible",
    "needy", "clingy", "boring", "spoiled", "spoilt", "toxic", "heartless", "cruel", "mean",
    "disgusting", "incompetent", "clueless", "thoughtless", "careless", "oversensitive",
    "over-sensitive", "too sensitive", "narcissistic", "self-centred", "self-centered",
    "a slob", "a mess", "an idiot", "a jerk", "a loser", "a liar", "a nag", "a narcissist",
    "a control freak", "a drama queen", "a moron", "a fool", "a pig", "a hypocrite", "a brat",
    "a coward", "a joke", "a failure", "a disappointment", "an embarrassment", "a nightmare",
    "a pain",
)
# Name-calling after "such a" or "what a". Words like "mess" or "pain" are left
# out: "such a mess" is as often about a kitchen as about a person.
_LABEL_NOUNS = _any(
    "slob", "idiot", "jerk", "loser", "liar", "nag", "narcissist", "control freak",
    "drama queen", "moron", "fool", "pig", "hypocrite", "brat", "coward",
)
_INSULTS = _any("idiot", "moron", "jerk", "slob", "loser", "brat", "hypocrite", "coward")
_QUALIFIER = _any(
    "so", "such", "really", "just", "being", "totally", "completely", "the", "most", "biggest",
    "always", "acting", "truly", "too", "very", "extremely", "incredibly", "like", "a", "an",
    "total", "complete", "utter", "absolute", "big", "huge", "kind of", "kinda", "a bit",
    "bloody", "fucking", "damn", "behaving", "sounding",
)
_LABEL_MESSAGE = "'{p}' is a label, and labels make it hard to hear anything else."
_LABEL_SUGGESTION = "Try naming the one thing that was done or said, and how it felt for you."

_FEEL = (
    r"(?:i(?:\s+(?:feel|felt|am\s+feeling|was\s+feeling|(?:have|'?ve)\s+been\s+feeling)"
    r"|'?m\s+feeling|'ve\s+been\s+feeling)|feel|felt|feeling)"
)
_THOUGHT_SUBJECTS = _any(
    "you", "you're", "youre", "you've", "you'd", "you'll", "he", "he's", "she", "she's",
    "they", "they're", "it", "it's", "nobody", "nobody's", "no one", "noone", "everyone",
    "everybody", "i", "i'm", "i've", "i'd", "we", "we're", "we've", "my", "your", "this",
    "there", "there's", "nothing", "no matter", "somebody", "someone",
)
_THOUGHT_LINK = (
    rf"(?:that(?!\s+way)|as\s+if|as\s+though|like\s+{_THOUGHT_SUBJECTS}"
    r"|you(?:'?re|'?ve|'?d|'?ll)?)"
)
_THOUGHT_MESSAGE = "'{p}' leads into a thought about what's happening, not a feeling."
_THOUGHT_SUGGESTION = "Name the feeling itself in a word or two, like 'hurt', 'worried' or 'alone'."

_SARCASM = _any(
    "thanks for nothing", "gee thanks", "gee, thanks", "surprise, surprise",
    "surprise surprise", "shocker", "nice of you to finally", "nice of you to show up",
    "real mature", "how mature", "must be nice", "heaven forbid", "god forbid",
    "sorry for existing", "sorry for breathing", "excuse me for breathing",
    "excuse me for existing", "excuse me for living", "pardon me for breathing",
    "pardon me for existing", "not that you care", "not that you'd care",
    "not that you would care", "not that you'd notice", "not that you would notice",
    "not that you listen", "as if you care", "as if you cared", "as if you'd care",
    "as if you would care", "as if you'd notice", "as if you ever", "like you care",
    "like you'd care", "like you even care", "like you'd notice", "like you would notice",
    "rolls eyes", "roll eyes", "eye roll", "eyeroll", "*sigh*", "whoop-de-doo", "whoopee",
    "of course you did", "of course you didn't", "what else is new",
    extra=("\U0001f644",),  # the eye-roll emoji
)
_SARCASM_MESSAGE = "'{p}' may land as sarcasm, and sarcasm stings more than it says."
_SARCASM_SUGGESTION = "Try saying the feeling plainly, like 'I'm frustrated'; it's easier to hear."
# Brush-offs that are contempt when they stand alone as a whole clause.
_BRUSH_OFFS = _any(
    "grow up", "get over it", "get over yourself", "get a grip", "get a life", "deal with it",
    "man up", "calm down", "get real", "give it a rest", "whatever", "yeah right",
    "yeah, right", "duh", "as if",
)
_CONTEMPT_MESSAGE = "'{p}' can feel like being looked down on."
_CONTEMPT_SUGGESTION = (
    "Try saying the feeling underneath instead, like 'I'm worn out' or 'I'm frustrated'."
)

_MIND_VERBS = (
    r"(?:care|listen|respect|love|appreciate|bother|value|give\s+a\s+\w+"
    r"|think\s+(?:about|of)\s+(?:me|us|anyone))"
)
_DISMISS_VERBS = (
    r"(?:ignor(?:e|es|ed|ing)|disrespect(?:s|ed|ing)?|dismiss(?:es|ed|ing)?"
    r"|belittl(?:e|es|ed|ing)|neglect(?:s|ed|ing)?|reject(?:s|ed|ing)?)"
)
_HARM_VERBS = (
    r"(?:abandon(?:s|ed|ing)?|manipulat(?:e|es|ed|ing)|humiliat(?:e|es|ed|ing)"
    r"|attack(?:s|ed|ing)?|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|us(?:e|es|ed|ing)"
    r"|betray(?:s|ed|ing)?|guilt-?trip(?:s|ped|ping)?|gaslight(?:s|ed|ing)?)"
)
_JUDGING_WORDS = _any(
    "rude", "selfish", "inconsiderate", "disrespectful", "thoughtless", "careless",
    "insensitive", "uncaring", "hurtful", "nasty", "cruel", "childish", "immature",
    "ridiculous", "unacceptable", "spiteful", "passive-aggressive", "passive aggressive",
    "outrageous", "pathetic",
)
# fmt: on
_CAMERA = "Try describing what a camera would have seen and heard: who did what, and when."

_ALWAYS_SUGGESTION = "Try describing the one time you have in mind: 'Last Tuesday, when…'"
_WILLING = "Try 'Would you be willing to…?' with one small, concrete thing they could say yes to."

_RULES: tuple[_Rule, ...] = (
    # --- Labels and name-calling, anywhere ---
    _rule(
        "label",
        _ALL,
        rf"{_YOU_SEEM}(?:\s+{_QUALIFIER}){{0,4}}\s+{_LABEL_WORDS}{_E}"
        # "You're crazy about football" is fondness.
        r"(?!(?<=crazy)\s+about)(?!(?<=nuts)\s+about)",
        _LABEL_MESSAGE,
        _LABEL_SUGGESTION,
    ),
    _rule(
        "label",
        _ALL,
        _each(("such", "what"), rf"\s+an?\s+(?:{_QUALIFIER}\s+){{0,2}}{_LABEL_NOUNS}{_E}")
        + rf"|such\s+an?\s+(?:big\s+)?(?:child|baby){_E}"
        + "|"
        + _each(
            (r"act(?:s|ed|ing)?", r"behav(?:e|es|ed|ing)"),
            r"\s+like\s+an?\s+(?:(?:spoiled|spoilt|little|big|whiny)\s+)?"
            rf"(?:child|baby|toddler|kid|brat){_E}",
        ),
        _LABEL_MESSAGE,
        _LABEL_SUGGESTION,
    ),
    _rule(
        "label",
        _ALL,
        rf"you\s+(?:(?:stupid|lazy|selfish|useless|pathetic|little|big|fat)\s+)?{_INSULTS}{_E}",
        "'{p}' is name-calling, and it makes it hard to hear anything else.",
        _LABEL_SUGGESTION,
    ),
    # --- Blame, anywhere ---
    _rule(
        "your_fault",
        _ALL,
        _each(
            ("it", "that", "this"),
            r"(?:'?s|\s+is|\s+was)\s+(?:all\s+|totally\s+|entirely\s+|completely\s+)?"
            rf"your\s+fault{_E}",
        )
        + rf"|i\s+blame\s+you{_E}|{_YOURE}\s+to\s+blame{_E}",
        "'{p}' puts the whole weight on your partner's shoulders.",
        "Try saying what happened and how it felt for you, and leave out who's to blame.",
        not_after=r"(?:say|saying|said)(?:\s+that)?",
    ),
    _rule(
        "you_make_me",
        _ALL,
        r"you(?:'?re|\s+are)?\s+(?:always\s+|just\s+|really\s+)?(?:make|makes|made|making)\s+me"
        # "You made me a cup of tea" and "you make me laugh" are gifts, not blame.
        r"(?!\s+(?:laugh|smile|grin|giggle|coffee|tea|breakfast|lunch|dinner|a|an|some|my|the"
        rf"|this|that|one)\b)(?:\s+feel)?{_E}",
        "'{p}' hands your partner the controls to your feelings.",
        "Try owning the feeling: 'I feel … when …'.",
    ),
    # --- Demands in the request ---
    _rule(
        "demand",
        ("request",),
        r"you(?:\s+(?:need\s+to|have\s+to|have\s+got\s+to|'?ve\s+got\s+to|should|ought\s+to"
        r"|must(?!\s+(?:be|have\s+been|feel|know)\b)|had\s+better|are\s+going\s+to\s+have\s+to)"
        rf"|'?d\s+better|'?ve\s+got\s+to){_E}",
        "'{p}' sounds like an order, even if you don't mean it as one.",
        _WILLING,
        # Not "what you have to say" or "if you need to work late".
        not_after=r"(?:what|whatever|anything|everything|if)",
    ),
    _rule(
        "demand",
        ("request",),
        rf"you\s+better(?!\s+than){_E}",
        "'{p}' sounds like an order, even if you don't mean it as one.",
        _WILLING,
        # Not "I'd like to get to know you better".
        not_after=r"(?:know|understand|like|love|treat|hear|see|support|help|listen\s+to)",
    ),
    _rule(
        "demand",
        ("request",),
        rf"(?:i\s+(?:demand|insist|expect\s+you\s+to|am\s+telling\s+you)|i'?m\s+telling\s+you){_E}",
        "'{p}' leaves no room for a no, and a request needs that room.",
        "Try 'Would you be willing to…?', so a no is allowed and a yes means more.",
    ),
    _rule(
        "demand",
        ("request",),
        rf"or\s+else{_E}",
        "'{p}' turns a request into a warning.",
        "Try 'Would you be willing to…?' and leave out what happens if not.",
    ),
    _rule(
        "demand",
        ("request",),
        rf"stop\s+(?:\w+ing|it|that|this){_E}",
        "'{p}' reads as an order, and it only says what not to do.",
        "Try asking for what you would like instead: 'Would you be willing to…?'",
        anchor="clause",
    ),
    _rule(
        "demand",
        ("request",),
        rf"(?:never|don'?t\s+(?:you\s+)?ever)\s+\w+{_E}",
        "'{p}' asks for forever, which is hard for anyone to promise.",
        "Try one concrete, doable step: 'Would you be willing to… this week?'",
        anchor="clause",
    ),
    _rule(
        "demand",
        ("request",),
        rf"you(?:\s+(?:will|must|can|are\s+to)|'?ll)\s+never\s+again{_E}",
        "'{p}' asks for forever, which is hard for anyone to promise.",
        "Try one concrete, doable step: 'Would you be willing to… this week?'",
    ),
    # --- Thoughts dressed as feelings ---
    _rule(
        "thought_not_feeling",
        ("feeling",),
        rf"{_FEEL}\s+{_THOUGHT_LINK}{_E}",
        _THOUGHT_MESSAGE,
        _THOUGHT_SUGGESTION,
    ),
    _rule(
        "thought_not_feeling",
        ("feeling",),
        rf"{_THOUGHT_LINK}{_E}",
        "This part is a thought about what's happening, not a feeling.",
        _THOUGHT_SUGGESTION,
        anchor="field",
    ),
    _rule(
        "thought_not_feeling",
        ("feeling",),
        rf"i\s+(?:think|believe|guess|suppose|know)\s+(?:that\s+)?(?:you|he|she|they){_E}",
        _THOUGHT_MESSAGE,
        _THOUGHT_SUGGESTION,
    ),
    # --- Sweeping words ---
    _rule(
        "always_never",
        _ALL,
        r"you(?:'?re|\s+are|'?ve|\s+have)?\s+"
        r"(?:always|never|constantly|continually|forever\s+\w+ing)"
        rf"(?!\s+(?:meant|mean|intended|intend)\s+to){_E}",
        "'{p}' turns one moment into a verdict.",
        _ALWAYS_SUGGESTION,
        # "Thank you always", and questions like "would you always text me?".
        not_after=r"(?:thank|thanks|would|could|will|can|if)",
    ),
    _rule(
        "always_never",
        _ALL,
        r"(?:every\s+single|each\s+and\s+every|every\s+bloody|every\s+damn)\s+"
        rf"(?:time|day|night|week|weekend|morning|evening){_E}",
        "'{p}' turns one moment into a pattern.",
        _ALWAYS_SUGGESTION,
    ),
    # --- Judgments in place of feelings ---
    _rule(
        "blame_feeling",
        ("feeling",),
        _any(*(word for word in _UNDERNEATH if word != "used"), extra=(r"used(?!\s+to\b)",)) + _E,
        "'{p}' says what you think your partner did, more than how you feel.",
        "Underneath it, maybe you felt {under}? Try naming that.",
    ),
    # --- Sarcasm and contempt, anywhere ---
    _rule(
        "sarcasm_or_contempt",
        _ALL,
        rf"{_SARCASM}(?!\w)",
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
    ),
    _rule(
        "sarcasm_or_contempt",
        _ALL,
        rf"{_BRUSH_OFFS}(?=\s*(?:[.!?,;:]|$))",
        _CONTEMPT_MESSAGE,
        _CONTEMPT_SUGGESTION,
        anchor="clause",
    ),
    _rule(
        "sarcasm_or_contempt",
        _ALL,
        rf"grow\s+up{_E}",
        _CONTEMPT_MESSAGE,
        _CONTEMPT_SUGGESTION,
        anchor="clause",
    ),
    # --- A situation that judges instead of describes ---
    _rule(
        "judging_situation",
        ("situation",),
        r"you\s+(?:(?:just|clearly|obviously|really|simply)\s+)?"
        r"(?:don'?t|do\s+not|didn'?t|did\s+not|won'?t|will\s+not|never)\s+(?:even\s+)?"
        rf"{_MIND_VERBS}{_E}"
        rf"|you\s+(?:couldn'?t|could\s+not)\s+(?:care\s+less|be\s+bothered){_E}"
        rf"|you\s+(?:can'?t|cannot)\s+be\s+bothered{_E}"
        rf"|you\s+only\s+(?:care|think)\s+about{_E}",
        "'{p}' guesses at what's inside your partner, and they may see it differently.",
        _CAMERA,
    ),
    _rule(
        "judging_situation",
        ("situation",),
        rf"(?:{_YOU_WERE}|you)\s+(?:(?:always|just|completely|totally)\s+)?"
        rf"(?:{_DISMISS_VERBS}\s+(?:me|us|my){_E}|{_HARM_VERBS}\s+(?:me|us){_E})",
        "'{p}' is what it meant to you, more than what happened.",
        _CAMERA,
    ),
    _rule(
        "judging_situation",
        ("situation",),
        rf"(?:you(?:'?re|\s+are|\s+were)\s+being|because\s+{_YOURE}){_E}",
        "'{p}' describes your partner, not what happened.",
        _CAMERA,
    ),
    _rule(
        "judging_situation",
        ("situation",),
        _any(
            "as usual",
            "as per usual",
            "per usual",
            "like always",
            "as always",
            "like you always do",
            "like every other time",
        )
        + _E,
        "'{p}' brings every other time into this one.",
        "Keep to this one moment: what happened, when and where.",
    ),
    _rule(
        "judging_situation",
        ("situation",),
        _any(
            "obviously",
            "clearly you",
            "of course you",
            "on purpose",
            "deliberately",
            "intentionally",
            "for no reason",
            extra=(r"you\s+clearly(?!\s+(?:said|told|asked|explained|wrote))",),
        )
        + _E,
        "'{p}' is a guess about why, and guesses are easy to argue with.",
        _CAMERA,
    ),
    _rule(
        "judging_situation",
        ("situation",),
        rf"{_JUDGING_WORDS}{_E}",
        "'{p}' is a verdict, and your partner may remember it differently.",
        "Try saying what a camera would have caught: the words, the tone, what happened next.",
    ),
)

# The soft opener's "and I'd love …" is the ask itself, and it works best as something
# to do rather than something to stop ("us to stop arguing" is hard to say yes to).
# These apply to that shape's need only.
_WHAT_TO_DO = "A soft opener asks for what you'd love instead: 'us to plan one evening this week'."
_SOFT_OPENER_RULES: tuple[_Rule, ...] = (
    _rule(
        "negative_ask",
        ("need",),
        rf"(?:stop|quit)\s+(?:\w+ing|it|that|this){_E}",
        "'{p}' asks for something to end, which is hard to say yes to.",
        _WHAT_TO_DO,
    ),
    _rule(
        "negative_ask",
        ("need",),
        rf"(?:to\s+not|not\s+to|to\s+never|never\s+to)(?!\s+(?:worry|mind|rush|hurry){_E})"
        rf"\s+\w+{_E}",
        "'{p}' names what you'd rather not have, more than what you'd love.",
        _WHAT_TO_DO,
    ),
    _rule(
        "negative_ask",
        ("need",),
        rf"no\s+more(?=\s+(?!than{_E})\w)",
        "'{p}' asks for something to end, which is hard to say yes to.",
        _WHAT_TO_DO,
    ),
)
_SHAPE_RULES: dict[tuple[str, str], tuple[_Rule, ...]] = {
    ("gentle_startup", "need"): _SOFT_OPENER_RULES,
}

# When two flags cover the same words, only the one earlier in this list is kept,
# so the writer gets one clear nudge per spot rather than a pile-up.
FLAG_CODES: tuple[str, ...] = (
    "label",
    "your_fault",
    "you_make_me",
    "demand",
    "negative_ask",
    "thought_not_feeling",
    "always_never",
    "blame_feeling",
    "sarcasm_or_contempt",
    "judging_situation",
)
"""Every code :func:`check` can report, the most important first."""

_PRIORITY = {code: rank for rank, code in enumerate(FLAG_CODES)}
_RULES_BY_FIELD: dict[str, tuple[_Rule, ...]] = {
    name: tuple(rule for rule in _RULES if name in rule.fields) for name in FIELDS
}
_CLAUSE_ENDS = frozenset(".!?;:,…\n")
_CLAUSE_FILLERS = frozenset({"and", "so", "just", "please", "now", "ok", "okay"})
_PHRASE_LIMIT = 40


def _is_word_char(char: str) -> bool:
    # The same test the regex engine uses for \w.
    return char.isalnum() or char == "_"


def _starts_word(text: str, i: int) -> bool:
    """Whether a match at ``i`` begins a whole word ("used" but not the end of "amused")."""
    if i == 0 or not _is_word_char(text[i]):
        return True
    before = text[i - 1]
    if _is_word_char(before):
        return False
    return not (before == "'" and i >= 2 and _is_word_char(text[i - 2]))


def _starts_clause(text: str, i: int) -> bool:
    """Whether ``i`` begins a clause, allowing a couple of lead-ins like "so" or "please"."""
    for _ in range(3):
        j = i
        while j > 0 and text[j - 1].isspace():
            j -= 1
            if text[j] == "\n":
                return True
        if j == 0 or text[j - 1] in _CLAUSE_ENDS:
            return True
        k = j
        while k > 0 and (_is_word_char(text[k - 1]) or text[k - 1] == "'"):
            k -= 1
        if text[k:j] not in _CLAUSE_FILLERS:
            return False
        i = k
    return False


def _matches(rule: _Rule, text: str) -> list[tuple[int, int]]:
    """Where ``rule`` applies in the folded ``text``, as (start, end) pairs."""
    pattern = rule.pattern
    if rule.anchor == "field":
        start = len(text) - len(text.lstrip())
        match = pattern.match(text, start)
        return [match.span()] if match and match.end() > start else []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        start, end = match.span()
        if (
            end > start
            and _starts_word(text, start)
            and (rule.anchor != "clause" or _starts_clause(text, start))
            and not (rule.not_after and rule.not_after.search(text, max(0, start - 24), start))
        ):
            spans.append((start, end))
            pos = end
        else:
            # Search again from the next character: a real match may overlap this one.
            pos = start + 1
    return spans


def _phrase(text: str) -> str:
    """The matched words as they appear in a message: one line, short, capital first."""
    phrase = " ".join(text.split())
    if len(phrase) > _PHRASE_LIMIT:
        phrase = phrase[: _PHRASE_LIMIT - 1].rstrip() + "…"
    return phrase[:1].upper() + phrase[1:]


def _check_field(name: str, raw: str, extra: tuple[_Rule, ...] = ()) -> list[Flag]:
    text = raw.translate(_FOLD)
    found = sorted(
        (
            (_PRIORITY[rule.code], start, end, rule)
            for rule in (*_RULES_BY_FIELD[name], *extra)
            for start, end in _matches(rule, text)
        ),
        key=lambda item: item[:3],
    )
    kept: list[Flag] = []
    # The kept spans never overlap, so sorted by start they are sorted by end too.
    starts: list[int] = []
    ends: list[int] = []
    for _, start, end, rule in found:
        at = bisect_right(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        under = _UNDERNEATH.get(" ".join(text[start:end].split()), _UNDERNEATH_DEFAULT)
        kept.append(
            Flag(
                code=rule.code,
                field=name,
                start=start,
                end=end,
                message=rule.message.format(p=_phrase(_normalise(raw[start:end]))),
                suggestion=rule.suggestion.format(under=under),
            )
        )
    kept.sort(key=lambda flag: (flag.start, flag.end))
    return kept


def check(parts: StatementParts) -> list[Flag]:
    """Gently point out blaming or sweeping phrases, in field order and then by position.

    Matching ignores case, treats curly and straight apostrophes alike and only
    matches whole words, so "amused" is never mistaken for "used". Some shapes
    look for a little more: the soft opener's ask should be something to do,
    not something to stop.
    """
    flags: list[Flag] = []
    for name in FIELDS:
        text = getattr(parts, name)
        if text:
            flags.extend(_check_field(name, text, _SHAPE_RULES.get((parts.variant, name), ())))
    return flags
