"""Estimation methods for tiersim: base-year seeds, growth and volatility calibration, backtests.

This package imports :mod:`sim`; ``sim`` never imports it. Its methods and commands (``tiersim calibrate``,
``tiersim backtest``) reach the ``tiersim`` command through entry points declared in ``setup.cfg``.
"""
