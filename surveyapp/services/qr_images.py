"""QR images (PNG and SVG) for a link, with the qrcode library."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _qr(url: str) -> qrcode.QRCode:
    # Level M survives a scuffed or partly covered print; border 4 is the standard quiet zone.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(url, optimize=0)
    code.make(fit=True)
    return code


def png_bytes(url: str, box_size: int = 10) -> bytes:
    code = _qr(url)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def svg_bytes(url: str) -> bytes:
    """A single-path SVG: crisp at any print size."""
    image = _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
