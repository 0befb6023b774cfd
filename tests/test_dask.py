"""A small sweep on a real ``dask.distributed.LocalCluster`` gives the same bytes as the local run.

The cluster is the one ``--dask local`` starts: 2 worker processes (``processes=True``), 1 thread
each. Skipped, saying why, only when the optional ``[distributed]`` extra is not installed.
"""

from __future__ import annotations

import pytest

from sim.run import executors
from sim.whatif import sweep

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install 'tiersim[distributed]'")

GRID = ("growth.tiers.sprint=6%:7%:1%", "growth.default=5%:6%:1%", "horizon=2034:2035:1")


def test_sweep_on_a_local_cluster_equals_the_local_run(shipped):
    varies = sweep.parse_vary(GRID, "baseline", shipped)
    local = sweep.run("baseline", shipped, varies, draws=1000, seed=2021, executor=executors.Serial())
    with executors.choose(dask="local") as cluster:
        assert isinstance(cluster, executors.Dask) and cluster.processes
        assert len(cluster.client.scheduler_info()["workers"]) == 2
        remote = sweep.run("baseline", shipped, varies, draws=1000, seed=2021, executor=cluster, chunk=1)
    assert sorted(remote.errors) == sorted(local.errors) == [0, 2, 4, 6]  # horizon 2034 with milestone 2035: recorded
    assert sweep.files(remote) == sweep.files(local)


def test_executor_map_keeps_task_order_on_the_cluster():
    with executors.Dask(None, workers=2, processes=False) as cluster:
        assert cluster.map(_add, range(20), shared=100) == [100 + i for i in range(20)]


def _add(shared: int, task: int) -> int:
    return shared + task
