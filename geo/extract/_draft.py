"""Group extracted findings into draft project records (see :mod:`geo.extract`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from geo.extract._places import demonyms

if TYPE_CHECKING:
    from geo.extract._found import Extraction, FoundPlace

__all__ = ["draft_records", "draft_yaml"]

# head noun → record type; longest first
_HEADS: tuple[tuple[str, str], ...] = (
    (r"logistics\s+and\s+transport\s+(?:center|centre|hub)", "logistics_hub"),
    (r"transport\s+and\s+logistics\s+(?:center|centre|hub)", "logistics_hub"),
    (r"logistics\s+(?:center|centre|hub|park|complex)", "logistics_hub"),
    (r"(?:railway|rail|road|highway|automobile)\s+bridge|bridge", "bridge"),
    (r"border\s+crossing|checkpoint|crossing\s+point", "border_crossing"),
    (r"(?:gas|oil|crude|product)\s+pipeline|pipeline", "pipeline"),
    (r"(?:transport|economic|trade|rail|railway|road)\s+corridor|corridor", "corridor"),
    (r"(?:oil|gas|grain|coal|container|lng)\s+terminal|terminal", "terminal"),
    (r"(?:sea|river)\s*port|port", "port"),
    (r"railway|railroad|rail\s+line", "railway"),
    (r"highway|motorway", "road"),
    (r"power\s+line|transmission\s+line", "power_line"),
    (r"cable\s+car", "cable_car"),
    (r"industrial\s+park|industrial\s+zone|special\s+economic\s+zone", "industrial_park"),
)
_HEAD_ALT = "|".join(f"(?:{rx})" for rx, _ in _HEADS)
_NAME_WORD = r"[A-Z][\w’'.]*(?:[-–][A-Z][\w’'.]*)*"
_MENTION_RE = re.compile(
    rf"(?P<name>(?:{_NAME_WORD}[ \t]+){{1,4}})(?P<head>{_HEAD_ALT})\b"
    rf"|(?P<name2>(?:{_NAME_WORD}[ \t]+){{1,3}})(?P<head2>(?i:{_HEAD_ALT}))\b",
)
_STATUS: tuple[tuple[str, str], ...] = (
    (r"\b(?:opened|in\s+operation|operating|operational|launched|commissioned)\b", "operating"),
    (r"\b(?:under\s+construction|are\s+building|is\s+building|being\s+built)\b", "construction"),
    (r"\b(?:suspended|frozen|shelved|on\s+hold)\b", "shelved"),
    (r"\b(?:cancelled|canceled|scrapped|abandoned)\b", "cancelled"),
    (
        r"\b(?:planned|will|expect|expecting|proposed|agreement\s+on\s+the\s+construction|"
        r"to\s+build|would)\b",
        "proposed",
    ),
)
#: Words before an object's name that make it a landmark locating another object.
_LOCATOR_RE = re.compile(
    r"\b(?:in\s+the\s+(?:area|vicinity)\s+of|near|next\s+to|close\s+to|beside|"
    r"adjacent\s+to|not\s+far\s+from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "on the Russian side", "on the Russian-Chinese border" after a landmark.
_SIDE_RE = re.compile(
    r"[^.;]{0,40}?\bon\s+the\s+(?P<a>[A-Z]\w+)(?:[-–](?P<b>[A-Z]\w+))?\s+"
    r"(?P<what>side|bank|border|end)\b"
)
#: Record types drawn as lines: located by the places their name joins, never "near".
_LINEAR = ("bridge", "railway", "road", "pipeline", "corridor", "power_line")
#: A sentence that goes on about the object the sentence before named.
_CONTINUES_RE = re.compile(
    r"^(?:The|This|That|It|Its)\b(?:\s+(?:project|centre|center|facility|hub|"
    r"bridge|pipeline|terminal|complex|plant|line|corridor)\b)?"
)
_DROP_WORDS = frozenset(
    ["the", "a", "an", "huge", "new", "major", "planned", "so-called", "big", "giant", "large"]
)


def _slug(text: str) -> str:
    """ASCII slug of ``text``: Cyrillic by BGN/PCGN (iuliia), Chinese by pinyin."""
    from geo.gazetteer import slug

    return slug(text) or "record"


def _type_of(head: str) -> str:
    for rx, kind in _HEADS:
        if re.fullmatch(rx, head, flags=re.IGNORECASE):
            return kind
    return "corridor"


def _mentions(ex: Extraction) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in _MENTION_RE.finditer(ex.text):
        name = (m.group("name") or m.group("name2") or "").strip()
        head = m.group("head") or m.group("head2")
        words = name.split()
        while words and words[0].lower() in _DROP_WORDS:
            words.pop(0)
        if not words:
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        start = ex.text.index(words[0], start)
        full = ex.text[start : m.end()]
        full = full.strip("“”\"'")
        sent = next((s.index for s in ex.sentences if s.start <= start < s.end), 0)
        if ex.sentences and ex.sentences[sent].paragraph == 0:
            continue  # the title repeats what the body says
        if any(o.start <= start < o.end for o in ex.organisations):
            continue  # "… Bridge Development Company" is a party, not an object
        s_start = ex.sentences[sent].start if ex.sentences else 0
        out.append(
            {
                "name": full,
                "start": start,
                "end": m.end(),
                "type": _type_of(head),
                "sentence": sent,
                "head": head,
                "prefix": " ".join(words),
                # "… in the area of the X bridge": X locates another object
                "locator": bool(_LOCATOR_RE.search(ex.text[s_start:start])),
            }
        )
    return out


def _place_entry(p: FoundPlace, source: str) -> dict[str, Any]:
    loc: dict[str, Any] = {"place": p.name or p.text}
    if p.country_code:
        loc["country"] = p.country_code
    if p.precision:
        loc["precision"] = int(p.precision)
    if p.uncertainty_km:
        loc["uncertainty_km"] = float(p.uncertainty_km)
    loc["source"] = source
    loc["note"] = f"as written: {p.text!r}; gazetteer {p.gazetteer_id} at {p.lat:.5f}, {p.lon:.5f}"
    return loc


def _near_landmark(
    ex: Extraction,
    key: str,
    sent_ids: set[int],
    mentions: list[dict[str, Any]],
    info: dict[str, Any],
    ref: str,
) -> tuple[dict[str, Any], str] | None:
    """Location "near X on the RU side" when the object's sentence locates it by a landmark.

    The landmark is another object named after "in the area of", "near" … whose
    name resolves (a mapped feature, else its places).  The side comes from "on the
    Russian side"; for "on the Russian-Chinese border" it is the country of the
    first party of the sentence when that is one of the two, else left open.  The
    point is the landmark's place on that side (its end there), IATI precision 2.
    """
    if info["type"] in _LINEAR:
        return None
    dems = demonyms()
    for m in sorted(mentions, key=lambda m: m["start"]):
        if not m["locator"] or m["sentence"] not in sent_ids or _slug(m["name"]) == key:
            continue
        inside = [
            p
            for p in ex.places
            if m["start"] <= p.start and p.end <= m["end"] and p.resolved and p.lat is not None
        ]
        feats = [p for p in inside if p.kind == "feature"]
        parts = [p for p in inside if p.kind != "feature"]
        if not inside:
            continue
        side = None
        how = ""
        sm = _SIDE_RE.match(ex.text, m["end"])
        if sm:
            ccs = [dems.get(sm[g], (None, None))[1] for g in ("a", "b") if sm[g]]
            if sm["what"] != "border" or len(ccs) == 1:
                side, how = ccs[0], f"the report says {sm.group(0).strip()!r}"
            else:
                orgs = [o for o in ex.organisations if o.sentence == m["sentence"]]
                first_cc = orgs[0].country_code if orgs else None
                if first_cc in ccs:
                    side = first_cc
                    how = (
                        f"the report says {sm.group(0).strip()!r}; side of the first party "
                        f"({orgs[0].name})"
                    )
        on_side = [p for p in parts if side and p.country_code == side]
        at = on_side[0] if on_side else (feats or parts)[0]
        landmark = feats[0] if feats else at
        loc: dict[str, Any] = {"place": landmark.name or landmark.text, "relation": "near"}
        if side:
            loc["side"] = side
            loc["country"] = side
        elif at.country_code:
            loc["country"] = at.country_code
        loc["lat"] = round(float(at.lat), 5)
        loc["lon"] = round(float(at.lon), 5)
        loc["precision"] = 2
        loc["uncertainty_km"] = float(max(at.uncertainty_km or 0.0, 5.0))
        loc["source"] = ref
        end = f"the {side} end" if on_side else "it"
        loc["note"] = (
            f"near {m['name']!r} as written; mapped at {end}: {at.name} "
            f"(gazetteer {at.gazetteer_id})"
        )
        note = (
            f"location: near the landmark {m['name']!r}"
            + (f", on the {side} side ({how})" if side else ", side not stated")
            + "; check the site"
        )
        return loc, note
    return None


def draft_records(
    ex: Extraction,
    *,
    source_id: str = "report",
    source_title: str | None = None,
    source_file: str | None = None,
    report_date: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Group findings into draft records, one per infrastructure object named.

    Parameters
    ----------
    ex : Extraction
        Output of :func:`geo.extract.extract`.
    source_id : str, keyword-only
        Id of the report as a record source (a slug); values cite it as
        ``"<source_id>#p<paragraph>"``.
    source_title, source_file : str, optional, keyword-only
        Title and path of the report, written into each record's ``sources``.
    report_date : datetime.date, optional, keyword-only
        The report's date: the as-of date of investments; default the latest full
        date in the text (flagged for review).

    Returns
    -------
    list of dict
        Records in the schema of :class:`geo.records.Record`, plus a ``review``
        list (field → what to check).  Capacities and investment come from the
        sentences that name the object and the paragraph after it ("The project
        … will include …"), places from the object's name and sentence.
    """
    mentions = _mentions(ex)
    by_key, order = _objects(mentions)
    subject = _subjects(ex, mentions)
    date_iso = report_date.isoformat() if report_date else None
    full_dates = sorted((d for d in ex.dates if d.precision == "day"), key=lambda d: d.value)
    if date_iso is None and full_dates:
        date_iso = full_dates[-1].value
    source = _Source(
        id=source_id,
        title=source_title or ex.title or "report",
        file=source_file,
        date=report_date,
        date_iso=date_iso,
    )
    drafts: list[dict[str, Any]] = []
    for key in order:
        # the sentences about this object; a sentence naming it only as another
        # object's landmark gives it no status, parties, money nor capacities
        sent_ids = {s for s, k in subject.items() if k == key}
        drafts.append(_draft(ex, key, by_key[key], sent_ids, mentions, source))
    return drafts


