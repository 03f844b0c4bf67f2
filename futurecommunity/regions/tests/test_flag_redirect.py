"""``back=`` after flagging a community only returns to a path of this site (issue 11 §6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from futurecommunity.projects.tests.factories import HUAYUAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("/manage/regions/communities/?page=2", "/manage/regions/communities/?page=2"),
        ("https://evil.example/phish", None),
        ("//evil.example/phish", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_back_goes_only_to_same_site_paths(client, city_editor, back, expected):
    client.force_login(city_editor)
    response = client.post(
        reverse("regions:community-flag", args=[HUAYUAN]),
        {"is_urban": "1", "reason": "核对", "back": back},
    )
    assert response.status_code == 302
    assert response["Location"] == (expected or reverse("regions:community-list"))
