"""Hypothesis profiles for the loader fuzz tests (imported by ``tests/fuzz/conftest.py``).

``ci`` (the default): 100 examples per test, derandomized (the same examples every run), no deadline, so
the suite stays fast and repeatable on a loaded machine. ``long``: 1,000 random examples per test::

    HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz
    python -m pytest tests/fuzz --hypothesis-profile long

``--hypothesis-profile`` is read before most conftest files are imported, so it finds these profiles when
``tests/fuzz`` is named on the command line (or when ``tests/conftest.py`` imports this module);
``HYPOTHESIS_PROFILE`` works from anywhere.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]}
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=1000, **_COMMON)

# keep a profile chosen with --hypothesis-profile (loaded before this module when tests/fuzz is named on the command line)
_chosen = settings.get_current_profile_name()
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _chosen == "default" else _chosen))
