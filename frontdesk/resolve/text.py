"""Text normalisation shared by place and topic matching."""
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "St. Helens'" -> "st helens"."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", text).strip()
