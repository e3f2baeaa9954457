"""Figure 8: a workbook locked with a passphrase, at 20,000 answers.

* Open pressed on the unlock screen -> home complete and drawn, against one
  key derivation (scrypt at the file's cost) + 1.35 × the bare Textual
  app's start-up: unlocking may cost the key derivation, and beyond it no
  more than figure 1 allows a plain workbook. Budget: ≤ 1×.
* Save one answer on the locked workbook, against the encrypted rewrite
  floor (dump + seal + write + fsync + replace). Budget: ≤ 1.3×, as figure 2.

See ``bench.locked`` for how each is measured.
"""

from __future__ import annotations

from bench import locked, startup
from bench.core import BUDGET_LARGE, Budget, Context, Figure, Row, median

TITLE = "locked workbook"
UNLOCK_BUDGET = Budget(1.0, BUDGET_LARGE, "≤ KDF + 1.35× bare at 20,000")
SAVE_BUDGET = Budget(1.3, BUDGET_LARGE, "≤ 1.3× at 20,000")
BARE_FACTOR = 1.35


def run(ctx: Context) -> list[Row]:
    size = ctx.config.large
    samples = locked.measure(ctx, size)
    bare = startup.measure(ctx, size).bare
    kdf, bare_median = median(samples.kdf), median(bare)
    unlock = Row(
        f"8 {TITLE}: passphrase -> home (vs KDF + 1.35× bare)",
        size,
        ours=samples.unlock,
        anchor=samples.kdf,
        anchor_median=kdf + BARE_FACTOR * bare_median,
        budget=UNLOCK_BUDGET,
        extra={
            "anchor_name": "scrypt once + 1.35 × bare Textual app start-up",
            "kdf_median": kdf,
            "bare_median": bare_median,
            "spawn_to_unlock_screen_median": median(samples.to_unlock_screen),
        },
    )
    save = Row(
        f"8 {TITLE}: save one answer (vs encrypted rewrite floor)",
        size,
        ours=samples.save,
        anchor=samples.save_floor,
        budget=SAVE_BUDGET,
        extra={"anchor_name": "orjson dump + seal + write + fsync + replace"},
    )
    return [unlock, save]


FIGURE = Figure(8, TITLE, run)
