"""UI-thread handler child: the real app, headless, with our handlers timed where they run.

Usage: ``python handlers_app.py DB CONTENT_DIR WIDTH HEIGHT ROUNDS OUT_JSON [PROFILE_OUT]``

Before the app is imported, every handler of our own screens, dialogs and
widgets is wrapped with a timer that notes how long it held the UI thread:
from the moment it is entered until it returns. What is wrapped:

- every ``@on`` message handler in our modules (``textual.on`` is replaced
  before our screens are imported, so the handlers Textual dispatches are the
  timed ones);
- every plain method our Screen classes (and the App) define, ``compose``
  included (timed step by step, leaving out Textual's work between the
  widgets it yields); ``check_action`` is left out, as it is asked on every
  refresh of the key bindings and only answers yes or no;
- the ``on_*`` and ``action_*`` methods of our widgets (not their drawing).

Only the outermost of nested calls is a sample: ``action_confirm`` calling
``_commit`` is one sample of ``action_confirm``. Calls on other threads (the
saver, workers) are not samples: they never hold the UI thread. Async
handlers are not wrapped, since most of their time is spent awaiting
Textual's mounting. Textual's own layout and painting are not counted.

Each round goes through one exercise and one answer in Review, as a couple
would: from home open the first session, open the private appreciation
exercise in it, go past its first step, hand over to partner A, type and
confirm, hand over to B, type and confirm (which shows both answers side by
side), read them for a few seconds without a key pressed ("reading": the
app's idle garbage collection runs then), stop for today, go back home,
open Review and open its newest answer.
Round 0 is a warm-up (first imports, the first sitting being started); the
parent discards it. Every sample is written to OUT_JSON as
``[round, scenario, handler, seconds]`` under "samples", and every garbage
collection of 1 ms or more as ``[round, scenario, generation, seconds]``
under "collections" (a collection that runs inside a handler is part of
its time; this says when one did).

With PROFILE_OUT, the measured rounds also run under cProfile and its stats
are written there (the times in OUT_JSON are then inflated).
"""

import functools
import gc
import inspect
import json
import sys
import threading
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import fail, report
else:
    from _child import fail, report

SESSION = "foundations"
EXERCISE = "appreciation-exchange"

#: How long the couple read both answers, keys still: longer than the collector waits.
READING_SECONDS = 3.5

#: Never wrapped on screens: asked on every refresh of the bindings, a plain yes or no.
SKIPPED = frozenset({"check_action"})


class Timing:
    """The samples so far, and which part of the round the driver is in."""

    def __init__(self) -> None:
        self.samples: list[list[object]] = []
        self.scenario = "setup"
        self.round = 0
        self.depth = 0
        self.ui_thread = threading.main_thread()
        self.collections: list[list[object]] = []
        """Garbage collections of 1 ms or more: ``[round, scenario, generation, seconds]``."""
        self._collecting_since = 0.0

    def on_collection(self, phase: str, info: dict) -> None:
        """A ``gc.callbacks`` hook: a long collection inside a handler is counted in it."""
        if phase == "start":
            self._collecting_since = time.perf_counter()
            return
        seconds = time.perf_counter() - self._collecting_since
        if seconds >= 0.001:
            self.collections.append([self.round, self.scenario, info["generation"], seconds])

    def note(self, name: str, seconds: float) -> None:
        """Keep one sample of ``name`` for the current scenario and round."""
        self.samples.append([self.round, self.scenario, name, seconds])

    def wrap(self, fn, name: str):
        """``fn`` timed as ``name`` when it is the outermost of our calls on the UI thread."""
        if getattr(fn, "bench_timed", False):
            return fn
        if inspect.isgeneratorfunction(fn):
            wrapper = self._wrap_generator(fn, name)
        else:
            def wrapper(*args, **kwargs):
                if self.depth or threading.current_thread() is not self.ui_thread:
                    return fn(*args, **kwargs)
                self.depth = 1
                start = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    self.depth = 0
                    self.note(name, time.perf_counter() - start)
        timed = functools.wraps(fn)(wrapper)
        setattr(timed, "bench_timed", True)  # noqa: B010  # a mark for the next wrap
        return timed

    def _wrap_generator(self, fn, name: str):
        """A ``compose``: only the time spent inside it counts, summed over its steps."""

        def wrapper(*args, **kwargs):
            if self.depth or threading.current_thread() is not self.ui_thread:
                yield from fn(*args, **kwargs)
                return
            spent = 0.0
            generator = fn(*args, **kwargs)
            thrown: BaseException | None = None
            try:
                while True:
                    self.depth = 1
                    start = time.perf_counter()
                    try:
                        if thrown is None:
                            item = next(generator)
                        else:
                            item, thrown = generator.throw(thrown), None
                    except StopIteration:
                        return
                    finally:
                        spent += time.perf_counter() - start
                        self.depth = 0
                    try:
                        yield item
                    except BaseException as error:  # passed on into the compose, as Textual does
                        thrown = error
            finally:
                self.note(name, spent)

        return wrapper


