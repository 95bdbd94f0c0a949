"""Protected data of the referral network (contact persons not marked public, direct lines,
internal notes): unique marker strings the network fixture plants, so a leak test can look
for them on every surface."""

# Unique markers of protected data: none may reach an anonymous visitor.
PARTNER_CONTACT = "Zzgeheimkontakt Partnerin"
PARTNER_PHONE = "0170 7731-999"
PARTNER_MAIL = "geheim7731@partner.example"
NOTES = "Internenotiz7731 nur fuer Fachkraefte"
OFFER_CONTACT = "Zzangebotskontakt Hebamme"
OFFER_CONTACT_PHONE = "0170 7731-888"
ORG_CONTACT = "Zztraegerkontakt Leitung"
MARKERS = [
    PARTNER_CONTACT,
    PARTNER_PHONE,
    PARTNER_MAIL,
    NOTES,
    OFFER_CONTACT,
    OFFER_CONTACT_PHONE,
    ORG_CONTACT,
]
PUBLIC_CONTACT = "Petra Oeffentlich"


def assert_no_markers(text: str, where: str) -> None:
    found = [marker for marker in MARKERS if marker in text]
    assert not found, f"protected data {found} leaked into {where}"
