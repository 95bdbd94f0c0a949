"""Content blocks of news items and events: what a county press office puts into a press
release (quotes with the speaker's role, a contact card, downloads, a linked offer)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import HeadingBlock, ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    """A quotation; press releases always name who said it and in which role."""

    text = blocks.TextBlock(label=_("Quotation"))
    speaker = blocks.CharBlock(label=_("Speaker"), required=False)
    role = blocks.CharBlock(
        label=_("Speaker's role"),
        required=False,
        help_text=_("e.g. District Administrator, network coordinator"),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "news/blocks/quote_block.html"


class ContactCardBlock(blocks.StructBlock):
    contact = SnippetChooserBlock("news.PressContact", label=_("Contact person"))
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, help_text=_("Default: “Contact”")
    )

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "news/blocks/contact_card_block.html"


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Default: the document's title")
    )


class DocumentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    documents = blocks.ListBlock(DocumentItemBlock(), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Documents")
        template = "news/blocks/documents_block.html"


class OfferCardBlock(blocks.StructBlock):
    """A teaser of an offer from the offer directory, e.g. the new parents' café a press
    release announces. Only live offers are shown; an unpublished one simply disappears."""

    offer = blocks.PageChooserBlock(page_type="offers_directory.OfferPage", label=_("Offer"))
    note = blocks.CharBlock(
        label=_("Note"),
        required=False,
        help_text=_("Optional sentence above the offer, e.g. “More about the offer:”"),
    )

    class Meta:
        icon = "link"
        label = _("Offer card")
        template = "news/blocks/offer_card_block.html"


class NewsBodyBlock(blocks.StreamBlock):
    """The block names of the shared body (heading, paragraph, image) are kept, so content
    written with the shared body before stays valid."""

    heading = HeadingBlock(label=_("Subheading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock()
    contact = ContactCardBlock()
    documents = DocumentsBlock()
    offer = OfferCardBlock()
