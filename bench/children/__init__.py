"""Scripts the harness runs as separate processes (by file path, not as modules).

Each prints one line ``BENCH key=value ...`` on stdout (straight to file
descriptor 1, past Textual's print capture) and leaves with ``os._exit`` so
the time to shut down is never part of a measurement.
"""
