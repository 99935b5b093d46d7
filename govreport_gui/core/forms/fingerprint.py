"""The sign-off fingerprint: SHA-256 over a canonical serialisation of a report's content.

The serialisation (version 1) is UTF-8 text, lines joined with ``\\n`` (no trailing newline)::

    govreport-fingerprint-v1
    form:<form id>
    form-definition:<SHA-256 of the form definition>
    field:<key>=<value>        one line per field of the form, in form order ('' when empty)
    cell:<id>=<value>          one line per value cell, in form order ('' when blank)

Values are written in their canonical text (integers in decimal, money as a plain decimal without
trailing zeros or exponent: ``10``, ``0.5``, ``24252.311082``). Fields never hold a line break.
Nothing depends on the platform, the locale, dict ordering or the program version, so the same
content gives the same fingerprint on any machine, and any one-cell change gives another.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Kind, Value, from_text, to_text
from govreport_gui.core.sha256 import sha256_hex

VERSION_LINE = "govreport-fingerprint-v1"


def canonical_text(
    form: FormDef, fields: Mapping[str, str], values: Mapping[str, Value | None]
) -> str:
    lines = [VERSION_LINE, f"form:{form.id}", f"form-definition:{form.fingerprint}"]
    lines.extend(f"field:{f.key}={fields.get(f.key, '')}" for f in form.fields)
    lines.extend(f"cell:{c.id}={canonical_value(values.get(c.id))}" for c in form.cells)
    return "\n".join(lines)


def canonical_value(value: Value | None) -> str:
    # A Decimal given as Decimal('10.0') is written as 10, as the stored value would be.
    if isinstance(value, Decimal):
        return to_text(from_text(Kind.MONEY, to_text(value)))
    return to_text(value)


def fingerprint(
    form: FormDef, fields: Mapping[str, str], values: Mapping[str, Value | None]
) -> str:
    return sha256_hex(canonical_text(form, fields, values).encode("utf-8"))


def short(fp: str) -> str:
    """The first 16 hex digits in groups of four: ``3f2a 9c01 77be 0d45``."""
    head = fp[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))
