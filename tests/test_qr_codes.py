"""Desk QR codes: signed tokens, re-issue, receipts, and a real scan round trip."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from surveyapp.services import desk_codes, qr_images
from surveyapp.services.audit import Actor
from surveyapp.services.desks import reissue_code
from tests import factories
from tests.conftest import form_fields


def _decode_png(path) -> str:
    results = zxingcpp.read_barcodes(Image.open(path))
    assert len(results) == 1
    return results[0].text


def _submit(client, path, **answers):
    fields = form_fields(client.get(path).get_data(as_text=True))
    return client.post(path, data={k: v for k, v in fields.items() if k != "website"} | answers)


def test_token_is_signed_not_a_database_id(desk):
    token = factories.token(desk)
    assert len(token) == 24 and str(desk.id) not in token[:8]
    assert desk_codes.resolve(token).id == desk.id
    assert desk.codes[-1].key == token[:8]  # the signature is never stored
    assert token[8:] not in factories.database_text()


def test_qr_round_trip_scan_submit_export(app, runner, tmp_path):
    desk = factories.desk_with_code(name="Quầy số 2")
    result = runner.invoke(args=["qr-export", "--out", str(tmp_path / "qr")])
    assert result.exit_code == 0, result.output
    png, svg = tmp_path / "qr" / f"{desk.code}.png", tmp_path / "qr" / f"{desk.code}.svg"
    assert svg.read_text().lstrip().startswith("<?xml")
    url = _decode_png(png)
    assert url.startswith("http://survey.test/q/")
    client = app.test_client()
    response = _submit(client, urlsplit(url).path, OVERALL="2", comment="Chờ lâu quá")
    assert response.status_code == 303
    export = tmp_path / "responses.csv"
    assert runner.invoke(args=["export-responses", "--out", str(export)]).exit_code == 0
    with export.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["desk_code"], r["OVERALL"], r["comment"]) for r in rows] == [
        (desk.code, "2", "Chờ lâu quá")
    ]


def test_reissue_revokes_the_old_code(client, desk):
    old_path = factories.desk_path(desk)
    reissue_code(Actor.command("test"), desk)
    new_path = factories.desk_path(desk)
    assert old_path != new_path
    response = client.get(old_path)
    assert response.status_code == 410
    assert "Mã QR này đã được thay" in response.get_data(as_text=True)
    assert _submit(client, old_path, OVERALL="4").status_code == 410
    assert _submit(client, new_path, OVERALL="4").status_code == 303
    assert factories.response_count() == 1


def test_png_and_svg_encode_the_same_link(desk):
    url = desk_codes.desk_url(desk)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_images.png_bytes(url))))
    assert [result.text for result in decoded] == [url]
    assert b"<path" in qr_images.svg_bytes(url)


@pytest.fixture
def receipt_path(desk):
    url = desk_codes.receipt_url(desk, "000.00.12.H56-241121-0001")
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_receipt_allows_exactly_one_rating(client, receipt_path):
    fields = form_fields(client.get(receipt_path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"} | {"OVERALL": "5"}
    assert client.post(receipt_path, data=data).status_code == 303
    assert client.post(receipt_path, data=data).status_code == 303  # double tap: same key
    again = client.get(receipt_path)
    assert again.status_code == 409
    assert "Hồ sơ này đã được đánh giá" in again.get_data(as_text=True)
    other_tab = dict(data, submission_key="f" * 32)
    assert client.post(receipt_path, data=other_tab).status_code == 409
    assert factories.response_count() == 1


def test_receipt_response_keeps_no_dossier_code(client, receipt_path):
    assert _submit(client, receipt_path, OVERALL="4").status_code == 303
    assert factories.response_count() == 1
    assert "H56-241121-0001" not in factories.database_text()


@pytest.mark.parametrize(
    "query",
    ["d=000.00.12.H56-241121-0001." + "A" * 16, "d=nosignature", "d=", ""],
)
def test_forged_receipt_is_refused(client, desk, query):
    response = client.get(f"/r/{desk.code}?{query}")
    assert response.status_code == 404
    assert "Mã QR không hợp lệ" in response.get_data(as_text=True)


def test_receipt_for_another_desk_is_refused(client, desk):
    other = factories.desk_with_code()
    reference = desk_codes.dossier_reference(other, "HS-1")
    assert client.get(f"/r/{desk.code}?d={reference}").status_code == 404
    assert client.get(f"/r/{other.code}?d={reference}").status_code == 200


def test_receipt_qr_command_prints_a_working_link(app, runner, desk, tmp_path):
    out = tmp_path / "receipt.png"
    result = runner.invoke(
        args=["receipt-qr", "--desk", desk.code, "--dossier", "HS-42", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert _decode_png(out) == url
    parts = urlsplit(url)
    assert app.test_client().get(f"{parts.path}?{parts.query}").status_code == 200