@dataclass(frozen=True)
class _Source:
    """The report as a record source: id, title, file, date (and its ISO as-of date)."""

    id: str
    title: str
    file: str | None
    date: dt.date | None
    date_iso: str | None


def _objects(mentions: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """One object per distinct name (by slug): its mentions, type and name; and the order."""
    by_key: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for m in mentions:
        key = _slug(m["name"])
        if key not in by_key:
            by_key[key] = {"mentions": [], "type": m["type"], "name": m["name"]}
            order.append(key)
        by_key[key]["mentions"].append(m)
    return by_key, order


def _subjects(ex: Extraction, mentions: list[dict[str, Any]]) -> dict[int, str]:
    """Which object (slug) each sentence speaks of.

    The first object named in it, else the subject of the last sentence that named
    one (same or next paragraph) when the sentence opens with "The project", "It" ….
    """
    subject: dict[int, str] = {}
    last: tuple[str, int] | None = None
    for s in ex.sentences:
        named = [m for m in mentions if m["sentence"] == s.index]
        if named:
            # the sentence is about the first object it names, not its landmarks
            named.sort(key=lambda m: (m["locator"], m["start"]))
            last = (_slug(named[0]["name"]), s.paragraph)
            subject[s.index] = last[0]
        elif last and s.paragraph - last[1] <= 1 and _CONTINUES_RE.match(s.text):
            subject[s.index] = last[0]
    return subject


def _draft(
    ex: Extraction,
    key: str,
    info: dict[str, Any],
    sent_ids: set[int],
    mentions: list[dict[str, Any]],
    source: _Source,
) -> dict[str, Any]:
    """The draft record of one object, its ``review`` list last."""
    review: list[str] = []
    rec: dict[str, Any] = {"id": key, "name": info["name"], "type": info["type"]}
    first = info["mentions"][0]
    para = ex.sentences[first["sentence"]].paragraph
    ref = f"{source.id}#p{para}" if para else source.id
    rec["status"] = _status(ex, sent_ids, review)
    _add_places(ex, rec, review, first=first, sent_ids=sent_ids, source=source)
    near = _near_landmark(ex, key, sent_ids, mentions, info, ref)
    _add_location(ex, rec, review, info=info, first=first, sent_ids=sent_ids, near=near, ref=ref)
    _add_capacities(ex, rec, review, sent_ids=sent_ids, source=source)
    _add_investment(ex, rec, review, sent_ids=sent_ids, source=source)
    sigs = [
        d
        for d in ex.dates
        if d.sentence in sent_ids and re.search(r"\bsign", ex.sentences[d.sentence].text)
    ]
    if sigs:
        rec["dates"] = {"signed": sigs[0].value, "source": ref}
    rec["summary"] = ex.sentences[first["sentence"]].text
    src: dict[str, Any] = {"id": source.id, "title": source.title}
    if source.date:
        src["date"] = source.date.isoformat()
    src["file"] = source.file or f"{source.id}.txt"
    if not source.file:
        review.append("sources.0.file: give the report's path or url")
    rec["sources"] = [src]
    rec["review"] = review
    return rec


def _status(ex: Extraction, sent_ids: set[int], review: list[str]) -> str:
    """The status the object's sentences word ("opened", "will"), noted for review."""
    if not sent_ids:
        review.append(
            "status: the report names it only as a landmark for another object, so "
            "it is taken to exist ('operating'); check it"
        )
        return "operating"
    text_of = " ".join(ex.sentences[i].text for i in sorted(sent_ids))
    status = "proposed"
    for rx, st in _STATUS:
        if re.search(rx, text_of, flags=re.IGNORECASE):
            status = st
            break
    review.append(f"status: guessed {status!r} from the wording; check it")
    return status


def _in_name(ex: Extraction, first: dict[str, Any]) -> list[FoundPlace]:
    """Resolved places inside the object's first mention."""
    return [
        p for p in ex.places if first["start"] <= p.start and p.end <= first["end"] and p.resolved
    ]


def _in_sentences(
    ex: Extraction, sent_ids: set[int], in_name: list[FoundPlace]
) -> list[FoundPlace]:
    """Resolved place names of the object's sentences, outside its name."""
    return [
        p
        for p in ex.places
        if p.sentence in sent_ids and p.resolved and p.kind == "name" and p not in in_name
    ]


def _add_places(
    ex: Extraction,
    rec: dict[str, Any],
    review: list[str],
    *,
    first: dict[str, Any],
    sent_ids: set[int],
    source: _Source,
) -> None:
    """``countries`` (of the places in the name and sentences) and ``parties``."""
    in_name = _in_name(ex, first)
    in_sents = _in_sentences(ex, sent_ids, in_name)
    countries = sorted(
        {p.country_code for p in in_name + in_sents if p.country_code and p.precision != 6}
        | {p.country_code for p in in_name if p.country_code}
    )
    if countries:
        rec["countries"] = countries
    orgs = [o for o in ex.organisations if o.sentence in sent_ids]
    if orgs:
        rec["parties"] = [
            {
                "name": o.name,
                **({"country": o.country_code} if o.country_code else {}),
                "role": "party",
                "source": f"{source.id}#p{ex.sentences[o.sentence].paragraph}",
            }
            for o in orgs
        ]
        review.append("parties: roles are 'party'; say who develops, finances, operates")


def _add_location(
    ex: Extraction,
    rec: dict[str, Any],
    review: list[str],
    *,
    info: dict[str, Any],
    first: dict[str, Any],
    sent_ids: set[int],
    near: tuple[dict[str, Any], str] | None,
    ref: str,
) -> None:
    """``location`` or ``route``: places inside the object's name first, then its sentences."""
    in_name = _in_name(ex, first)
    feature = [p for p in in_name if p.kind == "feature"]
    named_places = [p for p in in_name if p.kind != "feature"]
    in_sents = _in_sentences(ex, sent_ids, in_name)
    linear = info["type"] in _LINEAR
    mapped = [p for p in feature if p.match not in ("pair", None) and (p.precision or 9) <= 2]
    if mapped:
        # the gazetteer maps the feature itself ("… railway bridge"): its point
        rec["location"] = _place_entry(mapped[0], ref)
    elif near is not None:
        rec["location"], note = near
        review.append(note)
    elif linear and len(named_places) >= 2:
        rec["route"] = {
            "accuracy": "low",
            "waypoints": [_place_entry(p, ref) for p in named_places],
            "source": ref,
        }
        review.append("route: straight line between the places the name joins")
    else:
        pick = (named_places or feature or in_sents or [None])[0]
        if pick is not None:
            loc = _place_entry(pick, ref)
            if pick not in in_name:
                loc["precision"] = max(int(pick.precision or 2), 2)
                review.append(
                    f"location: {pick.text!r} is named in the same sentence, not in "
                    "the object's name; check the site"
                )
            rec["location"] = loc
        else:
            review.append("location: no place resolved; add place or lat/lon")


def _add_capacities(
    ex: Extraction, rec: dict[str, Any], review: list[str], *, sent_ids: set[int], source: _Source
) -> None:
    """``capacities`` (mass, volume, containers) and ``length_km`` from the object's sentences."""
    caps: list[dict[str, Any]] = []
    for q in ex.quantities:
        if q.sentence not in sent_ids or q.kind not in ("mass", "volume", "containers"):
            continue
        cap: dict[str, Any] = {
            "commodity": q.commodity or "unknown",
            "value": q.value,
            "unit": q.unit,
            "source": f"{source.id}#p{ex.sentences[q.sentence].paragraph}",
            "as_written": q.text,
        }
        if q.commodity is None:
            review.append(f"capacities: commodity of {q.text!r} not found; name it")
        if q.period is None and q.kind == "mass":
            cap["note"] = "the report gives no period"
        if any(c["commodity"] == cap["commodity"] for c in caps):
            cap["key"] = f"{cap['commodity']}-{len(caps) + 1}"
        caps.append(cap)
    if caps:
        rec["capacities"] = caps
        review.append("capacities: check commodity and period of each")
    lengths = [q for q in ex.quantities if q.sentence in sent_ids and q.kind == "length"]
    if lengths and lengths[0].value_base:
        rec["length_km"] = round(lengths[0].value_base / 1000.0, 3)
        rec["length_source"] = f"{source.id}#p{ex.sentences[lengths[0].sentence].paragraph}"
        review.append(f"length_km: from {lengths[0].text!r}; is it the object's length?")


def _add_investment(
    ex: Extraction, rec: dict[str, Any], review: list[str], *, sent_ids: set[int], source: _Source
) -> None:
    """``investment``: the first investment amount of the object's sentences."""
    money = [m for m in ex.money if m.sentence in sent_ids and m.equivalent_of is None]
    inv = next((m for m in money if m.investment), None)
    if inv is None:
        return
    investment: dict[str, Any] = {
        "amount": inv.amount,
        "currency": inv.currency,
        "date": source.date_iso or dt.date.today().isoformat(),
        "source": f"{source.id}#p{ex.sentences[inv.sentence].paragraph}",
    }
    if inv.equivalent is not None:
        eq = ex.money[inv.equivalent]
        if eq.currency == "USD":
            investment["stated_usd"] = eq.amount
            investment["stated_usd_source"] = investment["source"]
    rec["investment"] = investment
    try:
        from geo.units import to_usd

        to_usd(inv.amount, inv.currency, dt.date.fromisoformat(investment["date"]))
    except (ValueError, TypeError) as exc:
        review.append(f"investment: {exc}")
    review.append(
        "investment.date: the report's date or latest date in the text; give the as-of date"
    )


def draft_yaml(records: list[dict[str, Any]]) -> str:
    """Render draft records as YAML: one document holding a list, review notes included.

    The ``review`` key of each record is not part of the schema: ``geo validate``
    rejects the file until every ``review`` list has been read and deleted.
    """
    head = (
        "# Draft records extracted by `geo extract`: check every field listed under\n"
        "# `review`, fix what is wrong, then delete the `review` lists; `geo validate`\n"
        "# rejects the file until then.\n"
    )
    body = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=88)
    return head + body
