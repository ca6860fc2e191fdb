"""Hostile drafts for LibreOffice: documents whose linked content, fields or macros would
make LibreOffice read a local file (or run code) while it loads and converts them.

Every builder takes a `Secret` (a folder with a file of known, unique content, a PNG
carrying the same marker, and the path a macro would write) and returns the bytes of one
document. What the tests then check: the marker appears nowhere in what LibreOffice made
(any part of the converted .docx, decompressed) nor in what fzbg prints, and the macro's
file does not exist afterwards."""
from __future__ import annotations

import io
import secrets
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr


@dataclass
class Secret:
    folder: Path
    marker: str  # the secret text: must never come out

    @property
    def text(self) -> Path:
        return self.folder / "secret.txt"

    @property
    def png(self) -> Path:
        return self.folder / "secret.png"

    @property
    def macro_file(self) -> Path:
        return self.folder / "macro-ran.txt"

    @property
    def macro_marker(self) -> str:
        return "MACRORAN" + self.marker[-8:]


def make_secret(folder: Path) -> Secret:
    """A secret folder (outside the converted document's own folder) with secret.txt and
    secret.png, both carrying a random marker."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = Secret(folder, "FZBGSECRET" + secrets.token_hex(8).upper())
    secret.text.write_text(f"{secret.marker}\n本机的机密内容 {secret.marker}\n", encoding="utf-8")
    secret.png.write_bytes(_png_with_text(secret.marker))
    return secret


def _png_with_text(text: str) -> bytes:
    """A 1x1 PNG whose tEXt chunk carries text (so an embedded copy shows the marker)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"tEXt", b"Comment\x00" + text.encode("ascii"))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- RTF

def _rtf_unicode(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)


def _rtf(body: str) -> bytes:
    head = ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\n"
            "\\pard\\plain " + _rtf_unicode("关于2023年度法治政府建设情况的报告") + "\\par\n")
    return (head + body + "\\pard " + _rtf_unicode("以上为正文。") + "\\par\n}").encode("ascii")


def _field(instruction: str, result: str) -> str:
    return ("\\pard {\\field{\\*\\fldinst {" + instruction.replace("\\", "\\\\") + "}}"
            "{\\fldrslt {" + result + "}}}\\par\n")


def rtf_fields(secret: Secret) -> bytes:
    """INCLUDETEXT (a plain path and a file URL), INCLUDEPICTURE (linked with \\d, and
    plain), and DDE/DDEAUTO links to LibreOffice itself ("soffice") naming the secret file;
    each field's shown result is PLACEHOLDER1..6. Without confinement LibreOffice 7.4
    embeds the linked picture (the marker is in word/media of the .docx it makes)."""
    return _rtf(_field(f'INCLUDETEXT "{secret.text}"', "PLACEHOLDER1")
                + _field(f'INCLUDETEXT "{secret.text.as_uri()}"', "PLACEHOLDER2")
                + _field(f'INCLUDEPICTURE "{secret.png}" \\d', "PLACEHOLDER3")
                + _field(f'INCLUDEPICTURE "{secret.png.as_uri()}"', "PLACEHOLDER4")
                + _field(f'DDEAUTO soffice "{secret.text}" "" \\t', "PLACEHOLDER5")
                + _field(f'DDE soffice "{secret.text}" "" \\t', "PLACEHOLDER6"))


# ---------------------------------------------------------------- ODF

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
      'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
      'xmlns:ooo="http://openoffice.org/2004/office" '
      'xmlns:dom="http://www.w3.org/2001/xml-events" '
      'office:version="1.3"')
# the document asks for its links to be updated automatically (LinkUpdateMode 2 =
# AUTOMATIC in Writer's own enumeration), whatever the global setting says
SETTINGS = ('<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
            '<config:config-item config:name="LinkUpdateMode" config:type="short">2</config:config-item>'
            '<config:config-item config:name="FieldAutoUpdate" config:type="boolean">true</config:config-item>'
            '</config:config-item-set></office:settings>')
