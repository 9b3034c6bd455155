"""AIF JSON, both ways: AIFdb nodesets, OVA files and the xAIF wrapper (reading in
:mod:`argmap.formats.aif_read`, writing in :mod:`argmap.formats.aif_write`, the shared names
in :mod:`argmap.formats.aif_vocab`).

The Argument Interchange Format (Chesñevar et al. 2006; the AIF JSON of AIFdb,
http://corpora.aifdb.org, and OVA, http://ova.arg-tech.org) is a graph of *information
nodes* (``I``, what is said) and *scheme nodes* between them: ``RA`` (inference, a support),
``CA`` (conflict, an attack), ``MA`` (rephrase), ``PA`` (preference); the dialogue layer adds
``L`` (locutions, who said what), ``TA`` (transitions) and ``YA`` (illocutions, anchoring a
locution to what it asserts). Edges are ``{"fromID", "toID"}``; ``locutions`` give each
L-node's ``personID``; ``participants`` give names.

Reading (AIF -> model):

- every node's nodeID and timestamp -> the entity's ``identifier`` and ``created``, as
  written, so that an export writes them back (entities that share one, such as the
  arguments of an RA node with two conclusions, are one node again);
- I-node -> claim (the nodeID is kept as the id when it is a slug with a letter, else the
  text is slugified);
- RA with several I-node premises -> ONE argument whose premises are linked (needed
  together), for each conclusion; its scheme is the node's ``scheme`` (else, without that
  field, its text) unless a default like ``Default Inference``: a built-in scheme when the
  name is one's (AIFdb's "Expert Opinion", argmap's "Argument from expert opinion"), else a
  scheme of the map's own; a text beside a ``scheme`` that names something else is the
  warrant. RA with one premise -> a support (the scheme name, else the text, its warrant);
- CA -> an attack: into an I-node that is a premise of some argument or support and no
  inference's conclusion, an undermine; into any other I-node, a rebut; into an RA node, an
  undercut of that argument (or support); into a CA/MA node, an undercut of the relation it
  became. A CA whose ``scheme`` is ``Contrary`` is a contrary; ``Contradictory`` CA nodes
  one each way between two I-nodes are one contradictory (argmap writes these names);
- MA -> a rephrase (the source restates the target);
- L-node -> a locution, by its speaker (``participants`` name, else the ``Name :`` prefix
  AIFdb puts on locution texts, else "Participant N"), an actor (kind ``person``, its
  personID the ``identifier``); TA -> a transition between locutions; YA -> an illocution
  (its force, from a locution or transition, to what it anchors). A YA from a locution to
  an I-node is also that actor's stance: asserting/agreeing/conceding/restating ->
  endorses, disagreeing/assertive or rhetorical challenging -> opposes, questioning/pure
  challenging -> concerned. A YA anchored in a TA that points to an RA or CA node gives
  that argument or attack its ``by``: the speakers of the locutions the TA leads to;
- PA (preference) nodes are refused (the model has no preference); supports of scheme
  nodes and edges to nodes that are not there are counted in the map's description.

Writing (model -> AIF) is the reverse, so AIF -> argmap -> AIF keeps every RA node: claims
-> I; an argument -> ONE RA node (its scheme's name as ``text`` and ``scheme``, AIFdb's
title-case name for a built-in one; a warrant, if any, as the ``text``) with an edge from
each premise and one to the conclusion; a support -> an RA with one premise; an attack ->
a CA into the I-node it attacks (a rebut of an argument: into its conclusion; an undercut:
into the RA/CA/MA node of what it attacks); a contrary -> a CA with scheme ``Contrary``; a
contradictory -> two CA nodes with scheme ``Contradictory``, one each way (AIF reads a CA
each way as a contradiction); a rephrase -> an MA node; locutions, transitions and
illocutions -> L, TA and YA nodes (and a ``locutions`` entry per spoken locution); a
stance no illocution already says -> an L-node by the actor (a participant) with a YA
(Asserting / Disagreeing / Pure Questioning) to the claim. Kept nodeIDs and timestamps
are written back (docs/formats.md). Strengths, quotes, issues, topics, kinds, notes and a
map scheme's description have no AIF form. What AIF itself cannot say comes back changed:
an attack's kind follows where its CA node points (a rebut of a premise-only claim comes
back an undermine), a one-premise argument comes back a support, and a map scheme's id is
made from its label.
"""

from __future__ import annotations

from argmap.formats.aif_read import (
    MAX_AIF_BYTES,
    builtin_scheme_of,
    from_aif,
    loads,
    read,
    scheme_key,
)
from argmap.formats.aif_vocab import ILLOCUTIONS
from argmap.formats.aif_write import aifdb_scheme_name, dumps, to_aif

__all__ = [
    "ILLOCUTIONS",
    "MAX_AIF_BYTES",
    "aifdb_scheme_name",
    "builtin_scheme_of",
    "dumps",
    "from_aif",
    "loads",
    "read",
    "scheme_key",
    "to_aif",
]