def install(timing: Timing) -> None:
    """Wrap our handlers; must run before any of our screens is imported."""
    import importlib
    import pkgutil

    import textual

    original_on = textual.on

    def timed_on(*args, **kwargs):
        decorate = original_on(*args, **kwargs)

        def apply(fn):
            if fn.__module__.startswith("workbook.") and not inspect.iscoroutinefunction(fn):
                fn = timing.wrap(fn, fn.__qualname__)
            return decorate(fn)

        return apply

    textual.on = timed_on  # replaced for measuring, before our screens import it

    import workbook.screens
    import workbook.screens.dialogs
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    import workbook.app

    modules = [workbook.app]
    for package in (workbook.screens, workbook.screens.dialogs):
        for info in pkgutil.iter_modules(package.__path__):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    for module in modules:
        for cls in list(vars(module).values()):
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            whole = issubclass(cls, Screen)
            if not (whole or issubclass(cls, App | Widget)):
                continue
            for name, value in list(vars(cls).items()):
                if not inspect.isfunction(value) or inspect.iscoroutinefunction(value):
                    continue
                if whole:
                    wanted = name not in SKIPPED and not name.startswith(("get_", "render")) \
                        and (name == "__init__" or not name.startswith("__"))
                else:
                    wanted = name.startswith(("on_", "action_"))
                if wanted:
                    setattr(cls, name, timing.wrap(value, value.__qualname__))


