"""``python -m workbook`` runs the same command as ``workbook``."""

import sys

from workbook.cli import main

sys.exit(main())
