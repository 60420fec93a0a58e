"""A Word template in eCandidat's format (XDocReport, Velocity) filled into a Word document.

eCandidat's letters are ``.docx`` files whose fields are Word MERGEFIELDs holding Velocity
(``$data.nomPatCandidat``, ``#if($data.commentaireAvis)`` … ``#end``), filled by XDocReport. XDocReport
turns each field into its Velocity text in the document's XML, runs Velocity on the whole XML, and
escapes the values inserted. This module does the same with python-docx (the parts and their XML) and
airspeed (Velocity), so that a university's templates give the same document:

* a field is found whether Word wrote it as ``w:fldSimple`` or as runs (``begin``, instruction text
  split over several runs, ``separate``, the shown result, ``end``); ``\\* MERGEFORMAT``, surrounding
  quotes and ``\\"`` are dropped as XDocReport does; another kind of field (PAGE, DATE…) is kept;
* the Velocity text goes into the XML as it is, so ``#if`` … ``#end`` may span paragraphs or a table (the
  XML between them is kept or removed), and ``@before-row`` / ``@after-row`` / ``@before-cell`` /
  ``@after-cell`` put a directive before or after the enclosing table row or cell;
* a value is XML-escaped, its line breaks become Word line breaks (eCandidat's addresses are lines);
* Velocity 1.7's truth (XDocReport 2.0.1's engine): any value but null and false is true, the empty
  string too; a reference to a null value is written as it stands (``$data.commentaireAvis``);
* the image field (a bookmark of that name around a picture, ``imageSignature``) takes the given image,
  fitted in the picture's frame with its proportions, or is removed with what the bookmark encloses.

The values as Velocity 1.7 sees them are :mod:`.velocity`'s. A template that cannot be read or filled
raises :class:`TemplateError`, naming what is wrong.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ecandidat_batches.letters.velocity import Bean, JavaBool, velocity_1_7, wrap

__all__ = ["Bean", "Template", "TemplateError", "field_code"]

#: WordprocessingML's namespaces, as python-docx names them.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
#: The parts whose XML is a template: the body, headers, footers, notes.
_STORY_TYPES = ("document.main", "header", "footer", "footnotes", "endnotes")
_MARK = "XDR"  # the comments that carry Velocity text through the XML tools: <!--XDR:n-->
_MARKER = re.compile(r"<!--" + _MARK + r":(\d+)-->")
_MERGEFIELD = "MERGEFIELD"
_MERGEFORMAT = re.compile(r"\\\*\s*M(?:E(?:R(?:G(?:E(?:F(?:O(?:R(?:M(?:A(?:T)?)?)?)?)?)?)?)?)?)?\s*$")
_PLACES = {"@before-row": ("tr", True), "@after-row": ("tr", False),
           "@before-cell": ("tc", True), "@after-cell": ("tc", False)}  # fmt: skip


class TemplateError(ValueError):
    """A template that cannot be read or filled (French message naming what is wrong)."""


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


def field_code(instruction: str) -> str | None:
    """The Velocity text of a MERGEFIELD's instruction, as XDocReport reads it; None for another field."""
    index = instruction.find(_MERGEFIELD)
    if index == -1:
        return None
    code = instruction[index + len(_MERGEFIELD) :].strip()
    mergeformat = _MERGEFORMAT.search(code)
    if mergeformat is not None:
        code = code[: mergeformat.start()].strip()
    if len(code) >= 2 and code.startswith('"') and code.endswith('"'):
        code = code[1:-1]
    elif code == '"':
        code = ""
    return code.replace('\\"', '"') or None


# -- the template's XML -------------------------------------------------------------------------------


def _runs_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(_q("w:instrText")))


def _marker_run(template_run: Any, number: int) -> Any:
    """A run holding a marker, with the formatting (``w:rPr``) of ``template_run``."""
    from lxml import etree

    run = etree.Element(_q("w:r"))
    if template_run is not None:
        props = template_run.find(_q("w:rPr"))
        if props is not None:
            run.append(_copy(props))
    text = etree.SubElement(run, _q("w:t"))
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.append(etree.Comment(f"{_MARK}:{number}"))
    return run


def _copy(element: Any) -> Any:
    from copy import deepcopy

    return deepcopy(element)


