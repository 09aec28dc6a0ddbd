"""The organiser's workspace at scale, one module per measured part.

``data`` builds the edition (20,000 registrations over 40 sub-forums, and the
previous edition to compare with); every other module of this package is a
part that ``bench/bench_organiser.py`` finds and runs: it defines
``measure(built: data.Built) -> list[data.Row]``.
"""
