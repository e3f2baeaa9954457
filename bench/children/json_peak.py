"""Memory child: peak RSS of a bare interpreter, with or without parsing a file.

Usage: ``python json_peak.py base`` or ``python json_peak.py load FILE``

``base`` imports orjson and stops; ``load`` also reads FILE and parses it
with ``orjson.loads`` the way the workbook does (bytes first, then parse).
The difference between the two peaks is what the data itself costs.
"""

import sys
from pathlib import Path

import orjson

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import max_rss_bytes, report, ru_maxrss_bytes
else:
    from _child import max_rss_bytes, report, ru_maxrss_bytes


def main() -> None:
    data = None
    if sys.argv[1] == "load":
        data = orjson.loads(Path(sys.argv[2]).read_bytes())
    report(maxrss=max_rss_bytes(), ru_maxrss=ru_maxrss_bytes(), tables=len(data or {}))


main()
