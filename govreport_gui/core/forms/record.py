"""Frozen records: what ``@dataclass(frozen=True)`` gives the form model, for a fraction of the
start-up cost.

``govreport check FILE`` is a whole process; importing ``dataclasses`` (which imports ``inspect``,
``ast``, ``dis``, ``tokenize``) and letting it ``exec`` five generated methods for each of the
form model's classes cost about 11 ms of a 60 ms run (issue 14). A :class:`Record` subclass is
declared like a dataclass (annotated fields, defaults as class attributes) and gets:

- ``__init__`` taking the fields in order, positionally or by name (for a class whose records
  are made often, one small generated function: as fast per object as the dataclass's). A class
  may write its ``__init__`` out instead (``set_fields(self, {...})`` with every field, in
  order): the few made by the hundred whenever a form loads do, since compiling even one small
  function costs a ``check`` process ≈ 0.15 ms;
- ``__eq__`` and ``__hash__`` over the fields (same class only), ``__repr__``;
- immutability: assigning or deleting an attribute raises :class:`FrozenError` (an
  ``AttributeError``, as ``dataclasses.FrozenInstanceError`` is).

``_not_compared`` names fields left out of ``==`` and ``hash`` (a lookup table built from the
others), ``_not_shown`` fields left out of ``repr`` (long tuples). Type checkers see the class
as a frozen dataclass (``dataclass_transform``). Records pickle and copy like any object whose
state is its ``__dict__`` (the PDF child process is sent a report snapshot by pickle).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any, ClassVar, NoReturn, dataclass_transform
else:

    def dataclass_transform(**_kwargs: object) -> object:
        """What type checkers read; nothing to do when the program runs."""
        return lambda cls: cls


class FrozenError(AttributeError):
    """An attempt to change a field of a record."""


def refuse_state(*_args: object) -> NoReturn:
    """``__setstate__`` of what must take no state from a pickle: a record class, an enum and its
    members (``form_pack``). A pickle's BUILD on an object without ``__setstate__`` sets whatever
    attributes it holds, and on a class or an enum member that is for the whole process (a form
    cache's ``FormDef.__init__ = None``: no form would build again)."""
    raise TypeError("takes no state from a pickle")


class RecordType(type):
    """The class of the record classes, only so that a class takes no state from a pickle (see
    :func:`refuse_state`); the records themselves take theirs as any object: their ``__dict__``."""

    __setstate__ = refuse_state


@dataclass_transform(frozen_default=True, eq_default=True)
class Record(metaclass=RecordType):
    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    _shown: ClassVar[tuple[str, ...]] = ()
    _not_compared: ClassVar[frozenset[str]] = frozenset()
    _not_shown: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # With ``from __future__ import annotations`` the annotations are strings: only the names
        # and their order matter here (a ``ClassVar`` is no field).
        own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (no `inspect` import)
        names = tuple(n for n, kind in own.items() if not str(kind).startswith("ClassVar"))
        cls._fields = names
        cls._compared = tuple(n for n in names if n not in cls._not_compared)
        cls._shown = tuple(n for n in names if n not in cls._not_shown)
        defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        seen_default = False
        for name in names:
            if name in defaults:
                seen_default = True
            elif seen_default:
                raise TypeError(
                    f"{cls.__name__}: field {name!r} without a default follows one with"
                )

        if "__init__" in cls.__dict__:
            # Written out in the class (the ones made by the hundred while a form loads): no
            # compiling at all. ``tests/test_record.py`` holds each to its fields and defaults.
            return
        # The first records of a class are made by a plain __init__ that reads its arguments
        # at run time; the class's own __init__ is generated (compiled) when the class proves to
        # be made often (issue 14): compiling one costs about as much as making 30 records the
        # plain way, and most of the classes a `check` uses make only a few records.
        plain = _plain_init(cls, names, defaults)
        made = 0

        def first_init(self: Any, *args: Any, **kwargs: Any) -> None:
            nonlocal made
            made += 1
            if made == _GENERATE_AFTER:
                setattr(cls, "__init__", _generated_init(cls, names, defaults))  # noqa: B010
            plain(self, *args, **kwargs)

        first_init.__qualname__ = f"{cls.__qualname__}.__init__"
        setattr(cls, "__init__", first_init)  # noqa: B010 (mypy: no assigning to a method)

    def _key(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple([values[n] for n in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        values = self.__dict__
        shown = ", ".join(f"{n}={values[n]!r}" for n in self._shown)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"cannot delete field {name!r}")


def set_fields(record: Record, values: dict[str, Any]) -> None:
    """What a written-out ``__init__`` does: the record's fields, all of them, in their order."""
    object.__setattr__(record, "__dict__", values)


# Records of a class made before its __init__ is generated (see ``__init_subclass__``).
_GENERATE_AFTER = 32


def _plain_init(cls: type, names: tuple[str, ...], defaults: dict[str, Any]) -> Any:
    """An ``__init__`` that does what the generated one does (same fields in the same order, the
    same ``TypeError`` for a missing, unknown or repeated argument), without being compiled."""
    count = len(names)
    known = frozenset(names)
    title = cls.__name__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > count:
            raise TypeError(f"{title}() takes {count} positional arguments, {len(args)} given")
        values = dict(zip(names, args, strict=False))  # fewer arguments than fields: defaults
        for name in kwargs:
            if name not in known:
                raise TypeError(f"{title}() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{title}() got multiple values for argument {name!r}")
        if kwargs or len(values) < count:
            given = {**values, **kwargs}
            values = {}
            for name in names:  # in the fields' order, as the generated __init__ has them
                if name in given:
                    values[name] = given[name]
                elif name in defaults:
                    values[name] = defaults[name]
                else:
                    raise TypeError(f"{title}() missing required argument {name!r}")
        object.__setattr__(self, "__dict__", values)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _generated_init(cls: type, names: tuple[str, ...], defaults: dict[str, Any]) -> Any:
    """The ``__init__`` of a record class: the fields in order, positionally or by name."""
    params = [f"{name}=_defaults[{name!r}]" if name in defaults else name for name in names]
    body = ", ".join(f"{n!r}: {n}" for n in names)
    source = f"def __init__(self, {', '.join(params)}):\n    _set(self, '__dict__', {{{body}}})\n"
    scope: dict[str, Any] = {"_defaults": defaults, "_set": object.__setattr__}
    exec(source, scope)  # the one generated method: a generic __init__ is 4x slower per object
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
