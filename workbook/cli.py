"""The ``workbook`` command.

Arguments are parsed before anything heavy is imported: ``--help``,
``--version``, ``validate`` and ``sample-data`` never load Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import __version__, paths

DESCRIPTION = """\
Couple Workbook: exercises for two partners, answered together at one
keyboard and kept in one file on this computer. Run it with no command to
open the workbook.
"""


def _epilog() -> str:
    return (
        f"Your workbook file: {paths.default_db_path()}\n"
        f"  (change it with --db PATH or the WORKBOOK_DB environment variable)\n"
        f"Your own exercises: {paths.user_content_dir()}\n"
        f"  (or name a folder with --content DIR)"
    )


class _Parser(argparse.ArgumentParser):
    """Works out the data locations only when help is actually shown."""

    def format_help(self) -> str:
        if self.epilog is None:
            self.epilog = _epilog()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``workbook`` command."""
    parser = _Parser(
        prog="workbook",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    )
    validate.add_argument(
        "dir",
        nargs="?",
        type=Path,
        help="a content folder (default: the shipped content plus your own folder)",
    )

    sample = commands.add_parser(
        "sample-data",
        help="write a made-up history, for demos and benchmarks",
        description="Write a realistic made-up history of two partners into a new file. "
        "Refuses to touch a file that already has content.",
    )
    sample.add_argument("--db", dest="sample_db", type=Path, required=True, metavar="PATH")
    sample.add_argument("--answers", type=int, required=True, metavar="N")
    sample.add_argument("--seed", type=int, default=1, metavar="S")
    return parser


def _fail(message: str) -> int:
    print(f"workbook: {message}", file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    """Print content problems; 0 when there are none."""
    from workbook.content import validate

    target: Path | None = args.dir
    if target is not None and not target.is_dir():
        return _fail(f"{target} is not a folder")
    user_dir = args.content if args.content is not None else paths.user_content_dir()
    errors = validate(target, user_dir=user_dir)
    for error in errors:
        print(error)
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        print(f"{len(errors)} {noun} found.", file=sys.stderr)
        return 1
    print("Content is valid.")
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    """Write a synthetic history into a new workbook file."""
    from workbook.sample import SampleDataRefused, write_sample_data
    from workbook.storage import StorageError

    if args.answers < 0:
        return _fail("--answers must be zero or more")
    try:
        written = write_sample_data(args.sample_db, answers=args.answers, seed=args.seed)
    except (SampleDataRefused, StorageError) as error:
        return _fail(str(error))
    print(f"Wrote {written} answers to {args.sample_db}.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Open the workbook full screen."""
    from workbook.app import WorkbookApp

    app = WorkbookApp(db_path=args.db, content_dir=args.content)
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbook`` command."""
    args = build_parser().parse_args(argv)
    handlers = {
        "validate": cmd_validate,
        "sample-data": cmd_sample_data,
        None: cmd_run,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
