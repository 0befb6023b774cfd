"""Run the tutorial notebooks top to bottom in a fresh kernel and save them with their outputs.

    python notebooks/build.py              # every notebook
    python notebooks/build.py quickstart   # one

The notebooks are committed with the outputs this writes (so they read as tutorials on any viewer); the test
suite runs them again from scratch (tests/test_notebooks.py). Run this after a change that moves a number.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # the report's date in the quickstart: 2026-01-01
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import nbclient
    import nbformat

HERE = Path(__file__).resolve().parent
NAMES = ("quickstart", "calibration", "whatif")


def build(name: str) -> None:
    path = HERE / f"{name}.ipynb"
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
    client.execute()
    for cell in book.cells:  # no run-specific metadata (times), so a rebuild changes only what the code prints
        cell.metadata.pop("execution", None)
    book.metadata.pop("widgets", None)
    nbformat.write(book, path)
    print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    for name in sys.argv[1:] or NAMES:
        if name not in NAMES:
            raise SystemExit(f"notebooks/build.py: unknown notebook {name!r}; known: {', '.join(NAMES)}")
        build(name)
