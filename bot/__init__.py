"""worksonarm-bot: the community bot of Works on Arm News."""

import importlib.util
import os
import sys

__version__ = "0.1.0"

# The semantic channel multiplies one small matrix per search: BLAS threads only fight the HTTP
# threads for the cores (4.7 ms on one thread, 16.6 ms on two, measured on a busy 2-core host).
# Set before anything imports numpy (sqlite-utils does, at import); an operator's value wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas, when installed, only to map their scalar types to
    column types. The bot writes no such values through it, and numpy (installed for the semantic
    channel) costs every command 70-150 ms and 20 MB at start: sqlite-utils is imported without it.
    numpy loads later, where the semantic channel needs it."""
    if "sqlite_utils" in sys.modules:
        return
    _lazily("dateutil.parser")  # for sqlite-utils' date recipes, which the bot never calls: 6-13 ms
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_DEFERRED: list[str] = []


def load_deferred() -> None:
    """Load what was deferred, before a long-lived process starts its threads: Python 3.11's
    LazyLoader is not thread-safe (fixed in 3.12.3), and a cold start no longer matters there."""
    for name in _DEFERRED:
        getattr(sys.modules[name], "__name__", None)  # any attribute runs the module


def _lazily(name: str) -> None:
    """The module imported on first use of one of its names (the standard library's LazyLoader)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    _DEFERRED.append(name)
    parent, _, child = name.rpartition(".")
    if parent:  # "from dateutil import parser" then binds it untouched (the import system would load it)
        setattr(sys.modules[parent], child, module)


_sqlite_utils_without_numpy()
