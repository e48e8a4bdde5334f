"""The Spanish catalogue: every API message translated, and the committed .mo up to date."""
import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.PACKAGE_DIR) / "locale" / "es" / "LC_MESSAGES"


def po_entries(text):
    """(references, flags, msgid, msgstr) of every entry but the header."""
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        references = [ref for line in lines if line.startswith("#: ") for ref in line[3:].split()]
        flags = " ".join(line for line in lines if line.startswith("#, "))
        strings = {"msgid": "", "msgstr": ""}
        current = None
        for line in lines:
            keyword, _, rest = line.partition(" ")
            if keyword in strings:
                current, line = keyword, rest
            if current and line.startswith('"'):
                strings[current] += ast.literal_eval(line)
        if strings["msgid"]:
            yield references, flags, strings["msgid"], strings["msgstr"]


def test_every_api_message_has_a_compiled_spanish_translation():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    api_entries = [entry for entry in po_entries((CATALOGUE / "django.po").read_text("utf-8"))
                   if any(reference.startswith("api/") for reference in entry[0])]
    assert len(api_entries) > 30
    for references, flags, msgid, msgstr in api_entries:
        assert msgstr and "fuzzy" not in flags, f"{references}: {msgid!r} has no Spanish translation"
        assert catalogue.gettext(msgid) == msgstr, f"django.mo is older than django.po ({msgid!r}): make messages"


def test_the_site_chrome_follows_accept_language(client):
    spanish = client.get("/search", {"q": "entry_bib"}, headers={"Accept-Language": "es"})
    text = spanish.content.decode()
    assert spanish["Content-Language"] == "es" and '<html lang="es"' in text
    assert "Saltar al contenido" in text and "Guías" in text and "resultados para «entry_bib»" in text
    english = client.get("/search", {"q": "entry_bib"}).content.decode()
    assert "Skip to content" in english and "results for “entry_bib”" in english
