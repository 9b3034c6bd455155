"""argmap's version, at the bottom of the package so that any stage can name it."""

__all__ = ["__version__"]

__version__ = "0.1.0"
