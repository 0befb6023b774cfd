"""The model: pure numpy and simpy, no I/O, no pandas, no plotting.

:mod:`.economy` (the growth equations and the national order), :mod:`.shocks` (AR(1) shocks and their sizes),
:mod:`.events` (policy events on the calendar), :mod:`.thresholds` (the national Pareto tail and comparators),
:mod:`.engine` (the simpy calendar that runs one block of draws) and :mod:`.tiers`.
"""
