"""What a digital sign-off signs: a digest of each part of the report, and one canonical message.

Version ``govreport-signed-v2`` (the first signed version; v1 is the plain fingerprint of
:mod:`.fingerprint`, which old sign-offs keep) has three parts, each a SHA-256 over UTF-8 lines
joined with ``\\n``; every line is a compact JSON array (``ensure_ascii=False``), so a text
holding a line break, a quote or ``=`` can never be read as two lines or another field::

    tables:       ["govreport-part-tables", <form id>]
                  [<cell id>, <canonical value text>]     one per value cell, in form order
    fields:       ["govreport-part-fields", <form id>]
                  [<field key>, <text>]                   one per field of the form, in form order
    explanations: ["govreport-part-explanations", <form id>]
                  [<rule id>, <text>, <who>, <numbers>]   one per 说明, sorted by rule id

The signed message (:func:`message`) is again UTF-8 JSON lines::

    ["govreport-signed-v2"]
    ["form", <form id>]
    ["form-definition", <SHA-256 of the form definition>]
    ["part", <part name>, <hex digest>]    one per part, sorted by part name
    ["reviewer", <name>]
    ["at", <ISO 8601 time of signing, UTC>]

Version ``govreport-signed-v3`` (issue 16, what new sign-offs sign) adds the report's text::

    text:         ["govreport-part-text", <form id>]
                  [<section id>, <heading>, <text>]        one per section of the draft, in order

each as stored: the heading as the form file or the user wrote it (``四、{next}年工作思路``: the year
is in the fields part), the text with its figures as ``{{CELL_ID}}`` tokens (their values are in the
tables part). :data:`PARTS` keeps for every version the parts it covers, so a v2 signature still
verifies by its own rules (its text was never signed). The table-only exports (Excel, PDF) carry
every part's digest but cannot show the text: its digest is taken as embedded there, like the
explanations'. Nothing depends on the platform, locale, dict order or program version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from govreport_gui.core.forms.fingerprint import canonical_value
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.json_text import loads, quoted
from govreport_gui.core.sha256 import sha256_hex

V2 = "govreport-signed-v2"  # tables, fields, explanations (issue 13)
V3 = "govreport-signed-v3"  # and the report's text (issue 16)
CONTENT_VERSION = V3  # what new sign-offs sign

# The parts each version covers; a version not listed here cannot be verified by this program.
PARTS: dict[str, tuple[str, ...]] = {
    V2: ("explanations", "fields", "tables"),
    V3: ("explanations", "fields", "tables", "text"),
}

# One section as signed: (id, heading as stored, text as stored).
SectionItem = tuple[str, str, str]

# One 说明 as signed: (rule id, text, who wrote it, the numbers it explained).
ExplanationItem = tuple[str, str, str, str]


# Each text as ``json.dumps(text, ensure_ascii=False)`` writes it: a line is what
# ``json.dumps(items, ensure_ascii=False, separators=(",", ":"))`` writes for a list of texts,
# without the encoder ``dumps`` sets up for each list (a 2021 draft's check writes some 230 lines;
# tests/test_signed_content.py holds the two to the same text).
_quoted = quoted


def _line(*items: str) -> str:
    return "[" + ",".join([_quoted(item) for item in items]) + "]"


def _digest(lines: Iterable[str]) -> str:
    return sha256_hex("\n".join(lines).encode("utf-8", "surrogatepass"))


def tables_digest(form: FormDef, values: Mapping[str, Value | None]) -> str:
    head = _line("govreport-part-tables", form.id)
    return _digest([head, *(_line(c.id, canonical_value(values.get(c.id))) for c in form.cells)])


def fields_digest(form: FormDef, fields: Mapping[str, str]) -> str:
    head = _line("govreport-part-fields", form.id)
    return _digest([head, *(_line(f.key, str(fields.get(f.key, ""))) for f in form.fields)])


def explanations_digest(form: FormDef, explanations: Iterable[ExplanationItem]) -> str:
    head = _line("govreport-part-explanations", form.id)
    rows = sorted(tuple(str(x) for x in item) for item in explanations)
    return _digest([head, *(_line(*row) for row in rows)])


def text_digest(form: FormDef, sections: Iterable[SectionItem]) -> str:
    head = _line("govreport-part-text", form.id)
    return _digest([head, *(_line(*(str(x) for x in item)) for item in sections)])


def part_digests(
    form: FormDef,
    fields: Mapping[str, str],
    values: Mapping[str, Value | None],
    explanations: Iterable[ExplanationItem],
    version: str = CONTENT_VERSION,
    sections: Iterable[SectionItem] = (),
) -> dict[str, str]:
    """The digest of every part that ``version`` covers (KeyError: a version we do not know)."""
    wanted = PARTS[version]
    computed = {
        "tables": lambda: tables_digest(form, values),
        "fields": lambda: fields_digest(form, fields),
        "explanations": lambda: explanations_digest(form, explanations),
        "text": lambda: text_digest(form, sections),
    }
    return {name: computed[name]() for name in wanted}


def message(
    version: str,
    form_id: str,
    form_definition: str,
    digests: Mapping[str, str],
    reviewer: str,
    at: str,
) -> bytes:
    """The exact bytes signed for a sign-off (see the module text)."""
    lines = [_line(version), _line("form", form_id), _line("form-definition", form_definition)]
    lines.extend(_line("part", name, digests[name]) for name in sorted(digests))
    lines += [_line("reviewer", reviewer), _line("at", at)]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def digests_json(digests: Mapping[str, str]) -> str:
    """The digests as stored and embedded: compact JSON, keys sorted."""
    import json  # written when signing; a check reads them (loads) and imports no json

    return json.dumps(dict(digests), sort_keys=True, separators=(",", ":"))


def parse_digests(text: object) -> dict[str, str] | None:
    """The digests stored as JSON text, or None when the text is not a map of names to hex."""
    if not isinstance(text, str) or len(text) > 4096:
        return None
    try:
        data = loads(text)
    except (ValueError, RecursionError):  # 4,096 characters nest deeper than Python's limit
        return None
    if not isinstance(data, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return None
    return dict(data)


def explanation_items(rows: Sequence[Sequence[object]]) -> list[ExplanationItem]:
    """(rule id, text, who, numbers) from the stored explanation rows (rule_id, text, at, who,
    numbers): the time of writing is not part of what is signed, the rest is."""
    return [(str(r[0]), str(r[1]), str(r[3]), str(r[4])) for r in rows]
