"""The ``workbook`` command.

Arguments are parsed before anything heavy is imported: ``--help``,
``--version``, ``validate``, ``sample-data``, ``export`` and ``import`` never
load Textual.

Everything printed goes through :func:`_say` (a line) or :func:`_to_stdout`
(an export), which show control characters in names, answers, keys and paths
as visible placeholders (``workbook.terminal``), and which stop quietly when
the reader of the output has gone (``| head``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from workbook import __version__, paths
from workbook.crash import crash_details, crash_message, keep_crash_report
from workbook.terminal import visible

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from workbook.app import WorkbookApp

DESCRIPTION = """\
Couple Workbook: exercises for two partners, answered together at one
keyboard and kept in one file on this computer. Run it with no command to
open the workbook.
"""


def _workbook_file() -> str:
    return (
        f"Your workbook file is {paths.default_db_path()}. Change it with --db PATH or "
        "the WORKBOOK_DB environment variable."
    )


def _own_exercises() -> str:
    return (
        f"Your own exercises go in {paths.user_content_dir()}, or name another folder "
        "with --content DIR."
    )


def _top_notes() -> list[str]:
    return [
        _workbook_file(),
        _own_exercises(),
        "For more about one command: workbook COMMAND --help",
    ]


EXPORT_DESCRIPTION = """\
Write your answers out.

Markdown (the default) is a document to read or print, session by session.
It leaves the text of private answers out unless you add --include-private.

JSON (--format json) is a complete backup that `workbook import` can read
back; it needs -o FILE.

If the workbook is locked with a passphrase, you are asked for it (or give
--passphrase-file). Its JSON backup is then locked too, with the same
passphrase and recovery key; --plain writes it unlocked instead. A Markdown
document is never locked: it is meant to be read.

Files are written readable by you alone. Export works while the app is open.
"""

EXPORT_NOTES = [
    "--partner takes a or b (the first and second of you at set-up), or a name "
    "as you typed it then, in any case. Put a name with spaces in quotes; a name "
    "that starts with - goes after an equals sign: --partner=-jo",
    "Examples:\n"
    "  workbook export -o ours.md\n"
    '  workbook export --session 3 --partner "Mary Ann"\n'
    "  workbook export --format json -o backup.json",
]


class _Paragraphs(argparse.HelpFormatter):
    """Help wrapped to the terminal's width, paragraph by paragraph.

    Paragraphs are separated by a blank line and stay apart; a block with an
    indented line (examples) is kept as written. Paths and hyphenated words
    are never broken across lines, so a path can be copied whole.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
        filled = []
        for block in blocks:
            if any(line[:1].isspace() for line in block.splitlines()):
                filled.append(textwrap.indent(block, indent))
            else:
                filled.append(
                    textwrap.fill(
                        " ".join(block.split()), width, initial_indent=indent,
                        subsequent_indent=indent, break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
        return "\n\n".join(filled)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()), width, break_long_words=False, break_on_hyphens=False
        )


