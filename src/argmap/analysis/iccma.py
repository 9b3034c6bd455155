"""ICCMA instance formats and the ICCMA 2023 solver interface.

Formats (https://iccma2023.github.io/ — "Input format" and "Rules"):

``.i23``
    A header ``p af N`` declares arguments ``1..N``; each further line ``a b`` is an attack
    of argument ``a`` on ``b``; lines starting with ``#`` are comments.
``.apx`` (ASPARTIX, ICCMA 2015-2021)
    Facts ``arg(a).`` and ``att(a,b).``, one per line; ``%`` starts a comment.
``.tgf`` (Trivial Graph Format, ICCMA 2015-2019)
    Argument names one per line, a line ``#``, then attacks ``a b`` one per line.

Solver interface (ICCMA 2023): ``-p TASK -f FILE [-a ARG]`` where TASK is ``SE-S`` (print one
extension as ``w a b c``, or ``NO`` when none exists), ``DC-S`` (``YES`` and a witness
extension ``w …`` on the next line, or ``NO``), ``DS-S`` (``YES``, or ``NO`` and a
counterexample ``w …``) for semantics S in GR, CO, PR, ST; we add ``EE-S`` (one ``w …`` line per
extension). :func:`solve` returns those lines.
"""

from __future__ import annotations

import re
from itertools import chain, filterfalse, repeat
from operator import add, methodcaller, mul, sub
from pathlib import Path
from typing import cast

from argmap.analysis.framework import Framework, framework_from_corpus, is_auxiliary
from argmap.analysis.semantics import (
    SEMANTICS,
    Semantics,
    credulously_accepted,
    extensions,
    sceptically_accepted,
    some_extension,
)
from argmap.errors import InputError
from argmap.model.corpus import Corpus
from argmap.util.files import read_text_file
from argmap.util.gcpause import collector_paused
from argmap.util.limits import current

__all__ = [
    "FORMATS",
    "PROBLEMS",
    "corpus_framework_named_by_claim",
    "dumps_apx",
    "dumps_i23",
    "dumps_tgf",
    "is_iccma_path",
    "parse_apx",
    "parse_i23",
    "parse_tgf",
    "read_framework",
    "solve",
]

FORMATS = ("i23", "apx", "tgf")
PROBLEMS: tuple[str, ...] = tuple(f"{t}-{s}" for t in ("SE", "EE", "DC", "DS") for s in SEMANTICS)


def _content(line: str, comment: str) -> bool:
    return bool(line.strip()) and not line.strip().startswith(comment)


def _numbered(lines: list[str], first: int, comment: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(lines, first)
        if line.strip() and not line.strip().startswith(comment)
    ]


def _lines(text: str, comment: str) -> list[tuple[int, str]]:
    return _numbered(text.splitlines(), 1, comment)


def parse_i23(text: str, source: str = "<i23>") -> Framework:
    """Read the ICCMA 2023 format: ``p af N`` then attack lines ``a b`` (1-based ids)."""
    with collector_paused():  # a line's parts and ints, by the hundred thousand: no garbage
        return _parse_i23(text, source)


def _parse_i23(text: str, source: str) -> Framework:
    lines = text.splitlines()
    found = next(((n, s.strip()) for n, s in enumerate(lines, 1) if _content(s, "#")), None)
    if found is None:
        raise InputError(f"{source}: empty file; an .i23 file starts with the header 'p af N'")
    header_number, header = found
    match = re.fullmatch(r"p\s+af\s+(\d+)", header)
    if not match:
        raise InputError(
            f"{source}:{header_number}: wrong header {header[:60]!r}; expected 'p af N' with N"
            " the number of arguments"
        )
    digits = match.group(1).lstrip("0") or "0"
    limit = current().max_arguments
    if len(digits) > len(str(limit)) or int(digits) > limit:
        shown = digits if len(digits) <= 20 else f"{digits[:20]}…"
        raise InputError(
            f"{source}:{header_number}: the header declares {shown} arguments; argmap solves"
            f" instances of up to {limit} (Limits.max_arguments)"
        )
    count = int(digits)
    rest = lines[header_number:]
    codes = _i23_codes(rest, count)
    if codes is None:  # a line to report (or one the whole-file checks leave to this loop)
        codes = set()
        for number, line in _numbered(rest, header_number + 1, "#"):
            parts = line.split()
            # ASCII digits only: '²' is a digit to isdigit() but not to int().
            if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
                raise InputError(
                    f"{source}:{number}: expected an attack 'a b' of two integer ids, got"
                    f" {line[:60]!r}"
                )
            for part in parts:
                if not 1 <= int(part) <= count:
                    raise InputError(
                        f"{source}:{number}: attack names unknown argument {part}; ids run from"
                        f" 1 to {count} (see the header)"
                    )
            codes.add((int(parts[0]) - 1) * count + int(parts[1]) - 1)
    return Framework._indexed(tuple(map(str, range(1, count + 1))), codes)