class _Fields:
    """Replaces the MERGEFIELDs of one part's tree by markers; collects their Velocity texts."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.codes: list[str] = []

    def marker(self, code: str) -> int:
        self.codes.append(code)
        return len(self.codes) - 1

    def place(self, code: str, anchor: Any) -> bool:
        """``@before-row#if(...)``: the directive goes before/after the enclosing row or cell."""
        for token, (tag, before) in _PLACES.items():
            if code.startswith(token):
                target = anchor
                while target is not None and target.tag != _q(f"w:{tag}"):
                    target = target.getparent()
                if target is None:
                    raise TemplateError(f"le champ « {code} » n'est pas dans un tableau")
                from lxml import etree

                comment = etree.Comment(f"{_MARK}:{self.marker(code[len(token) :])}")
                (target.addprevious if before else target.addnext)(comment)
                return True
        return False

    def simple(self) -> None:
        for field in list(self.root.iter(_q("w:fldSimple"))):
            code = field_code(field.get(_q("w:instr")) or "")
            if code is None:
                continue
            if self.place(code, field):
                field.getparent().remove(field)
                continue
            first = field.find(_q("w:r"))
            field.addprevious(_marker_run(first, self.marker(code)))
            field.getparent().remove(field)

    def complex(self) -> None:
        """Fields as runs: begin, instruction(s), separate, result, end (nested fields are kept as
        they are inside a MERGEFIELD's result, which is dropped)."""
        runs = list(self.root.iter(_q("w:r")))
        index = 0
        while index < len(runs):
            char = runs[index].find(_q("w:fldChar"))
            if char is None or char.get(_q("w:fldCharType")) != "begin":
                index += 1
                continue
            depth, instruction, result_run, end = 0, [], None, None
            state = "instruction"
            for position in range(index, len(runs)):
                run = runs[position]
                kind = None
                run_char = run.find(_q("w:fldChar"))
                if run_char is not None:
                    kind = run_char.get(_q("w:fldCharType"))
                if kind == "begin":
                    depth += 1
                elif kind == "end":
                    depth -= 1
                    if depth == 0:
                        end = position
                        break
                elif kind == "separate" and depth == 1:
                    state = "result"
                elif depth == 1 and state == "instruction":
                    instruction.append(_runs_text(run))
                elif (
                    depth == 1
                    and state == "result"
                    and result_run is None
                    and run.find(_q("w:t")) is not None
                ):
                    result_run = run
            if end is None:
                raise TemplateError("un champ du modèle n'est pas fermé (fldChar end manquant)")
            code = field_code("".join(instruction))
            if code is None:
                index = end + 1
                continue
            field_runs = runs[index : end + 1]
            if not self.place(code, field_runs[0]):
                field_runs[0].addprevious(_marker_run(result_run if result_run is not None else field_runs[0],
                                                      self.marker(code)))  # fmt: skip
            for run in field_runs:
                parent = run.getparent()
                if parent is not None:
                    parent.remove(run)
            index = end + 1


def _image_field(root: Any, name: str, fields: _Fields) -> None:
    """XDocReport's image field (a bookmark ``name`` around a picture): what the bookmark encloses is
    kept only when an image is given (``#if($__image)`` … ``#end`` around it)."""
    from lxml import etree

    for start in [b for b in root.iter(_q("w:bookmarkStart")) if b.get(_q("w:name")) == name]:
        ident = start.get(_q("w:id"))
        end = next((e for e in root.iter(_q("w:bookmarkEnd")) if e.get(_q("w:id")) == ident), None)
        if end is None:
            continue
        start.addprevious(etree.Comment(f"{_MARK}:{fields.marker('#if($__image)')}"))
        end.addnext(etree.Comment(f"{_MARK}:{fields.marker('#end')}"))


