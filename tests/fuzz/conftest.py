"""The fuzz tests' hypothesis profiles: ``ci`` by default, ``long`` for 1,000 examples per loader (see :mod:`.profiles`)."""

from . import profiles  # noqa: F401 - registers and loads the profiles
