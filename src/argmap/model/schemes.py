"""The built-in argumentation schemes: the common schemes of Walton, Reed & Macagno (2008),
*Argumentation Schemes*, Cambridge UP, as AIF's scheme ontology (AIFdb's scheme list) names
them. ``ontology/schemes.ttl`` holds the same list as a SKOS concept scheme (a test keeps
the two equal); a map adds its own under ``schemes:``.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["BUILTIN_SCHEMES", "SchemeInfo"]


class SchemeInfo(NamedTuple):
    label: str
    definition: str


BUILTIN_SCHEMES: dict[str, SchemeInfo] = {
    "expert-opinion": SchemeInfo(
        "Argument from expert opinion",
        "E is an expert in a domain containing A and asserts A; so A may plausibly be taken "
        "as true.",
    ),
    "position-to-know": SchemeInfo(
        "Argument from position to know",
        "a is in a position to know whether A is true and asserts that A is true; so A.",
    ),
    "witness-testimony": SchemeInfo(
        "Argument from witness testimony",
        "a witness who was in a position to know states A; so A.",
    ),
    "popular-opinion": SchemeInfo(
        "Argument from popular opinion",
        "A is generally accepted as true; so A may plausibly be taken as true.",
    ),
    "popular-practice": SchemeInfo(
        "Argument from popular practice",
        "most people do A and consider it acceptable; so A is acceptable.",
    ),
    "example": SchemeInfo(
        "Argument from example",
        "in this case the individual a has property F and also property G; so generally, "
        "if x has F it has G.",
    ),
    "analogy": SchemeInfo(
        "Argument from analogy",
        "case C1 is similar to case C2; A is true in C1; so A is true in C2.",
    ),
    "precedent": SchemeInfo(
        "Argument from precedent",
        "a past case was decided or turned out so; the present case is like it; so it will "
        "be decided or turn out the same way.",
    ),
    "verbal-classification": SchemeInfo(
        "Argument from verbal classification",
        "a has property F; whatever has F can be classified as G; so a is G.",
    ),
    "cause-to-effect": SchemeInfo(
        "Argument from cause to effect",
        "generally, if A occurs then B will occur; A occurs; so B will occur.",
    ),
    "correlation-to-cause": SchemeInfo(
        "Argument from correlation to cause",
        "there is a positive correlation between A and B; so A causes B.",
    ),
    "sign": SchemeInfo(
        "Argument from sign",
        "A is true in this situation; B is generally indicated as true when its sign A is "
        "true; so B is true.",
    ),
    "evidence-to-hypothesis": SchemeInfo(
        "Argument from evidence to a hypothesis",
        "if A is true then B will be observed; B is observed; so A is plausibly true.",
    ),
    "positive-consequences": SchemeInfo(
        "Argument from positive consequences",
        "if A is brought about, good consequences will plausibly occur; so A should be "
        "brought about.",
    ),
    "negative-consequences": SchemeInfo(
        "Argument from negative consequences",
        "if A is brought about, bad consequences will plausibly occur; so A should not be "
        "brought about.",
    ),
    "practical-reasoning": SchemeInfo(
        "Practical reasoning",
        "I have goal G; carrying out action A is a means to realise G; so I ought to carry out A.",
    ),
    "values": SchemeInfo(
        "Argument from values",
        "value V is positive (or negative) as judged by agent a; it gives a reason for (or "
        "against) commitment to goal G.",
    ),
    "waste": SchemeInfo(
        "Argument from waste",
        "if a stops trying to realise A now, all previous efforts to realise A are wasted; "
        "so a ought to continue.",
    ),
    "slippery-slope": SchemeInfo(
        "Slippery slope argument",
        "taking the first step A0 leads through a sequence of steps to an outcome that is "
        "bad; so A0 should not be taken.",
    ),
    "commitment": SchemeInfo(
        "Argument from commitment",
        "a is committed to proposition A; so a should also accept B, which A implies.",
    ),
    "inconsistent-commitment": SchemeInfo(
        "Argument from inconsistent commitment",
        "a has claimed to be committed to A, yet a's conduct or words show a commitment to "
        "not-A; so a's commitment to A is questionable.",
    ),
    "ad-hominem": SchemeInfo(
        "Ad hominem argument",
        "a is a person of bad character (or biased, or inconsistent); so a's argument "
        "should not be accepted.",
    ),
    "bias": SchemeInfo(
        "Argument from bias",
        "an arguer who is biased is less likely to have weighed the evidence fairly; a is "
        "biased; so a's argument is less credible.",
    ),
    "established-rule": SchemeInfo(
        "Argument from an established rule",
        "for all x, if doing A is the established rule for x, then x must do A; the rule "
        "applies to a; so a must do A.",
    ),
    "alternatives": SchemeInfo(
        "Argument from alternatives",
        "either A or B; B is not acceptable; so A.",
    ),
    "definition": SchemeInfo(
        "Argument from definition to classification",
        "a fits the definition D of class G; so a is a G.",
    ),
    "default-inference": SchemeInfo(
        "Default inference",
        "a defeasible inference from premises to conclusion that fits no named scheme.",
    ),
}
