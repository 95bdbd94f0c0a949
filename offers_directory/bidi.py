"""Values that read left to right in every language: phone numbers, postcodes, times, e-mail
and web addresses, street addresses. Inside right-to-left text (Arabic) the Unicode bidi
algorithm reorders their parts ("040 66969-174" would read "66969-174 040", a URL's trailing
slash would jump to its front), so each such value is isolated: with LRI … PDI in plain text
(the handout PDF, labels built in Python) and with <bdi dir="ltr"> in HTML."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
ISOLATE_MARKS = "\u2066\u2067\u2068\u2069"


def ltr(value: object) -> str:
    """The value as a left-to-right isolate in plain text ("" stays "")."""
    text = "" if value is None else str(value)
    return f"{LRI}{text}{PDI}" if text else ""


def without_marks(text: str) -> str:
    """The text without isolate marks (for comparisons and extracted PDF text)."""
    return text.translate({ord(mark): None for mark in ISOLATE_MARKS})


def ltr_html(value: object) -> SafeString:
    """The value escaped and wrapped in <bdi dir="ltr">."""
    text = "" if value is None else str(value)
    return mark_safe(f'<bdi dir="ltr">{escape(text)}</bdi>' if text else "")


def isolates_html(text: object) -> SafeString:
    """Plain text whose left-to-right parts are marked with LRI … PDI (ltr()), escaped, with
    each marked part as a <bdi dir="ltr"> element."""
    result: list[str] = []
    depth = 0
    for part in _split_marks("" if text is None else str(text)):
        if part == LRI:
            result.append('<bdi dir="ltr">')
            depth += 1
        elif part == PDI and depth:
            result.append("</bdi>")
            depth -= 1
        elif part not in ISOLATE_MARKS:
            result.append(escape(part))
    result.append("</bdi>" * depth)
    return mark_safe("".join(result))


def _split_marks(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for char in text:
        if char in ISOLATE_MARKS:
            if current:
                parts.append(current)
            parts.append(char)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts
