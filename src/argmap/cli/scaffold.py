"""``argmap new``: a small, commented starter map that validates as it is.

The template shows every part of the authoring format (docs/authoring.md) once: a source with
its text inline, two actors, an issue, claims with verbatim quotes, a linked argument (two
premises, a built-in scheme, ``by`` the actor who advances it), a support (the shorthand for a
one-premise argument, added by the analyst), a rebut, an undermine, an undercut and two
stances. The quotes' offsets are computed here from the source text, so ``argmap
check-quotes`` passes on the new file. The only user input, the title, goes into a YAML
double-quoted scalar written by PyYAML's emitter (YAML 1.1 §5.7 escapes), never into a
comment or a plain scalar, so any title reads back exactly as it was given.
"""

from __future__ import annotations

import shlex

import yaml

from argmap.errors import InputError
from argmap.model.ids import slugify

__all__ = ["SOURCE_TEXT", "default_map_id", "new_map_text"]

SOURCE_TEXT = (
    "Supporters say a four-day week raises productivity. "
    "In a six-month trial, output per hour rose by a fifth. "
    "Critics reply that the gains came from small firms that chose to take part, "
    "and that larger firms saw none."
)

# The quotes of the claims, in the order they appear in SOURCE_TEXT.
_QUOTES = {
    "raises": "a four-day week raises productivity",
    "trial": "In a six-month trial, output per hour rose by a fifth",
    "small": "the gains came from small firms that chose to take part",
    "larger": "larger firms saw none",
}

_TEMPLATE = """\
# A new argument map. Replace the example debate below with your own, then check it with
#   argmap validate {file} --shacl
#   argmap check-quotes {file}
# The format is described in docs/authoring.md; `argmap schema` prints its JSON Schema.
argmap: 1                 # format version: always 1 for now
id: {map_id:21} # the map's slug: letters, digits, - _ . (names its RDF graph)
title: {title}
description: A starter map made by `argmap new`; the example debate is there to be replaced.

sources:                  # documents that quotes point into
  - id: example-note
    title: An example note on the four-day week
    # Paste the document's text here (or use `text_file: PATH` beside this file): every quote
    # is then checked against it. Keep the text exactly as published.
    text: {source_text}

actors:                   # who takes positions
  - id: supporters
    name: Supporters of the four-day week
    kind: community       # company | organization | community | government | person | country
  - id: critics
    name: Critics of the four-day week
    kind: community

issues:                   # the open questions that claims answer
  - id: productivity
    text: Does a four-day week raise productivity?

claims:                   # statements someone can hold, each with the words it rests on
  - id: raises-productivity
    text: A four-day week raises productivity.
    kind: prediction      # fact | definition | prediction | value | policy
    answers: [productivity]
    quotes:
      # start/end count characters (Unicode code points) from the start of the source text;
      # `argmap check-quotes` shows where a quote really is when they are wrong.
      - {{source: example-note, text: {q_raises}, start: {s_raises}, end: {e_raises}}}
  - id: trial-output-rose
    text: In a six-month trial, output per hour rose by a fifth.
    kind: fact
    quotes:
      - {{source: example-note, text: {q_trial}, start: {s_trial}, end: {e_trial}}}
  - id: trial-firms-typical
    text: The firms in the trial are like firms in general.
    note: Unstated in the text; the argument from the trial needs it.
  - id: gains-only-in-small-firms
    text: The trial's gains came from small firms that chose to take part.
    kind: fact
    quotes:
      - {{source: example-note, text: {q_small}, start: {s_small}, end: {e_small}}}
  - id: larger-firms-saw-none
    text: Larger firms in the trial saw no gains.
    kind: fact
    quotes:
      - {{source: example-note, text: {q_larger}, start: {s_larger}, end: {e_larger}}}

arguments:                # premises that give a conclusion only together (linked)
  - id: trial-argument
    premises: [trial-output-rose, trial-firms-typical]
    conclusion: raises-productivity
    scheme: example       # a built-in scheme (`argmap schemes` lists them) or one under schemes:
    by: [supporters]      # who advances it: actor ids, or analyst for a link you add yourself

relations:                # from a claim to a claim, an argument or a relation
  - id: larger-firms-support-small-firms
    type: support         # a support is a one-premise argument, written short
    from: larger-firms-saw-none
    to: gains-only-in-small-firms
    strength: 0.7         # optional, 0 to 1
    by: [analyst]         # the text puts the two side by side; the link is the mapper's
  - id: larger-firms-rebut-productivity
    type: attack
    kind: rebut           # a rebut says a claim (or an argument's conclusion) is false
    from: larger-firms-saw-none
    to: raises-productivity
    by: [critics]
  - id: small-firms-undermine-typical
    type: attack
    kind: undermine       # an undermine attacks a premise of an argument
    from: gains-only-in-small-firms
    to: trial-firms-typical
    by: [critics]
  - id: small-firms-undercut-trial
    type: attack
    kind: undercut        # an undercut says the premises do not give the conclusion
    from: gains-only-in-small-firms
    to: trial-argument    # it targets an argument (or a relation)
    warrant: A trial of small volunteer firms says little about firms in general.
    by: [critics]

stances:                  # an actor endorses, opposes or is concerned about a claim
  - id: supporters-endorse-productivity
    actor: supporters
    claim: raises-productivity
    position: endorses
    quotes:
      - {{source: example-note, text: {q_raises}, start: {s_raises}, end: {e_raises}}}
  - id: critics-oppose-productivity
    actor: critics
    claim: raises-productivity
    position: opposes
"""


def _scalar(text: str) -> str:
    """``text`` as one YAML double-quoted scalar on one line (PyYAML escapes what needs it)."""
    dumped = yaml.dump(
        text,
        Dumper=yaml.SafeDumper,
        default_style='"',
        allow_unicode=True,
        width=float("inf"),
        explicit_end=False,
    )
    return dumped.removesuffix("\n...\n").rstrip("\n")


def default_map_id(title: str) -> str:
    """The map id a title gets: its slug (``argmap.model.ids.slugify``), or ``new-map``."""
    return slugify(title, fallback="new-map")


def new_map_text(title: str, *, file: str = "FILE.yaml") -> str:
    """The YAML text of a commented starter map titled ``title``; it validates as it is.

    ``file`` only appears in the comment that shows how to check the map.
    """
    if not title.strip():
        raise InputError("the title is empty; give the map a title, e.g. argmap new 'My debate'")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "the title is not valid Unicode text; retype it in a UTF-8 terminal"
        ) from None
    fields: dict[str, object] = {
        # The file name only goes into a comment: one printable line, quoted for a shell.
        "file": shlex.quote(file) if file.isprintable() else "FILE.yaml",
        "map_id": _scalar(default_map_id(title)),
        "title": _scalar(title),
        "source_text": _scalar(SOURCE_TEXT),
    }
    for name, quote in _QUOTES.items():
        start = SOURCE_TEXT.index(quote)
        fields[f"q_{name}"] = _scalar(quote)
        fields[f"s_{name}"] = start
        fields[f"e_{name}"] = start + len(quote)
    return _TEMPLATE.format(**fields)
