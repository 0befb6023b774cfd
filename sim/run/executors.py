"""Where independent tasks run: in this process, in local worker processes, or on a Dask cluster.

One small interface, :class:`Executor`: ``map(fn, tasks, shared)`` calls ``fn(shared, task)``
for every task and returns the results **in task order**, whichever backend ran them and in
whatever order they finished. ``shared`` (e.g. the dataset) is shipped once per worker, not
once per task. ``tasks`` may be a lazy iterable: a task is submitted as soon as it is produced,
so the caller can build tasks while workers already run the first ones.

Backends:

- :class:`Serial`: in this process (``--jobs 1``);
- :class:`Processes`: ``concurrent.futures.ProcessPoolExecutor`` with ``jobs`` workers; ``shared``
  goes to each worker once through the pool's initializer;
- :class:`Dask`: ``dask.distributed``; ``--dask local`` starts a ``LocalCluster`` (2 worker
  processes, 1 thread each), ``--scheduler tcp://HOST:PORT`` connects to a running scheduler
  (its workers need tiersim installed, and run ~2.5x slower if started with Dask's default
  ``MALLOC_TRIM_THRESHOLD_``; see :class:`Dask`). ``shared`` is scattered to every worker once
  (``Client.scatter(..., broadcast=True)``). Dask is an optional extra
  (``pip install 'tiersim[distributed]'``), imported only when asked for.

``fn`` must be a module-level function (picklable by reference). Results are identical across
backends because tasks carry their own seeds; nothing here draws random numbers.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from sim.errors import SimError

__all__ = ["Executor", "Serial", "Processes", "Dask", "choose", "import_distributed", "forking"]


@contextlib.contextmanager
def forking():
    """Around code that forks worker processes (``ProcessPoolExecutor`` with the fork start method, Linux's
    default). Once a fit has run in this process, JAX warns at every fork that its threads make forking unsafe.
    The workers forked here run numpy, simpy and matplotlib only, never JAX, so no lock held by a JAX thread is
    ever needed in them: the warning is silenced for these forks alone (and pytest, which turns warnings into
    errors, sees none)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"os\.fork\(\) was called", category=RuntimeWarning)
        yield

Progress = Callable[[Any], None]
"""Called with each task once it has finished (in the order they finish; maybe from another thread)."""


class Executor(Protocol):
    """Runs ``fn(shared, task)`` for every task; results in task order."""

    name: str

    def map(self, fn: Callable[[Any, Any], Any], tasks: Iterable[Any], shared: Any = None,
            progress: Progress | None = None) -> list[Any]: ...


class Serial:
    """Every task in this process, one after the other."""

    name = "serial"

    def map(self, fn, tasks, shared=None, progress=None):
        out = []
        for task in tasks:
            out.append(fn(shared, task))
            if progress:
                progress(task)
        return out


_SHARED: Any = None
"""In a :class:`Processes` worker: the ``shared`` object, set once by the pool initializer."""


def _init_worker(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _call_with_shared(fn: Callable[[Any, Any], Any], task: Any) -> Any:
    return fn(_SHARED, task)


class Processes:
    """``jobs`` local worker processes (``concurrent.futures.ProcessPoolExecutor``)."""

    def __init__(self, jobs: int):
        if jobs < 1:
            raise SimError(f"--jobs: must be at least 1; got {jobs}")
        self.jobs = jobs
        self.name = f"{jobs} local processes"

    def map(self, fn, tasks, shared=None, progress=None):
        with forking(), ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker, initargs=(shared,)) as pool:
            futures = []
            for task in tasks:
                future = pool.submit(_call_with_shared, fn, task)
                if progress:
                    future.add_done_callback(lambda _, task=task: progress(task))
                futures.append(future)
            return [future.result() for future in futures]


def import_distributed():
    """``dask.distributed``, or a :class:`SimError` saying how to install it."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise SimError("Dask is not installed: --dask and --scheduler need the optional extra; "
                       "pip install 'tiersim[distributed]'") from None


class Dask:
    """Tasks on a Dask cluster: a new ``LocalCluster`` (``address=None``) or a running scheduler.

    Use as a context manager so a cluster started here is closed again.

    A LocalCluster started here leaves ``MALLOC_TRIM_THRESHOLD_`` unset in its workers. Dask's
    default (65536, set by every nanny) makes glibc allocate every large numpy array with a
    fresh ``mmap``, and the engine runs about 2.5x slower. For a cluster of your own, put
    ``distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_: null`` in the workers' Dask
    configuration (e.g. ``~/.config/dask/distributed.yaml``) before starting them.
    """

    def __init__(self, address: str | None = None, workers: int = 2, processes: bool = True):
        self.address, self.workers, self.processes = address, workers, processes
        self.client = None
        self.cluster = None
        self.name = f"Dask scheduler {address}" if address else f"Dask LocalCluster ({workers} workers)"

    def __enter__(self) -> "Dask":
        distributed = import_distributed()
        if self.address is None:
            import dask

            # Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 in new workers; glibc then stops adapting its mmap
            # threshold, every large numpy array is a fresh mmap, and the engine runs ~2.5x slower. Leave it unset.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                # dashboard on a free port (8787 may be taken); worker errors at shutdown are not the user's concern
                # (a task's own error still reaches the caller through gather)
                self.cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                                        processes=self.processes, dashboard_address=":0",
                                                        silence_logs=logging.CRITICAL)
            self.client = distributed.Client(self.cluster)
        else:
            if not self.address.startswith(("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")):
                raise SimError(f"--scheduler {self.address}: must be a scheduler address like tcp://HOST:8786")
            try:
                self.client = distributed.Client(self.address, timeout="10s")
            except OSError as exc:
                raise SimError(f"--scheduler {self.address}: cannot connect ({exc})") from None
        return self

    def __exit__(self, *exc_info) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def map(self, fn, tasks, shared=None, progress=None):
        if self.client is None:
            raise RuntimeError("Dask executor used outside its `with` block")
        remote = self.client.scatter(shared, broadcast=True) if shared is not None else None
        futures = []
        for task in tasks:
            future = self.client.submit(fn, remote, task, pure=False)
            if progress:
                future.add_done_callback(lambda _, task=task: progress(task))
            futures.append(future)
        return self.client.gather(futures)


class _Closing:
    """A context manager around an executor that needs no set-up."""

    def __init__(self, executor):
        self.executor = executor

    def __enter__(self):
        return self.executor

    def __exit__(self, *exc_info) -> None:
        return None


def choose(jobs: int = 1, dask: str | None = None, scheduler: str | None = None):
    """The executor the command-line options ask for, as a context manager.

    ``dask="local"`` starts a LocalCluster; ``scheduler`` connects to one; else ``jobs`` local
    processes (``jobs == 1``: this process).

    >>> with choose(jobs=1) as ex:
    ...     ex.map(lambda shared, task: shared + task, [1, 2, 3], shared=10)
    [11, 12, 13]
    """
    if dask is not None and scheduler is not None:
        raise SimError("--dask and --scheduler: give one of them, not both")
    if dask is not None:
        if dask != "local":
            raise SimError(f"--dask {dask}: only 'local' (a LocalCluster) is known; use --scheduler tcp://HOST:PORT for a running cluster")
        return Dask(None)
    if scheduler is not None:
        return Dask(scheduler)
    return _Closing(Serial() if jobs <= 1 else Processes(jobs))
