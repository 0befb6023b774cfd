"""The what-if page: a stage above :mod:`sim.present` and below :mod:`sim.cli` (``tiersim app`` starts it).

- :mod:`.page`: the Streamlit script (widgets and layout only);
- :mod:`.edits`: a planner's edits as ``--set``-style overrides and the scenario file they make;
- :mod:`.compute`: uploads into the session folder, strict loading, projection, the key-results table;
- :mod:`.cache`: Streamlit's caches around :mod:`.compute` (data per hash, projection per scenario text);
- :mod:`.downloads`: results (xlsx, CSV zip) and the report; :mod:`.session`: the per-session folder;
- :mod:`.style`: Chinese glyphs for machines without a Chinese font; :mod:`.words`: the page's zh/en words.

Only this package imports Streamlit (an import-linter contract); nothing imports :mod:`.page`.
"""
