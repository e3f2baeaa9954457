"""What happens when something unexpected goes wrong: a plain message and a private report.

Used by the command line and by the app alike, so it imports neither.
"""

from __future__ import annotations

from pathlib import Path

from workbook import __version__, paths

CRASH_REPORT = "crash-report.txt"


def crash_details(error: BaseException) -> list[str]:
    """Where ``error`` happened and what kind of error it was, for a bug report.

    Only file names, line numbers, code and exception types: an exception's
    message and a frame's variables are left out, because they could quote
    an answer.
    """
    import traceback

    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and not any(current is seen for seen in chain):
        chain.append(current)
        wrapped = getattr(current, "error", None)  # Textual's WorkerFailed wraps the real one
        current = (
            current.__cause__
            or current.__context__
            or (wrapped if isinstance(wrapped, BaseException) else None)
        )
    lines: list[str] = []
    for exc in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_list(traceback.extract_tb(exc.__traceback__))
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}\n\n")
    return lines


def keep_crash_report(details: list[str]) -> Path | None:
    """Write ``details`` to a private file in the data folder; None if that fails too."""
    from workbook.storage import make_private_folder, write_private_file

    header = (
        f"Couple Workbook {__version__} stopped because of an unexpected error.\n"
        "What the error said, and the values the program was working with, are left\n"
        "out on purpose: they could quote your answers. The rest helps to fix it.\n\n"
    )
    path = paths.data_dir() / CRASH_REPORT
    try:
        make_private_folder(path.parent)
        write_private_file(path, (header + "".join(details)).encode("utf-8"))
    except Exception:
        return None
    return path


def crash_message(report: Path | None) -> str:
    """What to say after an unexpected error: plainly, with no technical detail."""
    message = (
        "workbook: something went wrong that the workbook did not expect, so it stopped. "
        "Sorry. Everything you confirmed is saved in your workbook file (at most the last "
        "second of typing may be missing), and the file is not damaged."
    )
    if report is not None:
        message += f"\nDetails for a bug report, without any of your answers: {report}"
    return message
