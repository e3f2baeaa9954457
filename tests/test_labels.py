"""Every step, choice and kind has its words in one place, and dates read the same everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

from workbook import checkins, dates
from workbook.labels import (
    CHOICE_LABELS,
    CLOSING_TITLE,
    STATEMENT_STEP,
    STEP_LABELS,
    choice_buttons,
    step_base,
)
from workbook.review import value_text


def test_every_step_a_screen_saves_under_has_both_wordings() -> None:
    for name in (STATEMENT_STEP, checkins.STEP, "closing", "chunk", "fits", "summary"):
        label = STEP_LABELS[name]
        assert label.review and label.export
    for label in STEP_LABELS.values():
        assert set(label.choices) <= set(CHOICE_LABELS)


def test_a_steps_base_name() -> None:
    assert step_base("mark-2.1") == "mark"
    assert step_base("fits.2") == "fits"
    assert step_base(STATEMENT_STEP) == STATEMENT_STEP


def test_a_buttons_words_are_the_words_review_reads_back() -> None:
    assert choice_buttons("got_it", "not_quite") == (
        ("got_it", "Yes, that's it"), ("not_quite", "Not quite")
    )
    assert CHOICE_LABELS["more"].review == "there's more"


def test_review_reads_choices_and_check_ins_in_the_shared_words() -> None:
    assert value_text("got_it") == CHOICE_LABELS["got_it"].review
    assert value_text("an answer of its own") == "an answer of its own"
    shown = value_text({"trust": 7, "openness": 5, "note": "ok"})
    assert shown == "trust 7, openness and honesty 5, note ok"
    assert CLOSING_TITLE == "Closing the session"


def test_long_dates() -> None:
    assert dates.long_date("2025-03-14T19:02:00+00:00") == "14 March 2025"
    assert dates.long_date("2026-11-01") == "1 November 2026"
    assert dates.long_date("not a date at all") == "not a date"
    assert dates.long_date(None) == "None"


def test_short_dates_are_local_and_may_say_today() -> None:
    noon = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
    local = noon.astimezone()
    expected = f"{local.day} {dates.MONTHS[local.month - 1][:3]} {local.year}"
    assert dates.short_date(noon.isoformat()) == expected
    assert dates.short_date(noon.isoformat(), today=local.date()) == "today"
    assert dates.short_date("2026-11-03T12:00:00") == "3 Nov 2026"  # no zone: taken as local
    assert dates.short_date("whenever") == dates.UNKNOWN_DAY
    assert checkins.day_label("2026-05-04T12:00:00", today=date(2026, 11, 1)) == "4 May 2026"


def test_a_files_own_time_reads_the_same_in_any_locale() -> None:
    moment = datetime(2025, 3, 4, 9, 5)
    assert dates.local_moment(moment) == "4 March 2025 at 09:05"
