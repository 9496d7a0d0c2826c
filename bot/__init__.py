"""worksonarm-bot: the community bot of Works on Arm News."""

import os

__version__ = "0.1.0"

# The semantic channel multiplies one small matrix per search: BLAS threads only fight the HTTP
# threads for the cores (4.7 ms on one thread, 16.6 ms on two, measured on a busy 2-core host).
# Set before anything imports numpy (sqlite-utils does, at import); an operator's value wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
