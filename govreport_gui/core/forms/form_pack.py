"""A built form as bytes, and back: what the parsed-form cache keeps (issue 14).

Building a form from its file's data checks every id, rule, reference and phrase, and costs a
whole-process ``govreport check`` about 4 ms, more than anything else it does. The cache
(:mod:`form_cache`) therefore keeps the form as built, and a later run only puts the objects back.

The form is written with :mod:`pickle` (the form model's records pickle as any object whose state
is its ``__dict__``), because its C unpickler puts several hundred records back faster than any
reader written in Python: for the 2014 form, in a ``check`` process, 5.5M instructions with its
import, against 10M for JSON read with a hook and 18M to build it.

A pickle can name any function to call, so it is read by an unpickler that knows only the classes
it is given (the form model, :data:`formdef.MODEL`: its records and enums, nothing else). A pickle
that names anything else is refused (``UnpicklingError``), before anything is called, and the form
is built from its file. Nor can a pickle change those classes for the process (a BUILD on a class
or an enum member would set its attributes: ``FormDef.__init__ = None``): they take no state
(``record.refuse_state``). What a field holds is not checked (text where a number belongs): the cache
carries a checksum against damage, and whoever could forge it could change the user's other files
too (see :mod:`form_cache`).

The unpickler is the C one of ``_pickle``, the module ``pickle`` itself takes it from: importing
``pickle`` costs a ``check`` process 1.5 ms more (its Python fallback and its names), for nothing
a cache read uses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

PROTOCOL = 5


def pack(top: Any, model: Sequence[type]) -> bytes:
    """``top`` as bytes :func:`unpack` reads; ValueError when it holds an object of a class
    not in ``model`` (but text, numbers, tuples, dicts and the like), which would be refused."""
    import io
    import pickle

    known = set(model)

    class Packer(pickle.Pickler):
        # Asked about every object but text, numbers, tuples, dicts and the like (pickled as
        # they are): an object of the model, or its class, is pickled as usual.
        def reducer_override(self, obj: Any) -> Any:
            if obj in known if isinstance(obj, type) else type(obj) in known:
                return NotImplemented
            raise ValueError(f"a value of type {type(obj).__name__} in the form")

    out = io.BytesIO()
    try:
        Packer(out, protocol=PROTOCOL).dump(top)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise ValueError(str(exc)) from exc
    return out.getvalue()


def unpack(data: bytes, model: Sequence[type]) -> Any:
    """What :func:`pack` gave ``data`` for, an object of ``model[0]``. ValueError (or another
    exception of reading: ``UnpicklingError``, ``EOFError``, ``TypeError``…) when ``data`` is
    not such an object, or names a class not in ``model``."""
    try:
        from _pickle import Unpickler, UnpicklingError
    except ImportError:  # not CPython
        from pickle import Unpickler, UnpicklingError
    from io import BytesIO

    known = {(cls.__module__, cls.__qualname__): cls for cls in model}

    class ModelUnpickler(Unpickler):
        def find_class(self, module: str, name: str) -> type:
            found = known.get((module, name))
            if found is None:
                raise UnpicklingError(f"{module}.{name} is not part of a form")
            return found

    top = ModelUnpickler(BytesIO(data)).load()
    if type(top) is not model[0]:
        raise ValueError(f"not a {model[0].__name__}")
    return top
