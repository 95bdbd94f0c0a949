"""Template side of security.html: `{% json_data value "element-id" %}` writes a JSON data
block with the request's CSP nonce, in place of Django's `json_script` filter (same escaping,
but no nonce)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from security.html import json_script, request_nonce

register = template.Library()


@register.simple_tag(takes_context=True)
def json_data(context: template.Context, value: Any, element_id: str) -> SafeString:
    return json_script(value, element_id=element_id, nonce=request_nonce(context.get("request")))
