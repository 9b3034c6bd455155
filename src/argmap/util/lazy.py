"""Public names of a package imported on first use (PEP 562), so that importing the package
(as the CLI does on every shell-completion TAB) does not load rdflib, pyoxigraph or pydantic."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, namespace: dict[str, Any], table: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose public names live in the modules
    of ``table`` (module name -> names). A name is imported once, then kept in ``namespace``."""
    modules = {name: module for module, names in table.items() for name in names}

    def get(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def names() -> list[str]:
        return sorted(set(namespace) | set(modules))

    return get, names
