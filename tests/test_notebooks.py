"""The notebooks in notebooks/ run clean, top to bottom, in a fresh kernel, and are committed with the outputs of
such a run (``python notebooks/build.py`` writes them), so they read as tutorials.

"Clean": no cell raises and nothing is written to stderr (a warning, e.g. a missing glyph, would be);
the quickstart and what-if notebooks show their chart.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core otherwise warns on import
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["quickstart", "calibration", "whatif"]
CHARTS = {"quickstart", "whatif"}


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_with_the_outputs_of_a_clean_run(name):
    book = read(name)
    nbformat.validate(book)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), \
        f"{name}: run python notebooks/build.py {name} before committing"
    outputs = [o for cell in code for o in cell.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean(name):
    book = read(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # from jupyter_client / zmq internals, not ours
        warnings.simplefilter("ignore", ResourceWarning)
        client = nbclient.NotebookClient(book, timeout=120, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOKS)}})
        client.execute()
    outputs = [o for cell in book.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr
    images = [o for o in outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.get("data", {})]
    assert bool(images) == (name in CHARTS), f"{name}: {len(images)} charts shown"
