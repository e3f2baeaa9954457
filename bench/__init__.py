"""The benchmark harness: ``python -m bench`` (or ``make bench``).

Every figure is measured against an anchor in the same run, interleaved
(ours, anchor, ours, anchor, ...), and reported as medians and a ratio, so a
slow or busy machine moves both sides together. See the README's
"Performance" section and docs/architecture.md, "Performance budgets".

Layout:

* ``bench.cli``: options, the run, the one table and the JSON file.
* ``bench.core``: the run's context (sizes, data sets, child processes) and rows.
* ``bench.startup``, ``bench.save``, ``bench.memory``, ``bench.commands``:
  the measurements, each cached on the context so figures can share them.
* ``bench.figures``: one module per figure, found automatically; adding a
  figure is adding one module there.
* ``bench.children``: the small scripts run as separate processes.
"""
