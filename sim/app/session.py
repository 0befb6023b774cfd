"""Each browser session's own temporary folder, the only place the page writes (uploads and the scenario files it
runs). ``tiersim app`` points ``TIERSIM_APP_TMP`` at a folder it removes when it stops."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st


def folder() -> Path:
    """The session's folder, made on its first use."""
    if "folder" not in st.session_state:
        root = os.environ.get("TIERSIM_APP_TMP") or None
        st.session_state["folder"] = tempfile.mkdtemp(prefix="session-", dir=root)
    path = Path(st.session_state["folder"])
    path.mkdir(parents=True, exist_ok=True)
    return path
