"""The quick form on a 360×740 phone without JavaScript: two screens at most, 15 KB at most."""

from __future__ import annotations

import pytest

from surveyapp.instruments import load_builtin_definitions
from surveyapp.services import draws

PHONE = {"viewport": {"width": 360, "height": 740}, "java_script_enabled": False}
SCREENS = 2
MAX_BYTES = 15 * 1024


def _load(page, url: str) -> int:
    """Open ``url``; the bytes of every response the page needed (HTML and CSS)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("load")
    kinds = {response.request.resource_type for response in responses}
    assert kinds <= {"document", "stylesheet"}  # no script, image or font to add
    return sum(len(response.body()) for response in responses)


def _longest_wording(monkeypatch) -> None:
    """Draw, in each component, the criterion with the longest Vietnamese wording: the
    tallest quick form there can be (the server runs in this process)."""
    definition = load_builtin_definitions()["sipas-desk"]
    length = {
        criterion["code"]: len(criterion["text"]["vi"])
        for domain in definition["domains"]
        for component in domain["components"]
        for criterion in component["criteria"]
    }
    monkeypatch.setattr(draws._RANDOM, "choice", lambda codes: max(codes, key=length.get))


@pytest.mark.browser_context(**PHONE)
def test_quick_form_is_at_most_two_phone_screens_and_15_kb(page, site, monkeypatch):
    _longest_wording(monkeypatch)
    served = _load(page, site["quick_url"])
    height = page.locator("html").bounding_box()["height"]
    assert height <= SCREENS * PHONE["viewport"]["height"], f"{height} px tall"
    print(f"quick form at 360×740: {height:.0f} px tall, {served} bytes of HTML and CSS")
    assert served <= MAX_BYTES, f"{served} bytes of HTML and CSS"
    assert page.locator("fieldset.q").count() == 7  # 5 drawn criteria, overall, priorities
    assert "Cơ quan cung cấp thông tin về việc giải quyết TTHC" in page.content()  # the longest


@pytest.mark.browser_context(**PHONE)
def test_quick_form_sends_without_javascript_and_links_the_full_form(page, site):
    page.goto(site["quick_url"])
    for fieldset in page.locator("fieldset.q").all():
        faces = fieldset.get_by_role("radio", name="4 Hài lòng", exact=True)
        if faces.count():
            faces.first.check()  # through the face's label: the radio itself is not drawn
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Xin cảm ơn!"
    page.goto(site["quick_url"])
    page.get_by_role("link", name="Đánh giá đầy đủ").click()
    assert page.locator("input[type=radio][value='4']").count() == 20  # 19 criteria, overall
