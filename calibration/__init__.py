"""Estimation methods for tiersim: base-year seeds now; growth calibration later.

This package imports :mod:`sim`; ``sim`` never imports it. Its methods reach the
``tiersim`` command through entry points declared in ``setup.cfg``.
"""
