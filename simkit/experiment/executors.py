"""Where tasks run: in this process, in local worker processes, or on a Dask cluster.

All three have one method, ``map_unordered(fn, tasks)``, which yields ``(task, fn(task))``
as tasks finish, in whatever order they finish. Results are identical on all three
because a task's numbers depend only on the task (its scenario and seed), never on the
worker, and the caller files each result under its task, so finishing order is irrelevant.

* ``Serial`` — one task after another in this process: simplest to debug.
* ``Processes`` — ``concurrent.futures.ProcessPoolExecutor`` on every core (default; with
  one usable core, ``make_executor`` runs serially instead).
  Workers start from a *forkserver* that has already imported simkit, NumPy and pandas, so
  a worker starts in milliseconds instead of re-importing for a second or more (on
  platforms without forkserver, ``spawn``). ``fork`` is never used: forking a parent that
  runs threads (tqdm's monitor, a notebook kernel) can deadlock.
* ``Dask`` — ``dask.distributed``: a scheduler at ``address`` (``tcp://host:8786``),
  or a ``LocalCluster`` of one-thread worker processes when no address is given.

Only a few tasks per worker are in flight at once (``window``), so a 100,000-task sweep
never holds 100,000 pending futures or results, and Ctrl-C has little to cancel.
Each executor is a context manager; ``abort()`` drops pending work at once (Ctrl-C).
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import socket
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from ..arguments import EXECUTORS, check_executor, printable
from ..errors import SimkitError

__all__ = ["Serial", "Processes", "Dask", "make_executor", "cores", "EXECUTORS", "ExecutorError"]

# (stated reason) seconds to wait for a Dask scheduler: a refused connection is known at once,
# an unreachable host is not; a scheduler on the same network answers in milliseconds, one
# across the world in well under a second, so 5 s means nobody is there
CONNECT_TIMEOUT = 5
_PRELOAD = ["simkit.experiment.tasks", "simkit.simulation", "simkit.results", "simkit.measure",
            "pyarrow.parquet", "pandas", "numpy"]


class ExecutorError(SimkitError, RuntimeError):
    """The executor cannot start (e.g. no Dask scheduler at the address given)."""


def cores() -> int:
    """Cores this process may use (respects CPU affinity, e.g. ``taskset`` or a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


class Serial:
    """Run tasks one after another in this process."""

    name = "serial"
    workers = 1

    def map_unordered(self, fn: Callable, tasks: Iterable) -> Iterator:
        for task in tasks:
            yield task, fn(task)

    def abort(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the sweep cleanly; otherwise every
    worker would print its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _window(submit, collect, tasks, window: int) -> Iterator:
    """Keep at most ``window`` tasks in flight; yield (task, result) as they finish."""
    pending = iter(tasks)
    running = {}
    for task in pending:
        running[submit(task)] = task
        if len(running) >= window:
            break
    while running:
        for future, result in collect(list(running)):
            task = running.pop(future)
            following = next(pending, None)
            if following is not None:
                running[submit(following)] = following
            yield task, result


class Processes:
    """Run tasks on ``workers`` local processes (default: every core)."""

    name = "processes"

    def __init__(self, workers: int | None = None, window: int = 2):
        self.workers = workers or cores()
        self.window = max(1, window) * self.workers
        if "forkserver" in mp.get_all_start_methods():
            context = mp.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
        else:
            context = mp.get_context("spawn")
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_ignore_sigint)

    def map_unordered(self, fn: Callable, tasks: Iterable) -> Iterator:
        def collect(futures):
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            return [(f, f.result()) for f in futures if f in done]

        yield from _window(lambda t: self.pool.submit(fn, t), collect, tasks, self.window)

    def abort(self) -> None:
        """Cancel queued tasks and stop the workers now; their unfinished tasks are simply
        not written, so a resume recomputes them."""
        procs = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # the public API has no "terminate" before Python 3.14
            if p.is_alive():
                p.terminate()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """Run tasks on a Dask cluster: the scheduler at ``address``, or a new LocalCluster
    with ``workers`` one-thread worker processes (default: every core)."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None, window: int = 2):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - the dask extra is part of the pinned environment
            raise ExecutorError("the Dask executor needs dask.distributed: pip install 'simkit[dask]'") from None
        self.cluster = None
        if address:
            _reachable(address)
            try:
                self.client = Client(address, timeout=f"{CONNECT_TIMEOUT}s")
            except (OSError, TimeoutError, ValueError) as e:
                raise _unreachable(address, str(e)) from None
        else:
            # one thread per worker: tasks are pure Python and hold the GIL; no dashboard,
            # so a cluster never fails on a busy port
            self.cluster = LocalCluster(n_workers=workers or cores(), threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
        self.window = max(1, window) * self.workers
        self._futures = set()

    def map_unordered(self, fn: Callable, tasks: Iterable) -> Iterator:
        from distributed import wait as dask_wait

        def submit(task):
            future = self.client.submit(fn, task, key=f"simkit-{task.id}", pure=False, retries=0)
            self._futures.add(future)
            return future

        def collect(futures):
            done = dask_wait(futures, return_when="FIRST_COMPLETED").done
            out = []
            for f in futures:
                if f in done:
                    out.append((f, f.result()))
                    self._futures.discard(f)
                    f.release()
            return out

        yield from _window(submit, collect, tasks, self.window)

    def abort(self) -> None:
        if self._futures:
            self.client.cancel(list(self._futures))
            self._futures.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.abort()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _reachable(address: str) -> None:
    """Fail at once, naming the address, when nothing accepts a connection there: Dask's own
    client retries a refused connection until its timeout runs out. Addresses of other
    protocols than TCP (inproc://, ucx://) are left to Dask."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme not in ("tcp", "tls"):
            return
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as e:
        raise _unreachable(address, f"not an address: {e}") from None
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except socket.timeout:
        raise _unreachable(address, f"no answer within {CONNECT_TIMEOUT} s") from None
    except OSError as e:
        raise _unreachable(address, e.strerror or str(e)) from None


def _unreachable(address: str, why: str) -> ExecutorError:
    return ExecutorError(f"address: cannot reach the Dask scheduler at {printable(address)} ({printable(why)}); "
                         f"allowed: the address of a running scheduler, e.g. tcp://host:8786")


def make_executor(kind: str = "processes", workers: int | None = None, address: str | None = None):
    """An executor by name: ``serial``, ``processes`` or ``dask`` (the arguments are checked
    first: ``simkit.arguments.check_executor``).

    ``processes`` where this process may use one core only (a one-core Binder or Colab
    machine, a container, ``taskset``) runs serially instead, whatever ``workers`` says: there
    the workers would take turns on the same core, so a pool only adds its start-up (a
    forkserver importing simkit) and the pickling of every task and result. The numbers are
    the same on every executor (module docstring), so the choice changes only the time."""
    check_executor(kind, workers, address)
    if kind == "serial" or (kind == "processes" and cores() == 1):
        return Serial()
    if kind == "processes":
        return Processes(workers)
    return Dask(address, workers)
