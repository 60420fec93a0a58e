"""Values as Velocity 1.7 sees them (XDocReport 2.0.1's engine), through airspeed.

* any value but null and false is true in ``#if``, the empty text too;
* a text is XML-escaped when written into the document, its line breaks become Word line breaks;
* a Boolean is written ``true``/``false``;
* ``$data.nomPat``, ``$data.NomPat`` and ``$data.getNomPat()`` read a Java bean's property;
* an identifier may hold hyphens (eCandidat's own sample uses ``$non-dematerialisation``);
* Java's String methods apply to the values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

#: Velocity 1.7's identifiers: a letter or _, then letters, digits, _ and -.
_IDENTIFIER = re.compile(r"([_a-z][a-z0-9_-]*)", re.S | re.I)
#: A line break inside a value: the run's text closes, a break, the text opens again.
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def escape(text: str) -> str:
    """XML-escaped, line breaks as Word line breaks (a value goes inside a run's ``w:t``)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("'", "&apos;")
    return escaped.replace("\r\n", "\n").replace("\n", _BREAK)


class Text(str):
    """A text value: true even when empty (Velocity 1.7), escaped when written into the document."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return escape(str.__str__(self))


class JavaBool(int):
    """A Boolean value: written ``true``/``false`` as Java does, false in ``#if`` when false."""

    def __str__(self) -> str:
        return "true" if self else "false"

    __repr__ = __str__


def wrap(value: Any) -> Any:
    if value is None or isinstance(value, Text | JavaBool):
        return value
    if isinstance(value, bool):
        return JavaBool(value)
    if isinstance(value, str):
        return Text(value)
    return value


class Bean:
    """A Java bean as Velocity reads it: ``$data.nomPat`` and ``$data.NomPat`` (the getter
    ``getNomPat``), and ``$data.getNomPat()``."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = {name[:1].lower() + name[1:]: wrap(v) for name, v in values.items()}

    def __getitem__(self, name: str) -> Any:
        key = name[:1].lower() + name[1:]
        if key in self._values:
            return self._values[key]
        for prefix in ("get", "is"):
            if name.startswith(prefix) and len(name) > len(prefix):
                rest = name[len(prefix) :]
                value = self._values.get(rest[:1].lower() + rest[1:], _MISSING)
                if value is not _MISSING:
                    return lambda: value
        raise KeyError(name)


_MISSING = object()


def _on_text(method: Callable[..., Any]) -> Callable[..., Any]:
    """A String method of airspeed's, applied to a value's own text (its result wrapped again)."""
    return lambda self, *args: wrap(method(str.__str__(self), *args))


def velocity_1_7() -> None:
    """airspeed made to read as Velocity 1.7 (XDocReport 2.0.1's engine) where eCandidat's templates
    need it: an identifier may hold hyphens (the sample's ``$non-dematerialisation``), and Java's
    String methods apply to the values (their results stay escaped)."""
    import airspeed

    airspeed.NameOrCall.NAME = _IDENTIFIER
    methods = airspeed.__additional_methods__
    if Text in methods:
        return
    own: dict[str, Callable[..., Any]] = {name: _on_text(f) for name, f in methods[str].items()}
    own |= {
        "toUpperCase": lambda self: Text(str.__str__(self).upper()),
        "toLowerCase": lambda self: Text(str.__str__(self).lower()),
        "trim": lambda self: Text(str.__str__(self).strip()),
        "isEmpty": lambda self: JavaBool(not str.__str__(self)),
        "equals": lambda self, other: JavaBool(str.__str__(self) == other),
        "toString": lambda self: self,
    }
    methods[Text] = own
