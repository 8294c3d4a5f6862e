"""Parse XML from outside (a translation memory from another tool) without trusting it.

Nothing is fetched (no_network, no DTD loading), no entity is expanded, and a document
that declares entities at all (the "billion laughs" and external-entity attacks both
need a declaration) is refused with a reason before it is parsed. This is the care
defusedxml takes, with lxml, which the conformance tests need anyway.
"""

from __future__ import annotations

from lxml import etree

from curator.formats.base import ReadProblem

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


#: An entity declaration as it looks in the encodings an XML file may use. Looked for
#: before parsing, as libxml2 works on the declarations while it reads the DTD.
_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_REFUSED = "the file declares XML entities; refused, as entities can be used for attacks"


def parse_untrusted_xml(data: bytes, name: str) -> tuple[etree._Element | None, ReadProblem | None]:
    """The document's root element, or the problem that stopped reading it."""
    if any(declaration in data for declaration in _ENTITY_DECLARATIONS):
        return None, ReadProblem(name, _REFUSED)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = f", line {error.lineno}" if error.lineno else ""
        message = error.msg.rsplit(", line", 1)[0] if error.msg else "malformed XML"
        return None, ReadProblem(f"{name}{line}", f"not well-formed XML: {message}")
    if root is None:
        return None, ReadProblem(name, "no XML document in the file")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        return None, ReadProblem(name, _REFUSED)
    return root, None


def local_name(element: etree._Element) -> str:
    """The tag without its namespace: "seg" for "{urn:...}seg"; "" for entities etc."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
