"""Read Arabic conflict bulletins about Syria into tidy, sourced tables.

The codebook (README, "Tables") is the contract; every row points back to the
characters of the sentence that supports it.
"""

__version__ = "0.1.0"