ON_LOAD = ('<office:event-listeners>'
           '<script:event-listener script:language="ooo:script" script:event-name="dom:load" '
           'xlink:type="simple" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
           '<script:event-listener script:language="ooo:script" script:event-name="office:load-finished" '
           'xlink:type="simple" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
           '</office:event-listeners>')


def basic_macro(secret: Secret) -> str:
    """Basic that writes the macro marker to a file and into the document's text."""
    return (f'Sub Main\n'
            f'  Dim n As Integer\n'
            f'  n = FreeFile\n'
            f'  Open "{secret.macro_file}" For Output As #n\n'
            f'  Print #n, "{secret.macro_marker}"\n'
            f'  Close #n\n'
            f'  ThisComponent.Text.insertString(ThisComponent.Text.getEnd(), "{secret.macro_marker}", False)\n'
            f'End Sub\n')


def _odf_body(secret: Secret) -> str:
    return ('<office:text>'
            '<text:p>关于2023年度法治政府建设情况的报告</text:p>'
            '<text:section text:name="Linked1">'
            f'<text:section-source xlink:href={quoteattr(secret.text.as_uri())} xlink:type="simple" '
            'text:filter-name="Text"/>'
            '<text:p>PLACEHOLDER7</text:p></text:section>'
            '<text:p><draw:frame draw:name="Pic1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
            f'<draw:image xlink:href={quoteattr(secret.png.as_uri())} xlink:type="simple" xlink:show="embed" '
            'xlink:actuate="onLoad"/></draw:frame></text:p>'
            '<text:p>以上为正文。</text:p>'
            '</office:text>')


def fodt(secret: Secret) -> bytes:
    """Flat ODF text: a section linked to the secret file, a linked image, the document's
    own LinkUpdateMode set to automatic, and a Basic macro bound to loading."""
    source = basic_macro(secret).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">'
            + SETTINGS +
            '<office:scripts><office:script script:language="ooo:Basic"><ooo:libraries>'
            '<ooo:library-embedded ooo:name="Standard"><ooo:module ooo:name="Module1">'
            f'<ooo:source-code>{source}</ooo:source-code></ooo:module></ooo:library-embedded>'
            '</ooo:libraries></office:script>' + ON_LOAD + '</office:scripts>'
            '<office:body>' + _odf_body(secret) + '</office:body></office:document>\n').encode("utf-8")


def odt(secret: Secret) -> bytes:
    """The same as fodt, packaged: content.xml, settings.xml, the Basic library under
    Basic/ (script-lc.xml, Standard/script-lb.xml, Standard/Module1.xml)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content {NS}><office:scripts>{ON_LOAD}</office:scripts>'
               f'<office:body>{_odf_body(secret)}</office:body></office:document-content>')
    settings = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<office:document-settings {NS}>{SETTINGS}</office:document-settings>')
    lc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">\n'
          '<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">'
          '<library:library library:name="Standard" library:link="false"/></library:libraries>')
    lb = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
          '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
          'library:readonly="false" library:passwordprotected="false"><library:element library:name="Module1"/>'
          '</library:library>')
    source = basic_macro(secret).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    module = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
              '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
              f'script:language="StarBasic" script:moduleType="normal">{source}</script:module>')
    files = {"content.xml": content, "settings.xml": settings, "Basic/script-lc.xml": lc,
             "Basic/Standard/script-lb.xml": lb, "Basic/Standard/Module1.xml": module}
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                + "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>' for name in files)
                + '</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # stored, first
        for name, text in files.items():
            zf.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def package_text(data: bytes) -> str:
    """Every part of a zip package, decompressed and decoded leniently (or the bytes
    themselves when they are not a zip), for a search for the marker."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data.decode("utf-8", "replace")
    with zf:
        return "\n".join(zf.read(name).decode("utf-8", "replace") for name in zf.namelist())
