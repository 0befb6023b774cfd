"""Fuzzing ``verify``'s manifests and the writers' I/O faults.

- A manifest is a valid run manifest with random keys set to random JSON values (or removed), or any JSON at all:
  ``tiersim verify`` ends with exit 0 or exit 1 and one ``Error:``/``FAIL`` verdict, never a traceback. The re-run
  itself is replaced by a stand-in (the manifest rules and the data lookup are what is fuzzed).
- A fault (full disk, read-only, no permission) at a random write of a random folder of files: the folder is
  written whole, or not at all with one line naming it, and no work folder is left behind.
"""

from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from sim.errors import SimError
from sim.results.write import write_folder
from tests.hostile_support import invoke

from .faults import failing_at
from .test_fuzz_cli import Reached, _reached

VALID = {"tiersim": "run", "version": "0.1.0", "scenario": {"name": "baseline"}, "scenario_sha256": "a" * 64,
         "data_sha256": "b" * 64, "data_files": [], "seed": 2021, "draws": 100, "deterministic": False,
         "impute": None, "keep_paths": 0, "as_of": None}
JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)


@st.composite
def manifests(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    data = dict(VALID)
    for key in draw(st.lists(st.sampled_from(sorted(VALID) + ["extra"]), max_size=3)):
        if draw(st.booleans()):
            data[key] = draw(JSON)
        else:
            data.pop(key, None)
    return data


@given(manifests())
def test_verify_on_any_manifest(data):
    with tempfile.TemporaryDirectory() as folder, mock.patch("sim.results.verify.project", _reached):
        (Path(folder) / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        result = invoke("verify", folder, "--lang", "en")
    assert "Traceback" not in result.output, result.output
    if result.exit_code == 70:
        assert "Reached" in result.stderr, result.stderr
        return
    assert result.exit_code == 1, (data, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr


NAMES = st.from_regex(r"[a-z]{1,6}\.(csv|json|png)", fullmatch=True)


@given(st.dictionaries(NAMES, st.binary(max_size=64), min_size=1, max_size=5), st.integers(0, 12),
       st.sampled_from([errno.ENOSPC, errno.EROFS, errno.EACCES]), st.booleans())
def test_a_fault_at_a_random_write(files, k, code, replacing):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "res"
        if replacing:
            write_folder(out, {"old.csv": b"old"})
        try:
            with failing_at(k, code):
                write_folder(out, files, force=True)
        except SimError as exc:
            assert str(exc).startswith(f"{out}: cannot write") and "\n" not in str(exc)
            assert (sorted(p.name for p in out.iterdir()) == ["old.csv"]) if replacing else not out.exists()
        else:
            assert {p.name: p.read_bytes() for p in out.iterdir()} == files
        assert [p.name for p in Path(folder).iterdir()] == (["res"] if out.exists() else [])


assert Reached  # the stand-in shared with test_fuzz_cli
