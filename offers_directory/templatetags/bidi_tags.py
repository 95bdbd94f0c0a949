"""{% load bidi_tags %}: {{ phone|ltr }} wraps a left-to-right value (phone, e-mail, web or
street address, postcode, time) in <bdi dir="ltr">; {{ label|isolates }} turns the LRI … PDI
marks of text built in Python into such elements (offers_directory/bidi.py)."""

from django import template
from django.utils.safestring import SafeString

from offers_directory import bidi

register = template.Library()


@register.filter
def ltr(value: object) -> SafeString:
    return bidi.ltr_html(value)


@register.filter
def isolates(value: object) -> SafeString:
    return bidi.isolates_html(value)