class _Parser(argparse.ArgumentParser):
    """A parser whose help keeps paragraphs apart and works out paths only when shown.

    ``notes`` gives the epilog's paragraphs; it is called only when help is
    actually printed, since finding the data folders costs a little.
    """

    def __init__(
        self, *args: Any, notes: Callable[[], list[str]] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("formatter_class", _Paragraphs)
        super().__init__(*args, **kwargs)
        self.notes = notes
        """The epilog's paragraphs, worked out when help is shown (None: no epilog)."""

    def format_help(self) -> str:
        """The help text, with the notes worked out now."""
        if self.epilog is None and self.notes is not None:
            self.epilog = "\n\n".join(self.notes())
        return super().format_help()

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # Help shows the data folders and usage errors quote arguments as
        # typed: either can hold control characters.
        super()._print_message(visible(message, newlines=True), file)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``workbook`` command."""
    parser = _Parser(prog="workbook", description=DESCRIPTION, notes=_top_notes)
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="the workbook file to open (default: see below)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="a folder of your own exercises to add to ours",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check content files and list any problems",
        description="Check exercise content. Prints file:line: message for each problem "
        "and exits 1 if there is any.",
        notes=lambda: [_own_exercises()],
    )
    validate.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="a content folder (default: the shipped content plus your own folder)",
    )

    sample = commands.add_parser(
        "sample-data",
        help="write a made-up history, for demos and benchmarks",
        description="Write a realistic made-up history of two partners into a new file. "
        "Refuses to touch a file that already has content.",
    )
    sample.add_argument(
        "--db", dest="sample_db", type=Path, required=True, metavar="PATH",
        help="the new file to write",
    )
    sample.add_argument(
        "--answers", type=int, required=True, metavar="N", help="how many answers to make up"
    )
    sample.add_argument(
        "--seed", type=int, default=1, metavar="S",
        help="another seed makes another history (default: 1)",
    )
    sample.add_argument(
        "--passphrase-file", type=Path, metavar="FILE",
        help="lock the new file with the passphrase in FILE (no recovery key is made)",
    )

    export = commands.add_parser(
        "export",
        help="write your answers out as Markdown to read or print, or as a JSON backup",
        description=EXPORT_DESCRIPTION,
        notes=lambda: [*EXPORT_NOTES, _workbook_file()],
    )
    export.add_argument(
        "--db", dest="export_db", type=Path, metavar="PATH",
        help="the workbook file to export (default: see below)",
    )
    export.add_argument(
        "--format", choices=("markdown", "json"), default="markdown",
        help="markdown to read (the default) or json as a backup",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help='the file to write (without it, or with "-", Markdown goes to the screen)',
    )
    export.add_argument("--session", type=int, metavar="N", help="only session number N")
    export.add_argument(
        "--partner",
        metavar="WHO",
        help="only one partner's answers: a, b, or a name (see below)",
    )
    export.add_argument(
        "--include-private", action="store_true", help="include the text of private answers"
    )
    export.add_argument(
        "--plain", action="store_true",
        help="write a JSON backup of a locked workbook unlocked (it then holds every answer "
        "in the clear)",
    )
    _passphrase_file_option(export)

    import_ = commands.add_parser(
        "import",
        help="merge a JSON backup or another workbook file into your workbook",
        description="Merge a JSON backup or another workbook file into your workbook, "
        "answer by answer. Answers you already have are skipped, so importing twice adds "
        "nothing.\n\nThe workbook must not be open in the app or in use by another command.",
        notes=lambda: [_workbook_file()],
    )
    import_.add_argument(
        "file", type=Path, metavar="FILE", help="a JSON backup or another workbook file"
    )
    import_.add_argument(
        "--db", dest="import_db", type=Path, metavar="PATH",
        help="the workbook to merge into (default: see below)",
    )
    import_.add_argument(
        "--passphrase-file", type=Path, metavar="PPFILE",
        help="the passphrase of the workbook (--db), if it is locked. If FILE is locked too "
        "and --source-passphrase-file is not given, this passphrase is tried on FILE "
        "as well (a backup of this workbook has the same one)",
    )
    import_.add_argument(
        "--source-passphrase-file", type=Path, metavar="PPFILE",
        help="the passphrase of FILE, if FILE is locked. If the workbook is locked too and "
        "--passphrase-file is not given, this passphrase is tried on the workbook as well",
    )
    _add_passphrase_commands(commands)
    return parser


def _passphrase_file_option(command: argparse.ArgumentParser) -> None:
    """``--passphrase-file``: how a script gives a locked workbook's passphrase."""
    command.add_argument(
        "--passphrase-file", type=Path, metavar="FILE",
        help="if the workbook is locked, read its passphrase from FILE (without it, you are "
        "asked, with nothing shown as you type)",
    )


PASSPHRASE_DESCRIPTION = """\
Lock your workbook with a passphrase, change it, or take it off.

A locked workbook is kept encrypted on disk: someone who copies the file, or
finds this computer, can't read your answers without the passphrase. It does
not hide anything from someone who knows the passphrase (your partner needs
it too), nor from someone watching the screen. See docs/data-format.md.

The passphrase is asked for without showing what you type. For scripts,
--passphrase-file names a file that holds it (a line end at its very end
is dropped); it is never taken from the command line or the environment.

The app asks for the passphrase when it starts; export and import ask for it
too, or take --passphrase-file. A JSON backup of a locked workbook is locked
with the same passphrase unless you ask for --plain.
"""


def _add_passphrase_commands(commands: Any) -> None:
    """``workbook passphrase set|change|remove``."""
    passphrase = commands.add_parser(
        "passphrase",
        help="lock the workbook with a passphrase, change it or remove it",
        description=PASSPHRASE_DESCRIPTION,
        notes=lambda: [_workbook_file()],
    )
    actions = passphrase.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (
        ("set", "lock the workbook with a new passphrase and show a recovery key once"),
        ("change", "replace the passphrase (the recovery key stays the same)"),
        ("remove", "unlock the workbook for good: it is kept on disk unencrypted again"),
    ):
        action = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        action.add_argument(
            "--db", dest="passphrase_db", type=Path, metavar="PATH",
            help="the workbook file (default: see workbook --help)",
        )
        action.add_argument(
            "--passphrase-file", type=Path, metavar="FILE",
            help="read the passphrase (for change and remove: the current one) from FILE "
            "instead of asking",
        )
        if name == "change":
            action.add_argument(
                "--new-passphrase-file", type=Path, metavar="FILE",
                help="read the new passphrase from FILE instead of asking",
            )
        if name == "set":
            action.add_argument(
                "--no-recovery-key", action="store_true",
                help="make no recovery key: then only the passphrase opens the workbook",
            )


def _say(line: str, *, err: bool = False) -> None:
    """Print one line of output to stdout (or stderr), control characters shown, not obeyed.

    Every message the command prints comes through here, because most of
    them hold data: names, content keys, file paths. A newline inside
    ``line`` is shown as a placeholder too: the line is one line.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        print(visible(line), file=stream)
    except BrokenPipeError:
        _reader_gone(stream)


def _fail(message: str) -> int:
    _say(f"workbook: {message}", err=True)
    return 1


def _secret_from(passphrase_file: Path | None):  # -> Secret | None
    """The passphrase in ``passphrase_file`` as a Secret; None without a file.

    Raises PassphraseProblem if the file can't be read.
    """
    if passphrase_file is None:
        return None
    from workbook.envelope import Secret
    from workbook.passphrase import read_passphrase_file

    return Secret(passphrase=read_passphrase_file(passphrase_file))


def _ask_secret(name: str, option: str = "--passphrase-file"):  # -> Secret
    """Ask for the passphrase of the locked ``name`` with nothing shown as it is typed.

    Only on a terminal: a script is told to give ``option`` instead (a
    passphrase is never taken from the command line or the environment).
    Raises PassphraseProblem when it can't be asked or nothing was typed.
    """
    from workbook.envelope import Secret
    from workbook.passphrase import PassphraseProblem

    if not sys.stdin.isatty():
        raise PassphraseProblem(
            f"{name} is locked with a passphrase. Nothing was changed: give its passphrase "
            f"with {option} FILE (on a terminal you are asked for it)."
        )
    try:
        typed = _prompt(f"Passphrase of {name} (or its recovery key): ", option)
    except EOFError:
        typed = ""
    if not typed:
        raise PassphraseProblem("no passphrase was typed, so nothing was done")
    return Secret(passphrase=typed)


class StoppedAtPrompt(KeyboardInterrupt):
    """ctrl+c at a passphrase prompt: nothing had been changed yet."""


def _prompt(question: str, option: str) -> str:
    """Ask ``question`` without showing what is typed, on a terminal only.

    Without one (a script, a pipe) it refuses, naming ``option``, instead
    of reading the passphrase with its echo on (what ``getpass`` falls back
    to, with a warning). Raises PassphraseProblem then, StoppedAtPrompt on
    ctrl+c, EOFError on ctrl+d.
    """
    import getpass

    from workbook.passphrase import PassphraseProblem

    if not sys.stdin.isatty():
        raise PassphraseProblem(
            f"a passphrase is needed and there is no terminal to ask it on, so nothing was "
            f"changed: give it with {option} FILE"
        )
    try:
        return getpass.getpass(question)
    except KeyboardInterrupt:
        raise StoppedAtPrompt() from None


PLAIN_BACKUP_WARNING = (
    "workbook: warning: {name} is NOT locked. It holds every answer in the clear, "
    "private ones too: anyone who gets the file can read it. Keep it somewhere safe and "
    "delete it when you are done (a deleted file may still linger on the disk)."
)

IMPORTED_IN_THE_CLEAR = (
    "workbook: warning: {name} is locked with a passphrase, but your workbook {db} is NOT: "
    "the answers imported from it are now kept on disk in the clear, private ones too. "
    "To lock your workbook, use `workbook passphrase set`."
)

MARKDOWN_WARNING = (
    "workbook: note: your workbook is locked, but {name} is not: it is a document to "
    "read, and anyone who gets the file can read it. Keep it somewhere safe, and delete "
    "it when you no longer need it."
)


def cmd_validate(args: argparse.Namespace) -> int:
    """Print content problems; 0 when there are none."""
    from workbook.content import validate

    target: Path | None = args.dir
    if target is not None and not target.is_dir():
        return _fail(f"{target} is not a folder")
    user_dir = args.content if args.content is not None else paths.user_content_dir()
    errors = validate(target, user_dir=user_dir)
    for error in errors:
        _say(str(error))
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        _say(f"{len(errors)} {noun} found.", err=True)
        return 1
    _say("Content is valid.")
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    """Write a synthetic history into a new workbook file."""
    from workbook.sample import SampleDataRefused, write_sample_data
    from workbook.storage import StorageError

    if args.answers < 0:
        return _fail("--answers must be zero or more")
    ring = None
    try:
        if args.passphrase_file is not None:
            from workbook import envelope
            from workbook.passphrase import PassphraseProblem, passphrase_problem

            secret = _secret_from(args.passphrase_file)
            problem = passphrase_problem(secret.passphrase)
            if problem:
                raise PassphraseProblem(problem)
            ring = envelope.new_key_ring(
                secret.passphrase, recovery=False, cost=envelope.DEFAULT_COST
            )[0]
        written = write_sample_data(
            args.sample_db, answers=args.answers, seed=args.seed, ring=ring
        )
    except (SampleDataRefused, StorageError) as error:
        return _fail(str(error))
    locked = " (locked with the passphrase)" if ring is not None else ""
    _say(f"Wrote {written} answers to {args.sample_db}{locked}.")
    return 0


def _db_path(args: argparse.Namespace, own: Path | None) -> Path:
    """The workbook a command works on: its own --db, the global --db, or the default."""
    return own or args.db or paths.default_db_path()


def cmd_export(args: argparse.Namespace) -> int:
    """Write the answers out as Markdown or as a JSON backup.

    Markdown, on the screen or in a file, shows control characters as
    placeholders: it is a document to read. A JSON backup stays lossless: to
    a file exactly as typed, to the screen with DEL and C1 escaped too.
    """
    from workbook import envelope, export
    from workbook.storage import (
        DamagedLockedWorkbook,
        StorageError,
        WorkbookIsLocked,
        check_export_target,
        read_snapshot_and_ring,
        write_private_file,
    )

    db = _db_path(args, args.export_db)
    output = None if args.output in (None, "-") else Path(args.output)
    if args.plain and args.format != "json":
        return _fail("--plain is for a JSON backup; a Markdown document is never locked")
    if args.format == "json":
        if args.session is not None or args.partner is not None or args.include_private:
            return _fail(
                "--session, --partner and --include-private are for Markdown; "
                "a JSON backup always holds everything"
            )
        if args.output is None:
            return _fail(
                "a JSON backup needs a file to go to: add -o FILE (or -o - for the screen)"
            )
    if output is not None:
        try:
            check_export_target(output, db)  # the same check as Review's export dialog
        except StorageError as error:
            return _fail(str(error))
        if output.is_dir():
            return _fail(f"{output} is a folder; name a file to write to")
    try:
        try:
            tables, ring = read_snapshot_and_ring(db, secret=_secret_from(args.passphrase_file))
        except DamagedLockedWorkbook:
            raise  # no passphrase opens a damaged file: it is told as it is
        except WorkbookIsLocked:
            tables, ring = read_snapshot_and_ring(db, secret=_ask_secret(db.name))
        snapshot = export.snapshot_from_tables(tables)
    except StorageError as error:
        return _fail(str(error))
    warning = None
    if args.format == "json":
        payload = export.to_json(snapshot)
        if ring is not None and not args.plain:
            # The same envelope and key slots as the workbook: its passphrase and
            # its recovery key open the backup too, and import asks for them.
            payload = envelope.seal(payload, ring)
            if output is None and sys.stdout.isatty():
                return _fail(
                    "a locked backup can't be shown on the screen: add -o FILE "
                    "(or --plain to write it unlocked)"
                )
            on_screen = payload if output is None else b""
        else:
            on_screen = export.json_for_terminal(payload) if output is None else b""
            if ring is not None:
                warning = PLAIN_BACKUP_WARNING
    else:
        partner = None
        if args.partner is not None:
            try:
                partner = export.partner_key(snapshot, args.partner)
            except export.UnknownPartner as error:
                return _fail(str(error))
        content = _content_for_export(args)
        if args.session is not None:
            numbers = sorted(s.number for s in content.sessions) if content else []
            if args.session not in numbers:
                if not numbers:
                    return _fail("sessions can't be found because the content has problems")
                return _fail(
                    f"there is no session {args.session}; "
                    f"the sessions are numbered {numbers[0]} to {numbers[-1]}"
                )
        text = export.to_markdown(
            snapshot,
            content,
            session=args.session,
            partner=partner,
            include_private=args.include_private,
        )
        payload = text.encode("utf-8")  # controls already shown as placeholders
        on_screen = payload if output is None else b""
        if ring is not None and (output is not None or not sys.stdout.isatty()):
            # Asked for by name, so written; but a locked workbook's owner should
            # not come away thinking its document is locked too.
            warning = MARKDOWN_WARNING
    name = str(output) if output is not None else "the output"
    if output is None:
        code = _to_stdout(on_screen)
        if warning:
            _say(warning.format(name=name), err=True)
        return code
    try:
        write_private_file(output, payload)
    except OSError as error:
        return _fail(f"{output} could not be written ({error.strerror or 'unknown error'})")
    if ring is not None and args.format == "json" and not args.plain:
        also = " (its recovery key opens it too)" if ring.has_recovery_key else ""
        _say(f"Wrote {output}, locked with the workbook's passphrase{also}.", err=True)
    else:
        _say(f"Wrote {output}.", err=True)
    if warning:
        _say(warning.format(name=name), err=True)
    return 0


def _content_for_export(args: argparse.Namespace):  # -> Content | None
    """The content for titles; None (exercises shown by id) if it has problems."""
    from workbook.content import ContentInvalid, load_content

    user_dir = args.content if args.content is not None else paths.user_content_dir()
    try:
        return load_content(user_dir)
    except ContentInvalid:
        _say(
            "workbook: the content has problems (see `workbook validate`), "
            "so exercises are shown by their ids",
            err=True,
        )
        return None


def _to_stdout(payload: bytes) -> int:
    """Write an export, already made safe for a terminal, to stdout; 0."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone(sys.stdout)
    return 0


def _reader_gone(stream: IO[str]) -> None:
    """The reader of ``stream`` stopped early (``| head -1``): send the rest to nowhere.

    What is still buffered would be flushed again at exit, fail again, and
    Python would print "Exception ignored ... BrokenPipeError" and exit 120.
    Pointing the stream's descriptor at the null device lets that last flush
    succeed quietly, and the command exits with the status of its work.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # a stream with no descriptor (tests capture output)
        pass
    finally:
        os.close(devnull)


def _flush_stdout() -> None:
    """Flush stdout now, while a closed pipe can still be handled quietly."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone(sys.stdout)


def cmd_import(args: argparse.Namespace) -> int:
    """Merge a JSON export or another workbook file into the workbook."""
    from workbook.importing import (
        ImportRefused,
        SourceLocked,
        WorkbookNeedsPassphrase,
        merge_source,
        read_source,
    )
    from workbook.storage import StorageError

    db = _db_path(args, args.import_db)
    name = args.file.name or str(args.file)
    try:
        given = _secret_from(args.passphrase_file)
        source_secret = _secret_from(args.source_passphrase_file) or given
        try:
            source = read_source(args.file, secret=source_secret)
        except SourceLocked:
            if source_secret is not None:
                raise
            source_secret = _ask_secret(name, "--source-passphrase-file")
            source = read_source(args.file, secret=source_secret)
        # A backup of this very workbook has its passphrase: try that before asking.
        secret = given or source_secret
        try:
            report = merge_source(source, name, db, secret=secret)
        except WorkbookNeedsPassphrase:
            if given is not None:
                raise
            report = merge_source(source, name, db, secret=_ask_secret(db.name))
    except (ImportRefused, StorageError) as error:
        return _fail(str(error))
    for line in report.summary():
        _say(line)
    if report.changes and report.workbook_locked is False and _starts_locked(args.file):
        _say(IMPORTED_IN_THE_CLEAR.format(name=name, db=db), err=True)
    return 0


def _starts_locked(path: Path) -> bool:
    """True if the file at ``path`` starts like a locked workbook or backup."""
    from workbook import envelope

    try:
        with path.open("rb") as file:
            return envelope.is_locked(file.read(64))
    except OSError:
        return False


def cmd_passphrase(args: argparse.Namespace) -> int:
    """Set, change or remove the workbook's passphrase, each in one atomic rewrite."""
    from workbook import passphrase as pp
    from workbook.storage import StorageError

    db = _db_path(args, args.passphrase_db)

    def given(path: Path | None, question: str) -> str:
        if path is not None:
            return pp.read_passphrase_file(path)
        return _prompt(question, "--passphrase-file")

    def ask_new(question: str) -> str:
        option = "--new-passphrase-file" if args.action == "change" else "--passphrase-file"
        return _prompt(question, option)

    try:
        if args.action == "set":
            if args.passphrase_file is not None:
                new = pp.read_passphrase_file(args.passphrase_file)
            else:
                new = pp.ask_new_passphrase(ask_new)
            outcome = pp.set_passphrase(db, new, recovery=not args.no_recovery_key)
            _say(f"The workbook {db} is now locked with your passphrase.")
            _say("Both of you will need the passphrase to open it.")
            if outcome.recovery_key is not None:
                _say("")
                _say(f"Your recovery key:  {outcome.recovery_key}")
                _say("")
                _say("Write it down on paper now and keep it somewhere safe, away from this "
                     "computer. If the passphrase is forgotten, it opens the workbook instead. "
                     "It is shown only this once.")  # fmt: skip
            _say("")
            _say(pp.FORGOTTEN)
        elif args.action == "change":
            current = given(args.passphrase_file, "Current passphrase (or recovery key): ")
            if args.new_passphrase_file is not None:
                new = pp.read_passphrase_file(args.new_passphrase_file)
            else:
                new = pp.ask_new_passphrase(ask_new)
            outcome = pp.change_passphrase(db, current, new)
            _say(f"The passphrase of {db} is changed. The recovery key, if you made one, "
                 "still opens it.")  # fmt: skip
        else:
            current = given(args.passphrase_file, "Current passphrase (or recovery key): ")
            outcome = pp.remove_passphrase(db, current)
            _say(f"The passphrase is removed: {db} is kept on disk unencrypted again.")
    except (StorageError, EOFError) as error:
        if isinstance(error, EOFError):
            return _fail("no passphrase was typed, so nothing was changed")
        return _fail(str(error))
    for copy in outcome.left:
        _say(f"workbook: {copy.name} beside the workbook could not be rewritten and is as "
             "it was.", err=True)  # fmt: skip
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Open the workbook full screen."""
    from workbook.storage import NotRegularFile, check_workbook_file

    try:
        # Before the app takes over the terminal: a named pipe would block it.
        check_workbook_file(args.db if args.db is not None else paths.default_db_path())
    except NotRegularFile as error:
        return _fail(str(error))
    app = app_class()(db_path=args.db, content_dir=args.content)
    app.run()
    return app.return_code or 0


def app_class() -> type[WorkbookApp]:
    """Import the App for a run, with the garbage collector paused until home is drawn.

    Nearly everything made while starting lives as long as the app (see
    ``workbook.collector``); ``WorkbookApp`` resumes the collector once its
    first screen is drawn.
    """
    from workbook.collector import pause_collector

    pause_collector()
    from workbook.app import WorkbookApp

    return WorkbookApp


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbook`` command."""
    try:
        return _run(argv)
    finally:
        # Also after --help or a usage error (SystemExit): the output may
        # still be buffered, and its reader may be gone.
        _flush_stdout()


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "validate": cmd_validate,
        "sample-data": cmd_sample_data,
        "export": cmd_export,
        "import": cmd_import,
        "passphrase": cmd_passphrase,
        None: cmd_run,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt as stop:
        # The prompt's own line is left unfinished: end it, then say what happened.
        _say("", err=True)
        if isinstance(stop, StoppedAtPrompt):
            _say("Stopped; nothing was changed.", err=True)
        else:
            _say("Stopped.", err=True)
        return 130
    except Exception as error:  # a bug: say so plainly, keep the details in a private file
        for line in crash_message(keep_crash_report(crash_details(error))).split("\n"):
            _say(line, err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
