"""Results: tidy tables from a projection (:mod:`.tables`), the manifest (:mod:`.manifest`), writing a folder
all or nothing (:mod:`.write`), ``tiersim verify`` (:mod:`.verify`) and the result object of the Python API
(:mod:`.result`)."""
