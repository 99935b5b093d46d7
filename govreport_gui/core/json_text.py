"""JSON read and quoted with Python's C accelerator, without importing the ``json`` package.

Importing ``json`` costs a ``govreport check`` process ≈ 6M instructions (issue 14): it is four
modules, and ``json.decoder``, ``json.scanner`` and ``json.encoder`` compile six regular
expressions as they are imported. What reading a document needs of it is the C scanner
(``_json.make_scanner``), the very one ``json.loads`` runs, and quoting a text is
``_json.encode_basestring``, the very function ``json.dumps`` calls.

:func:`loads` gives what ``json.loads`` gives for a text: the same values, the same hooks called.
Only a document read whole is answered here; for anything else (a syntax error, a hook raising,
nesting too deep, a text starting with a BOM, text after the document, a Python without
``_json``), ``json.loads`` is called on the same text, and its answer or exception is the
caller's: every error is the one ``json`` raises (whose C scanner, on Python 3.11, raises
``JSONDecodeError`` only once ``json.decoder`` is imported).
"""

from __future__ import annotations

__all__ = ["loads", "quoted"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from collections.abc import Callable
    from json.encoder import encode_basestring as quoted
    from typing import Any

    _make_scanner: Callable[[_Settings], Callable[[str, int], tuple[Any, int]]] | None
else:
    # ``quoted(text)``: the text as ``json.dumps(text, ensure_ascii=False)`` writes it.
    try:
        from _json import encode_basestring as quoted
        from _json import make_scanner as _make_scanner
    except ImportError:  # a Python without the accelerator: what json itself falls back to
        from json.encoder import encode_basestring as quoted

        _make_scanner = None

# What json.decoder skips around the document (its WHITESPACE pattern).
_WHITESPACE = " \t\n\r"
# JSONDecoder's parse_constant: how json reads NaN and ±Infinity.
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _Settings:
    """What ``json.decoder.JSONDecoder`` hands its scanner: its settings as ``json.loads`` makes
    them (a hook not given is the default)."""

    __slots__ = (
        "object_hook",
        "object_pairs_hook",
        "parse_constant",
        "parse_float",
        "parse_int",
        "strict",
    )

    def __init__(
        self,
        object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None,
        parse_float: Callable[[str], Any] | None,
        parse_int: Callable[[str], Any] | None,
    ) -> None:
        self.strict = True
        self.object_hook = None
        self.object_pairs_hook = object_pairs_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = _CONSTANTS.__getitem__


def loads(
    text: str,
    *,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
    parse_float: Callable[[str], Any] | None = None,
    parse_int: Callable[[str], Any] | None = None,
) -> Any:
    """``json.loads(text, ...)`` for a text (see the module): the document, or json's exception."""
    if _make_scanner is not None and not text.startswith("\ufeff"):
        try:
            scan = _make_scanner(_Settings(object_pairs_hook, parse_float, parse_int))
            start = len(text) - len(text.lstrip(_WHITESPACE))
            value, end = scan(text, start)
        except Exception:  # json.loads below raises it again, as json raises it
            pass
        else:
            if not text[end:].lstrip(_WHITESPACE):
                return value
    import json

    return json.loads(
        text, object_pairs_hook=object_pairs_hook, parse_float=parse_float, parse_int=parse_int
    )
