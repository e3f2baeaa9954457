"""Child process for test_storage_kill.py: saves answers until it is killed.

    PYTHONPATH=<repo> python tests/storage_writer.py DB [PASSPHRASE_FILE]

Opens DB with ``open_database``, prints ``ready``, then performs op 0, 1,
2, ... (see ``op``) and prints ``ack <i> <doc id>`` only after that save has
returned. The parent sends SIGKILL at a random moment and checks that the
file holds the state after the last acknowledged op, or after the one that
was in flight. The writer stops by itself after ``LIMIT_SECONDS`` in case
the parent is gone. With PASSPHRASE_FILE, DB is a locked workbook opened
with the passphrase in that file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workbook.envelope import Secret
from workbook.storage import open_database

EDITED = 1  #: the answer that every update rewrites
LONG = "a longer answer " * 256  #: ~4 KB, so the file grows and shrinks
LIMIT_SECONDS = 60


def op(i: int) -> tuple[str, dict]:
    """Op ``i``: ("insert", new doc) every fifth op, else ("update", fields of EDITED)."""
    if i % 5 == 4:
        # Every field an answer must have (workbook.schema), or the workbook won't open.
        return "insert", {
            "uuid": f"inserted-{i}", "exercise": "ex", "step": "step", "partner": "a",
            "created": "2026-01-01T10:00:00+00:00", "value": f"inserted by op {i}", "rev": i,
        }
    text = LONG if i % 2 else "short"
    return "update", {"value": f"rev {i}: {text}", "rev": i}


def main(path: str, passphrase_file: str | None = None) -> None:
    """Open the workbook and save in a loop, acknowledging each save."""
    secret = None
    if passphrase_file is not None:
        secret = Secret(passphrase=Path(passphrase_file).read_text(encoding="utf-8"))
    opened = open_database(path, secret=secret)
    answers = opened.db.table("answers")
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    deadline = time.monotonic() + LIMIT_SECONDS
    i = 0
    while time.monotonic() < deadline:
        kind, fields = op(i)
        if kind == "insert":
            doc_id = answers.insert(fields)
        else:
            answers.update(fields, doc_ids=[EDITED])
            doc_id = EDITED
        out.write(f"ack {i} {doc_id}\n")
        out.flush()
        i += 1
    opened.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
