"""Organisations named around "signed" / "agreement" phrases."""

from __future__ import annotations

import re

from geo.extract._found import FoundOrganisation, Sentence

__all__ = ["find_organisations"]

_ORG_SENT_RE = re.compile(r"\b(?:signed|sign|agreement|memorandum|contract|deal)\b", re.I)


def find_organisations(
    text: str, sentences: list[Sentence], dems: dict[str, tuple[str, str]]
) -> list[FoundOrganisation]:
    """Organisations named in the sentences that speak of signing or agreeing.

    Parameters
    ----------
    text : str
        The report.
    sentences : list of Sentence
        Its sentences (:func:`geo.extract.split_sentences`).
    dems : dict
        Demonym → (country name, ISO 3166-1 alpha-2), for "the Russian company X".

    Returns
    -------
    list of FoundOrganisation
        In text order; ``country_code`` set when a demonym leads the name.
    """
    out: list[FoundOrganisation] = []
    for s in sentences:
        if not _ORG_SENT_RE.search(s.text):
            continue
        for m in re.finditer(
            r"(?:the\s+)?(?P<dem>[A-Z][a-z]+)\s+(?:group|company|firm|corporation|operator|"
            r"developer|bank|holding|carrier)\s+(?P<name>[A-Z][^,;]*?)"
            r"(?=\s+(?:and\s+the\s|and\s+(?=[a-z])|signed|agreed|will|have|has|,|;|\.))",
            text[s.start : s.end],
        ):
            name = m.group("name").strip()
            cc = dems.get(m.group("dem"), (None, None))[1]
            a = s.start + m.start("name")
            out.append(
                FoundOrganisation(a, a + len(name), name, s.index, name=name, country_code=cc)
            )
        # named organisations without a "company"/"group" lead: by their suffix
        for m in re.finditer(
            r"(?<![\w’'])(?:[A-Z][\w’'&.-]*\s+(?:(?:and|of|&)\s+)?){1,6}?"
            r"(?:Company|Corporation|Group|Holdings?|Bank|Railways|Industries|Fund|Authority)\b",
            text[s.start : s.end],
        ):
            a, b = s.start + m.start(), s.start + m.end()
            if any(o.start <= a < o.end or a <= o.start < b for o in out):
                continue
            name = text[a:b]
            out.append(FoundOrganisation(a, b, name, s.index, name=name))
    return sorted(out, key=lambda o: o.start)
