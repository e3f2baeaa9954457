"""The figures of the table, one module each, found automatically.

To add a figure, add a module here that defines ``FIGURE = Figure(number,
title, run)``; ``run(ctx)`` returns its rows (a row with ``not_measured``
set says why it could not be measured). Figures are shown by number.
"""

from __future__ import annotations

import importlib
import pkgutil

from bench.core import Figure


def all_figures() -> list[Figure]:
    """Every figure module's ``FIGURE``, in number order."""
    figures = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        figure = getattr(module, "FIGURE", None)
        if isinstance(figure, Figure):
            figures.append(figure)
    return sorted(figures, key=lambda figure: figure.number)
