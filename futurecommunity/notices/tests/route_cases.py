"""Route × visitor matrix cases of the notices app (contract in the brief)."""

from __future__ import annotations

from futurecommunity.accounts.tests.matrix import VISITORS
from futurecommunity.notices.tests import matrix_objects as m

_NO_MANAGE = {
    "public": 404,
    "outsider": 404,
    "system_admin": 404,
    "security_admin": 404,
    "audit_admin": 404,
    "expert": 404,  # an account outside every office stays out of the manage area
}
_VIEWERS = ("district_a_viewer", "city_viewer")
# POST-only writes: an empty form is answered 400 on the page before the service is reached
# (viewers too: the service refuses them, see the service matrix); nothing is written.
_FORM_400 = {
    "post": True,
    "post_only": True,
    "ok_post": 400,
    "expect_post": dict.fromkeys(_VIEWERS, 400),
}
# POST-only writes answered by a message on the page they return to (302), refusal or not.
_BACK_302 = {
    "post": True,
    "post_only": True,
    "ok_post": 302,
    "expect_post": dict.fromkeys(_VIEWERS, 302),
}
# Only the publishing office reads a resident's photo (PIPL 第六条).
_PUBLISHER_ONLY = {
    v: 404
    for v in (
        "district_a_viewer",
        "district_a_editor",
        "district_a_approver",
        "city_viewer",
        "city_editor",
        "city_approver",
    )
}


def _notice(street: str) -> dict[str, object]:
    return {"pk": m.notice_in(street).pk}


def _document(street: str) -> dict[str, object]:
    return {"pk": m.notice_in(street).documents.get().pk}


def _opinion(street: str) -> dict[str, object]:
    return {"pk": m.opinion_in(street).pk}


def _photo(street: str) -> dict[str, object]:
    return {"pk": m.opinion_in(street, with_photo=True).pk}


def _project(street: str) -> dict[str, object]:
    return {"reference": m.project_in(street).reference}


def _stakeholder(street: str) -> dict[str, object]:
    return {"pk": m.stakeholder_in(street).pk}


def _signed(street: str) -> dict[str, object]:
    return {"pk": m.stakeholder_in(street, with_form=True).pk}


def _article(street: str) -> dict[str, object]:
    return {"pk": m.article_published().pk}


def _published(street: str) -> dict[str, object]:
    return {"reference": m.project_in(street, to="published").reference}


# The named communities are listed on the public front page; the old address points there.
_MOVED = dict.fromkeys(VISITORS, 301)


ROUTE_CASES = {
    "notices:notice-list": {"profile": "signed_in", "expect": _NO_MANAGE},
    "notices:notice-create": {"profile": "signed_in", "expect": _NO_MANAGE, "post": True},
    "notices:article-list": {"profile": "signed_in", "expect": _NO_MANAGE, "post": True},
    "notices:setting-list": {"profile": "signed_in", "expect": _NO_MANAGE, "post": True},
    "notices:notice-detail": {"make": _notice, "profile": "office_read"},
    "notices:notice-correct": {"make": _notice, "profile": "office_write", **_FORM_400},
    "notices:notice-withdraw": {"make": _notice, "profile": "office_write", **_FORM_400},
    "notices:document-download": {"make": _document, "profile": "office_read"},
    "notices:opinion-answer": {"make": _opinion, "profile": "office_write", **_BACK_302},
    "notices:opinion-photo": {"make": _photo, "profile": "office_read", "expect": _PUBLISHER_ONLY},
    "notices:consent-detail": {"make": _project, "profile": "office_read"},
    "notices:consent-import": {"make": _project, "profile": "office_write", **_FORM_400},
    "notices:consent-record": {"make": _stakeholder, "profile": "office_write", **_BACK_302},
    "notices:consent-form-download": {"make": _signed, "profile": "office_read"},
    "public_site:notice-list": {"profile": "public"},
    # An empty opinion is answered 400 on the notice page (nothing is recorded).
    "public_site:notice-detail": {
        "make": _notice,
        "profile": "public",
        "post": True,
        "ok_post": 400,
    },
    "public_site:document-download": {"make": _document, "profile": "public"},
    "public_site:receipt-lookup": {"profile": "public"},
    "public_site:programme": {"profile": "public"},
    "public_site:community-list": {"profile": "public", "expect": _MOVED},
    "public_site:community-detail": {"make": _published, "profile": "public"},
    "public_site:ranking-list": {"profile": "public"},
    "public_site:article-list": {"profile": "public"},
    "public_site:article-detail": {"make": _article, "profile": "public"},
}