def main() -> None:
    db, content_dir, width, height, rounds, out_path = sys.argv[1:7]
    profile_out = sys.argv[7] if len(sys.argv) > 7 else None
    timing = Timing()
    install(timing)
    # Noted, so a lone slow call can be told apart from a collector pause that hit it.
    gc.callbacks.append(timing.on_collection)

    from textual.widgets import Button, OptionList, TextArea
    from workbook.screens.dialogs.handoff import HandOffScreen
    from workbook.screens.dialogs.resume import ResumeDialog
    from workbook.screens.exercise import ExerciseScreen
    from workbook.screens.history import HistoryList
    from workbook.screens.home import HomeScreen
    from workbook.screens.review import AnswerScreen, ReviewScreen
    from workbook.screens.session import SessionScreen

    from workbook.cli import app_class

    WorkbookApp = app_class()  # imported the way ``workbook`` imports it
    profiler = None

    async def drive(pilot) -> None:
        nonlocal profiler
        app = pilot.app

        async def until(check, what: str, timeout: float = 60.0) -> None:
            deadline = time.monotonic() + timeout
            while not check():
                if time.monotonic() > deadline:
                    fail(f"{what} never happened (screen: {app.screen!r})")
                await pilot.pause(0.005)

        def steady(selector: str) -> bool:
            """The exercise shows ``selector`` and is not saving (or a dialog is up)."""
            screen = app.screen
            if isinstance(screen, HandOffScreen | ResumeDialog):
                return selector == "dialog"
            if selector == "dialog" or not isinstance(screen, ExerciseScreen):
                return False
            if not screen.query(selector):
                return False
            settled = getattr(screen, "settled", None)  # older engines say so in one word
            return bool(settled) if settled is not None else not screen.saving

        async def settle(selector: str) -> None:
            """Until the exercise has saved and put ``selector`` on screen ("dialog": a dialog)."""
            await until(lambda: steady(selector), f"{selector} on screen")
            await pilot.pause()
            await pilot.pause()

        async def pick(menu_id: str, option_id: str) -> None:
            menu = app.screen.query_one(menu_id, OptionList)
            menu.focus()
            menu.highlighted = menu.get_option_index(option_id)
            await pilot.pause()
            await pilot.press("enter")

        async def click(button: Button) -> None:
            """Press ``button`` from the keyboard: a key is input the app sees."""
            button.focus()
            await pilot.pause()
            await pilot.press("enter")

        async def hand_over() -> None:
            await until(lambda: isinstance(app.screen, HandOffScreen), "the hand-off")
            timing.scenario = "step transition"
            await pilot.press("enter")
            await settle("#answer-text")

        async def answer(text: str, scenario: str, showing: str) -> None:
            timing.scenario = "typing"
            area = app.screen.query_one("#answer-text", TextArea)
            area.focus()
            area.insert(text)
            await pilot.pause()
            timing.scenario = scenario
            await pilot.press("ctrl+s")
            await settle(showing)

        await until(lambda: isinstance(app.screen, HomeScreen), "home", timeout=120)
        await pilot.pause(1.5)  # a person reads home first; Review is prepared meanwhile
        for number in range(int(rounds)):
            if number == 1 and profile_out:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            timing.round = number

            # Open the exercise: home → the session → the exercise, until its first step shows.
            timing.scenario = "open exercise"
            await pick("#home-menu", f"session:{SESSION}")
            await until(lambda: isinstance(app.screen, SessionScreen), "the session screen")
            await pilot.pause()
            await pick("#session-menu", f"exercise:{EXERCISE}")
            await until(lambda: steady("dialog") or steady("#confirm, .choice"), "the exercise")
            await pilot.pause()
            if isinstance(app.screen, ResumeDialog):
                # A half-done attempt (the sample data leaves some): start a new one, which
                # is where a fresh exercise starts its attempt, so it is part of opening.
                await click(app.screen.query_one("#restart", Button))
                await settle("#confirm, .choice")

            # Past the first step (the intro, or "pick up where you left off"), to a hand-off.
            timing.scenario = "step transition"
            restart = app.screen.query("#choice-1")
            if restart:
                await click(restart.first(Button))
            else:
                await pilot.press("ctrl+s")
            await settle("dialog")

            await hand_over()
            await answer("Your patience with me, always.", "confirm", "dialog")
            await hand_over()
            await answer("How you make me laugh on bad days.", "reveal", "#enough")
            if not app.screen.query("RevealView"):
                fail("both answers were not shown side by side")

            # The couple read what each wrote: keys and mouse still for a moment, when
            # the app runs the collector's full walk (``workbook.collector``).
            timing.scenario = "reading"
            await pilot.pause(READING_SECONDS)

            # Stop for today, then back home.
            timing.scenario = "step transition"
            await click(app.screen.query_one("#enough", Button))
            await settle("#finished")
            timing.scenario = "other"
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, SessionScreen), "back to the session")
            await pilot.pause()
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, HomeScreen), "back home")
            await pilot.pause()

            # Review, and its newest answer. Opening Review has its own budget
            # (figure 3), so its handlers are kept apart and not judged here.
            timing.scenario = "open Review"
            app.screen.action_review()
            await until(
                lambda: isinstance(app.screen, ReviewScreen)
                and any(found.rows for found in app.screen.query(HistoryList)),
                "Review",
            )
            await pilot.pause()
            app.screen.query_one(HistoryList).focus()
            timing.scenario = "open answer"
            await pilot.press("enter")
            await until(lambda: isinstance(app.screen, AnswerScreen), "the answer page")
            await pilot.pause()
            timing.scenario = "other"
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, ReviewScreen), "back to Review")
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, HomeScreen), "back home from Review")
            await pilot.pause()

        if profiler is not None and profile_out:
            profiler.disable()
            profiler.dump_stats(profile_out)
        with open(out_path, "w", encoding="utf-8") as out:
            json.dump({"samples": timing.samples, "collections": timing.collections}, out)
        report(rounds=float(rounds), samples=float(len(timing.samples)))

    app = WorkbookApp(db_path=db, content_dir=content_dir)
    app.run(headless=True, size=(int(width), int(height)), auto_pilot=drive)
    fail("the app exited before the measurements were done")


main()
