"""Small helpers every stage may use: atomic file writes, the collector pause, lazy exports.

This package sits at the bottom with :mod:`argmap.errors` and imports nothing else of argmap.
"""
