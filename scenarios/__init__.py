"""Shipped scenarios (the top-level ``scenarios/`` folder, installed as ``sim.scenarios``)."""
