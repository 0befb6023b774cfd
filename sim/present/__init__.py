"""Presenting results: labels in Chinese and English (:mod:`.labels`), terminal tables (:mod:`.terminal`), the
progress bar (:mod:`.progress`), chart data (:mod:`.chartdata`), charts (:mod:`.plots`, the only place that imports
matplotlib), the CJK font (:mod:`.fonts`), report blocks (:mod:`.document`) and the HTML/PDF report (:mod:`.report`)."""