def _i23_codes(lines: list[str], count: int) -> set[int] | None:
    """The attacks of the lines after an ``.i23`` header, each as ``(a - 1) * count + b - 1``
    (see :meth:`Framework._indexed`), checked for the whole file at once: None when some line
    is not two ASCII digit strings within ``1..count`` (the caller's loop then finds it and
    says which). No Python code runs per line or per attack, which would dominate reading a
    big file."""
    body = filterfalse(methodcaller("startswith", "#"), filter(None, map(str.strip, lines)))
    parts = list(map(str.split, body))
    if parts and set(map(len, parts)) != {2}:
        return None
    ids = list(chain.from_iterable(parts))
    digits = "".join(ids)
    if ids and not (digits.isascii() and digits.isdigit()):
        return None
    numbers = list(map(int, ids))
    if numbers and not (min(numbers) >= 1 and max(numbers) <= count):
        return None
    attackers = map(mul, numbers[0::2], repeat(count))
    return set(map(add, attackers, map(sub, numbers[1::2], repeat(count + 1))))


_APX = re.compile(r"(arg|att)\(\s*([^,()\s]+)\s*(?:,\s*([^,()\s]+)\s*)?\)\s*\.")


def parse_apx(text: str, source: str = "<apx>") -> Framework:
    """Read ASPARTIX facts ``arg(a).`` and ``att(a,b).``."""
    lines = _lines(text, "%")
    if not lines:
        raise InputError(f"{source}: empty file; an .apx file lists facts arg(a). and att(a,b).")
    arguments: list[str] = []
    seen: set[str] = set()
    attacks: list[tuple[int, str, str]] = []
    for number, line in lines:
        facts = list(_APX.finditer(line))
        if not facts or "".join(m.group(0) for m in facts).replace(" ", "") != line.replace(
            " ", ""
        ):
            raise InputError(
                f"{source}:{number}: expected facts arg(a). or att(a,b)., got {line[:60]!r}"
            )
        for fact in facts:
            kind, first, second = fact.groups()
            if kind == "arg" and second is None:
                if first in seen:
                    raise InputError(f"{source}:{number}: duplicate argument {first!r}")
                seen.add(first)
                arguments.append(first)
            elif kind == "att" and second is not None:
                attacks.append((number, first, second))
            else:
                raise InputError(f"{source}:{number}: malformed fact {fact.group(0)[:60]!r}")
    for number, a, b in attacks:
        for end in (a, b):
            if end not in seen:
                raise InputError(
                    f"{source}:{number}: attack names unknown argument {end!r}; add arg({end})."
                )
    return Framework(tuple(arguments), frozenset((a, b) for _, a, b in attacks))


def parse_tgf(text: str, source: str = "<tgf>") -> Framework:
    """Read Trivial Graph Format: argument lines, ``#``, attack lines ``a b``."""
    raw = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not raw:
        raise InputError(f"{source}: empty file; a .tgf file lists arguments, '#', then attacks")
    arguments: list[str] = []
    seen: set[str] = set()
    attacks: set[tuple[str, str]] = set()
    in_attacks = False
    for number, line in raw:
        if line == "#":
            if in_attacks:
                raise InputError(f"{source}:{number}: a second '#' line; a .tgf file has one")
            in_attacks = True
            continue
        parts = line.split()
        if not in_attacks:
            name = parts[0]  # TGF allows a label after the id; the id is the argument
            if name in seen:
                raise InputError(f"{source}:{number}: duplicate argument {name!r}")
            seen.add(name)
            arguments.append(name)
            continue
        if len(parts) < 2:
            raise InputError(f"{source}:{number}: expected an attack 'a b', got {line[:60]!r}")
        for end in parts[:2]:
            if end not in seen:
                raise InputError(
                    f"{source}:{number}: attack names unknown argument {end!r}; list it before"
                    " the '#' line"
                )
        attacks.add((parts[0], parts[1]))
    return Framework(tuple(arguments), frozenset(attacks))


def dumps_i23(framework: Framework) -> str:
    """The ``.i23`` text; arguments are numbered in order, with a comment naming each."""
    number = {a: i for i, a in enumerate(framework.arguments, 1)}
    lines = [f"p af {len(number)}"]
    lines += [f"# {i} {_one_line(a)}" for a, i in number.items() if a != str(i)]
    lines += [f"{number[a]} {number[b]}" for a, b in sorted(framework.attacks, key=_att_key)]
    return "\n".join(lines) + "\n"


