"""``python -m bench``: run every figure and print one table."""

import sys

from bench.cli import main

sys.exit(main())
