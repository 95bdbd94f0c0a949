"""JSON inside HTML, written one way everywhere: JSON-LD in the head, data for the maps and
the finder's script, configuration in data attributes.

The escaping is the one Django's `json_script` uses: `<`, `>` and `&` become `\\u003C`,
`\\u003E`, `\\u0026`. Then no stored text can close the script element (`</script>`), open
an HTML comment (`<!--`, which inside a script switches the parser into a state where the
next `<script>` swallows the rest of the page) or end a CDATA section (`]]>`), and a JSON
parser still reads the original characters."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_text(value: Any) -> str:
    """`value` as JSON text that is safe inside a <script> element. Not marked safe: in an
    attribute, the template's autoescaping must still escape the quotes."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


def json_script(
    value: Any,
    *,
    element_id: str | None = None,
    script_type: str = "application/json",
    nonce: str | None = None,
) -> SafeString:
    """A complete <script> data block. The nonce is not needed for data the browser never
    executes, but every inline script carrying it keeps the rule for the policy simple: an
    inline <script> without the page's nonce is an injection."""
    attributes = format_html(' type="{}"', script_type)
    if element_id:
        attributes += format_html(' id="{}"', element_id)
    if nonce:
        attributes += format_html(' nonce="{}"', nonce)
    # json_text() has escaped every character that could end the element or the comment.
    return format_html("<script{}>{}</script>", attributes, mark_safe(json_text(value)))  # noqa: S308


def request_nonce(request: Any) -> str | None:
    """The Content-Security-Policy nonce of this request (django-csp creates it on first use
    and then names it in the header), or None outside a request."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else None