def dumps_apx(framework: Framework) -> str:
    _check_names(framework, "apx", r"[A-Za-z0-9_.\-:#]+")
    lines = [f"arg({a})." for a in framework.arguments]
    lines += [f"att({a},{b})." for a, b in sorted(framework.attacks, key=_att_key)]
    return "\n".join(lines) + "\n"


def dumps_tgf(framework: Framework) -> str:
    _check_names(framework, "tgf", r"[^\s#][^\s]*")
    lines = [*framework.arguments, "#"]
    lines += [f"{a} {b}" for a, b in sorted(framework.attacks, key=_att_key)]
    return "\n".join(lines) + "\n"


def _att_key(attack: tuple[str, str]) -> tuple[tuple[int, str], tuple[int, str]]:
    def one(name: str) -> tuple[int, str]:
        return (int(name), "") if name.isdigit() else (1 << 62, name)

    return one(attack[0]), one(attack[1])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_names(framework: Framework, fmt: str, pattern: str) -> None:
    for a in framework.arguments:
        if not re.fullmatch(pattern, a):
            raise InputError(f"argument {a[:60]!r} cannot be written as .{fmt}; use .i23")


def corpus_framework_named_by_claim(
    corpus: Corpus, *, min_strength: float | None = None, bipolar: bool = False
) -> tuple[Framework, dict[str, str]]:
    """The corpus framework with claims renamed to their claim id (``map:claim`` only where
    an id occurs in several maps), and the map from shown name back to claim key."""
    framework = framework_from_corpus(corpus, min_strength=min_strength, bipolar=bipolar)
    locals_: dict[str, int] = {}
    for key in framework.arguments:
        if not is_auxiliary(key):
            local = key.split(":", 1)[1]
            locals_[local] = locals_.get(local, 0) + 1
    rename = {
        key: key.split(":", 1)[1]
        if not is_auxiliary(key) and locals_[key.split(":", 1)[1]] == 1
        else key
        for key in framework.arguments
    }
    renamed = Framework(
        tuple(rename[a] for a in framework.arguments),
        frozenset((rename[a], rename[b]) for a, b in framework.attacks),
    )
    return renamed, {v: k for k, v in rename.items()}


def is_iccma_path(path: Path) -> bool:
    """Whether ``path`` names an ICCMA instance (``.i23``, ``.apx`` or ``.tgf``)."""
    return path.suffix.lower().lstrip(".") in FORMATS


def read_framework(path: Path) -> Framework:
    """A framework from an ICCMA file, by its suffix (``.i23``, ``.apx`` or ``.tgf``). Maps
    become frameworks with :func:`corpus_framework_named_by_claim`. The file is read within
    the file limit (``Limits.max_file_bytes``, ``--max-file-mb``) and only if it is a regular
    file; an ``.i23`` header may declare at most ``Limits.max_arguments`` arguments."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"{path}: not an ICCMA instance; name a .i23, .apx or .tgf file")
    parse = {"i23": parse_i23, "apx": parse_apx, "tgf": parse_tgf}[suffix]
    try:
        return parse(read_text_file(path, "ICCMA instance"), str(path))
    except MemoryError:
        raise InputError(
            f"{path}: ran out of memory reading this ICCMA instance; it is too large for this"
            " machine"
        ) from None


def _w(framework: Framework, extension: frozenset[str]) -> str:
    order = {a: i for i, a in enumerate(framework.arguments)}
    shown = sorted((a for a in extension if not is_auxiliary(a)), key=order.__getitem__)
    return " ".join(["w", *shown])


def solve(framework: Framework, problem: str, argument: str | None = None) -> list[str]:
    """The output lines of an ICCMA 2023 solver for ``problem`` (e.g. ``DC-PR``)."""
    if problem not in PROBLEMS:
        raise InputError(f"unsupported problem {problem!r}; supported: {', '.join(PROBLEMS)}")
    task, semantics = problem.split("-")
    sem = cast(Semantics, semantics)
    if task in ("DC", "DS") and argument is None:
        raise InputError(f"{problem} needs a query argument: add -a ARG")
    if task == "SE":
        found = some_extension(framework, sem)
        return ["NO"] if found is None else [_w(framework, found)]
    if task == "EE":
        return [_w(framework, e) for e in sorted(extensions(framework, sem), key=sorted)]
    assert argument is not None
    if task == "DC":
        witness = credulously_accepted(framework, argument, sem)
        return ["NO"] if witness is None else ["YES", _w(framework, witness)]
    accepted, counter = sceptically_accepted(framework, argument, sem)
    if accepted:
        return ["YES"]
    return ["NO"] if counter is None else ["NO", _w(framework, counter)]
