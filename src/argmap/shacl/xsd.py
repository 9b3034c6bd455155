"""What the validator knows of XSD datatypes: lexical spaces and the order of values.

sh:datatype (SHACL §4.1.2) fails an ill-formed literal of a datatype the processor
recognises; this one recognises the datatypes below, with the lexical spaces of XSD 1.1
Part 2 (https://www.w3.org/TR/xmlschema11-2/), and takes literals of any other datatype as
well formed. The range constraints (SHACL §4.3) compare with SPARQL's operators: numbers
with numbers, strings with strings, booleans with booleans; anything else, ill-formed
literals included, compares with nothing, so the constraint is not met.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from argmap.errors import InputError
from argmap.rdf.terms import XSD, Lit
from argmap.shacl.terms import XSD_STRING, LangLit, Term

__all__ = ["UnorderedValuesError", "less", "order_key", "well_formed"]

_TZ = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?([1-9]\d{3,}|0\d{3})"
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([Ee][+-]?\d+)?|[+-]?INF|NaN")
_BOOLEAN = re.compile(r"true|false|1|0")
_DATE = re.compile(_YEAR + r"-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])" + _TZ)
_TIME = r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)"
_DATETIME = re.compile(_YEAR + r"-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])T" + _TIME + _TZ)
_GYEAR = re.compile(_YEAR + _TZ)
_GYEARMONTH = re.compile(_YEAR + r"-(0[1-9]|1[0-2])" + _TZ)
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")

# Integer datatypes derived from xsd:integer: (least, greatest) value, None for unbounded.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_INTEGERS = {XSD + name: bounds for name, bounds in _INTEGER_RANGES.items()}
_FLOATS = {XSD + "double", XSD + "float"}


def _in_integer_range(datatype: str) -> Callable[[str], bool]:
    least, greatest = _INTEGERS[datatype]

    def check(lexical: str) -> bool:
        if _INTEGER.fullmatch(lexical) is None:
            return False
        value = int(lexical)
        return (least is None or value >= least) and (greatest is None or value <= greatest)

    return check


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_day(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A date whose day exists in its month (2023-02-29 does not; 2024-02-29 does)."""

    def check(lexical: str) -> bool:
        match = pattern.fullmatch(lexical)
        if match is None:
            return False
        year, month = int(lexical[: match.start("m") - 1]), int(match["m"])
        # Proleptic Gregorian, as XSD 1.1: year 0000 (1 BCE) is a leap year, like 400.
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = 29 if month == 2 and leap else _DAYS_IN_MONTH[month]
        return int(match["d"]) <= days

    return check


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda lexical: pattern.fullmatch(lexical) is not None


_CHECKS: dict[str, Callable[[str], bool]] = {
    XSD + "decimal": _matches(_DECIMAL),
    XSD + "boolean": _matches(_BOOLEAN),
    XSD + "date": _real_day(_DATE),
    XSD + "dateTime": _real_day(_DATETIME),
    XSD + "gYear": _matches(_GYEAR),
    XSD + "gYearMonth": _matches(_GYEARMONTH),
    **{dt: _in_integer_range(dt) for dt in _INTEGERS},
    **{dt: _matches(_FLOAT) for dt in _FLOATS},
}


def well_formed(literal: Lit | LangLit) -> bool:
    """Whether the lexical form is in the lexical space of its (recognised) datatype."""
    if isinstance(literal, LangLit):
        return _LANGUAGE.fullmatch(literal.language) is not None
    check = _CHECKS.get(literal.datatype)
    return check is None or check(literal.lexical)


class UnorderedValuesError(InputError):
    """Two values of a datatype that has an order this validator does not implement."""


# Recognised datatypes that SPARQL orders but this validator does not: comparing two of
# them raises rather than reporting a violation that SPARQL would not.
_ORDERED_UNSUPPORTED = {XSD + n for n in ("date", "dateTime", "time", "gYear", "gYearMonth")}

Key = tuple[str, object]


def order_key(term: Term) -> Key | None:
    """(family, value) for a term SPARQL's operators order, None for one they cannot."""
    if not isinstance(term, Lit):
        return None  # IRIs, blank nodes, language-tagged strings
    datatype, lexical = term.datatype, term.lexical
    if datatype == XSD_STRING:
        return ("string", lexical)
    if not well_formed(term):
        return None
    if datatype in _INTEGERS:
        return ("number", int(lexical))
    if datatype == XSD + "decimal":
        return ("number", Decimal(lexical))
    if datatype in _FLOATS:
        if lexical == "NaN":
            return None  # NaN is neither less than, equal to nor greater than anything
        return ("number", float(lexical.replace("INF", "inf")))
    if datatype == XSD + "boolean":
        return ("boolean", lexical in ("true", "1"))
    if datatype in _ORDERED_UNSUPPORTED:
        return (datatype, lexical)
    return None


def less(a: Key, b: Key, *, or_equal: bool) -> bool:
    """``a < b`` (or ``a <= b``) as SPARQL evaluates it to true; False when incomparable."""
    if a[0] != b[0]:
        return False
    if a[0] in _ORDERED_UNSUPPORTED:
        raise UnorderedValuesError(f"comparing values of {a[0]} is not supported")
    x, y = a[1], b[1]
    return bool(x <= y if or_equal else x < y)  # type: ignore[operator]