class Template:
    """A template file read once, filled many times (thread-safe: one fill at a time).

    :param data: the ``.docx`` file's bytes.
    :param name: how messages name it (its path).
    :param image_field: the image field's name (eCandidat's ``imageSignature``).
    """

    def __init__(self, data: bytes, name: str, image_field: str = "imageSignature") -> None:
        self.name = name
        self.data = data
        self.image_field = image_field
        self._lock = threading.Lock()
        try:
            self._prepare()
        except TemplateError as exc:
            raise TemplateError(f"modèle {name} : {exc}") from exc
        except Exception as exc:  # not a Word file, a broken part
            raise TemplateError(f"modèle {name} illisible : {exc}") from exc

    def _prepare(self) -> None:
        import airspeed
        import docx
        from lxml import etree

        velocity_1_7()
        self._stories: dict[str, Any] = {}
        document = docx.Document(io.BytesIO(self.data))
        for part in _story_parts(document):
            root = etree.fromstring(part.blob)
            fields = _Fields(root)
            fields.simple()
            fields.complex()
            _image_field(root, self.image_field, fields)
            xml = etree.tostring(root, encoding="unicode")
            text = _MARKER.sub(_unmark(fields.codes), xml)
            try:
                compiled = airspeed.Template(text, filename=str(part.partname))
                compiled.ensure_compiled()
            except airspeed.TemplateSyntaxError as exc:
                raise TemplateError(
                    f"Velocity invalide dans {part.partname} : {_velocity_error(exc)}"
                ) from exc
            self._stories[str(part.partname)] = compiled

    def fill(self, values: Mapping[str, Any], image: bytes | None = None) -> bytes:
        """The filled document (``.docx`` bytes).

        :param values: the Velocity context (``data`` a :class:`Bean`, ``showSignataire``...).
        :param image: the image field's picture (PNG, JPEG, GIF), or None to remove it.
        """
        import docx
        from lxml import etree

        namespace = {name: wrap(v) for name, v in values.items()} | {"__image": JavaBool(image is not None)}
        with self._lock:
            document = docx.Document(io.BytesIO(self.data))
            for part in _story_parts(document):
                compiled = self._stories[str(part.partname)]
                try:
                    xml = compiled.merge(namespace)
                except Exception as exc:  # airspeed's execution errors and a value's own
                    raise TemplateError(f"modèle {self.name} : échec de Velocity ({exc})") from exc
                try:
                    root = etree.fromstring(xml.encode("utf-8"))
                except etree.XMLSyntaxError as exc:
                    raise TemplateError(
                        f"modèle {self.name} : le document rempli n'est pas du XML valide ({exc}) ; un "
                        "#if et son #end doivent être au même niveau (dans le même paragraphe, ou chacun "
                        "dans un paragraphe du corps, ou par @before-row / @after-row)"
                    ) from exc
                if image is not None:
                    _put_image(part, root, self.image_field, image)
                _replace_xml(part, root)
            out = io.BytesIO()
            document.save(out)
        return out.getvalue()


def _unmark(codes: list[str]) -> Callable[[re.Match[str]], str]:
    """The markers' replacement: each one's Velocity text, raw (as XDocReport writes it)."""
    return lambda match: codes[int(match[1])]


def _velocity_error(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _story_parts(document: Any) -> Iterator[Any]:
    """The parts whose XML holds the letter's text (body, headers, footers, notes)."""
    for part in document.part.package.iter_parts():
        content_type = str(part.content_type)
        if content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.") and any(
            content_type.endswith(f".{kind}+xml") for kind in _STORY_TYPES
        ):
            yield part


def _replace_xml(part: Any, root: Any) -> None:
    """Put the filled XML back in the part (python-docx serialises ``_element`` for XML parts and
    ``_blob`` for the others)."""
    from docx.opc.part import XmlPart
    from docx.oxml.parser import parse_xml
    from lxml import etree

    if isinstance(part, XmlPart):
        part._element = parse_xml(etree.tostring(root))
    else:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _put_image(part: Any, root: Any, name: str, image: bytes) -> None:
    """The image in each picture of the bookmark ``name``: the picture's frame keeps its place and
    its box; the image fills it with its own proportions (as large as the frame allows)."""
    starts = [b for b in root.iter(_q("w:bookmarkStart")) if b.get(_q("w:name")) == name]
    if not starts:
        return
    drawings = _pictures_in(root, starts)
    if not drawings or not hasattr(part, "get_or_add_image"):
        return
    try:
        r_id, picture = part.get_or_add_image(io.BytesIO(image))
    except Exception as exc:
        raise TemplateError(f"image de signature illisible ({exc})") from exc
    width, height = picture.px_width, picture.px_height
    for drawing in drawings:
        for blip in drawing.iter(_q("a:blip")):
            blip.set(_q("r:embed"), r_id)
        extent = next(drawing.iter(_q("wp:extent")), None)
        if extent is None or not width or not height:
            continue
        frame_cx, frame_cy = int(extent.get("cx")), int(extent.get("cy"))
        scale = min(frame_cx / width, frame_cy / height)
        cx, cy = str(int(width * scale)), str(int(height * scale))
        extent.set("cx", cx)
        extent.set("cy", cy)
        for ext in drawing.iter(_q("a:ext")):
            if ext.get("cx") is not None:
                ext.set("cx", cx)
                ext.set("cy", cy)


def _pictures_in(root: Any, starts: list[Any]) -> list[Any]:
    found: list[Any] = []
    for start in starts:
        ident = start.get(_q("w:id"))
        inside = False
        for element in root.iter():
            if element is start:
                inside = True
            elif element.tag == _q("w:bookmarkEnd") and element.get(_q("w:id")) == ident:
                break
            elif inside and element.tag == _q("w:drawing"):
                found.append(element)
    return found
