"""The plan's county tiers, in the model's fixed order (tier shocks and tier counts are indexed by it).

``advance`` (百强进位), ``sprint`` (百强冲刺), ``reserve`` (百强储备), and ``other`` for any further
county a user loads.
"""

TIERS = ("advance", "sprint", "reserve", "other")
"""Plan tiers, in index order."""
