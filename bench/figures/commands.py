"""Figure 6: ``workbook validate`` and ``workbook export`` wall time, against ``python -c pass``.

Neither has a time budget; both must not import Textual, which the verdict
checks. Export is measured on the 20,000-answer file once the CLI has it.
"""

from __future__ import annotations

from bench import commands
from bench.core import BenchError, Context, Figure, Row

TITLE = "workbook commands"


def _row(ctx: Context, label: str, key: str, args: list[str], size: int | None) -> Row:
    try:
        samples = commands.measure(ctx, key, args)
    except BenchError as error:
        return Row(label, size, budget_text="no Textual import", not_measured=str(error))
    return Row(
        label,
        size,
        ours=samples.ours,
        anchor=samples.bare,
        budget_text="no Textual import",
        note="imports Textual!" if samples.imports_textual else "no Textual import",
        extra={"anchor_name": "python -c pass", "imports_textual": samples.imports_textual},
    )


def run(ctx: Context) -> list[Row]:
    rows = [_row(ctx, "6 workbook validate (vs python -c pass)", "validate", ["validate"], None)]
    label = "6 workbook export --format markdown (vs python -c pass)"
    size = ctx.config.large
    if commands.has_command("export"):
        db = ctx.copy_of(size, "export")
        args = ["export", "--db", str(db), "--format", "markdown"]
        rows.append(_row(ctx, label, "export", args, size))
    else:
        rows.append(Row(label, size, budget_text="no Textual import",
                        not_measured="export is not built yet"))
    return rows


FIGURE = Figure(6, TITLE, run)
