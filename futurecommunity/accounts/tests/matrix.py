"""The route and service matrices' registry, visitors and expected answers (issue 10).

Each app declares, in its own test package, how to build a REAL object for every route and how
to call every write service (``futurecommunity/<app>/tests/route_cases.py`` → ``ROUTE_CASES``,
``…/service_cases.py`` → ``SERVICE_CASES``; the contract is in the lead's brief). This module
collects them, creates one account of every visitor kind and writes down, per access profile,
the answer each visitor must get from a route whose object lies in street A (塔山街道, 越城区).
The comparison visitors sit in another street of district A (府山街道) and in district B
(柯桥区).

Besides the contract's keys (``make``, ``profile``, ``expect``, ``post``), a route case may say:
``expect_get`` / ``expect_post`` (overrides for one method only); ``post_only`` (the view
refuses GET: 405 for whoever passes the login and manage-area gates); ``ok_post`` (what an
allowed POST answers instead of 200, e.g. 302 back to the page); ``post_data`` / ``post_json``
(the POST body; ``post_json`` may be a function of the street code); ``auth: "token"`` (the API:
each visitor sends a bearer token of their account instead of a session); ``shows`` (a list
page: a function creating a street-A object and returning a text that must appear for those in
scope, ``sees`` — default the street, its district and the city — and for nobody else);
``fresh_post: True`` (each visitor POSTs to a freshly made object: the allowed POST removes
it, so every editor in scope must find one); ``departments`` (the answers of the department
kinds in ``DEPARTMENTS`` where they differ from ``department``'s). A
service case may say ``audited: False`` (the allowed call writes no audit entry) and
``refused_as_row_errors`` (actors an import refuses with per-row errors).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import futurecommunity
from futurecommunity.accounts.models import Organisation, OrganisationKind, Role, User

DISTRICT_A = "330602"  # 越城区
DISTRICT_B = "330603"  # 柯桥区
STREET_A = "330602001"  # 塔山街道 (越城区): owns every object of the matrix
STREET_A2 = "330602002"  # 府山街道 (越城区): another street of the same district
STREET_B = "330603001"  # 柯桥街道 (柯桥区)

LOGIN = "login"  # a redirect to the login page
OTP = "otp"  # a redirect to the second-factor page (administrator duties)
# A city-wide action's refusal: the redirect back to the page it came from (302) carrying the
# service's refusal as an error message. Told apart from a success (302 with a success message)
# for the ``city_post`` routes, so the route matrix itself sees who is refused.
REFUSED = "refused"

VISITORS = (
    "anonymous",
    "public",
    "outsider",
    "street_a",
    "street_a2",
    "district_a_viewer",
    "district_a_editor",
    "district_a_approver",
    "district_b_editor",
    "city_viewer",
    "city_editor",
    "city_approver",
    "department",
    "dept_construction",
    "dept_district_a",
    "dept_district_b",
    "utility",
    "system_admin",
    "security_admin",
    "audit_admin",
    "operator",
    "expert",
)
ADMINS = ("system_admin", "security_admin", "audit_admin")
# Every kind of department account besides ``department`` (a city department with no
# assignment): the city's convening construction department, district A's and district B's own
# construction departments, and a utility unit. Unless a case names one of them, each must get
# the same answer as ``department``: a department sees only what is assigned to it.
DEPARTMENTS = ("dept_construction", "dept_district_a", "dept_district_b", "utility")


def _discover(module_name: str, attribute: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for info in pkgutil.iter_modules(futurecommunity.__path__):
        name = f"futurecommunity.{info.name}.tests.{module_name}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name in (name, f"futurecommunity.{info.name}.tests"):
                continue
            raise
        cases = getattr(module, attribute)
        overlap = found.keys() & cases.keys()
        assert not overlap, f"{name} 重复登记：{sorted(overlap)}"
        found.update(cases)
    return found


def route_cases() -> dict[str, dict[str, Any]]:
    return _discover("route_cases", "ROUTE_CASES")


def service_cases() -> dict[str, dict[str, Any]]:
    return _discover("service_cases", "SERVICE_CASES")


# --- visitors --------------------------------------------------------------------------------


def _user(username: str, org: Organisation | None, role: str = Role.VIEWER, **extra: Any) -> User:
    from futurecommunity.accounts.tests.factories import UserFactory

    return UserFactory(username=f"m_{username}", organisation=org, role=role, **extra)


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def make_visitors() -> dict[str, User | None]:
    """One account of every visitor kind (``anonymous`` is ``None``)."""
    from futurecommunity.accounts.tests.factories import OrganisationFactory

    public = OrganisationFactory(code="public", name="社会公众", kind=OrganisationKind.PUBLIC)
    operator = OrganisationFactory(
        code="m-operator",
        name="塔山街道未来社区运营单位",
        kind=OrganisationKind.OPERATOR,
        region_code=STREET_A,
    )
    return {
        "anonymous": None,
        "public": _user("public", public),
        "outsider": _user("outsider", None, Role.APPROVER),
        "street_a": _user("street_a", _org(f"sx-{STREET_A}"), Role.EDITOR),
        "street_a2": _user("street_a2", _org(f"sx-{STREET_A2}"), Role.EDITOR),
        "district_a_viewer": _user("district_a_viewer", _org(f"sx-{DISTRICT_A}")),
        "district_a_editor": _user("district_a_editor", _org(f"sx-{DISTRICT_A}"), Role.EDITOR),
        "district_a_approver": _user(
            "district_a_approver", _org(f"sx-{DISTRICT_A}"), Role.APPROVER
        ),
        "district_b_editor": _user("district_b_editor", _org(f"sx-{DISTRICT_B}"), Role.EDITOR),
        "city_viewer": _user("city_viewer", _org("sx-city-office")),
        "city_editor": _user("city_editor", _org("sx-city-office"), Role.EDITOR),
        "city_approver": _user("city_approver", _org("sx-city-office"), Role.APPROVER),
        "department": _user("department", _org("sx-dept-civil-affairs"), Role.APPROVER),
        "dept_construction": _user(
            "dept_construction", _org("sx-dept-construction"), Role.APPROVER
        ),
        "dept_district_a": _user(
            "dept_district_a", _org(f"sx-{DISTRICT_A}-dept-construction"), Role.APPROVER
        ),
        "dept_district_b": _user(
            "dept_district_b", _org(f"sx-{DISTRICT_B}-dept-construction"), Role.APPROVER
        ),
        "utility": _user("utility", _org("sx-utility-water"), Role.APPROVER),
        "system_admin": _user("system_admin", None, admin_role="system_admin"),
        "security_admin": _user("security_admin", None, admin_role="security_admin"),
        "audit_admin": _user("audit_admin", None, admin_role="audit_admin"),
        "operator": _user("operator", operator, Role.APPROVER),
        # No expert kind exists yet: an expert is a plain account without an organisation.
        "expert": _user("expert", None, Role.VIEWER, full_name="评审专家"),
    }


# --- expected answers -------------------------------------------------------------------------

_NO_MANAGE = {"public": 404, "outsider": 404, "expert": 404}  # ManageAreaMiddleware
_ADMINS_403 = dict.fromkeys(ADMINS, 403)
_CITY = ("city_viewer", "city_editor", "city_approver")
_DISTRICT_A = ("district_a_viewer", "district_a_editor", "district_a_approver")


def _table(allowed: dict[str, int], *, others: int = 404, admins: int = 404) -> dict[str, Any]:
    table: dict[str, Any] = {"anonymous": LOGIN, **_NO_MANAGE}
    for visitor in VISITORS:
        if visitor in table:
            continue
        if visitor in ADMINS:
            table[visitor] = admins
        else:
            table[visitor] = others
    table.update(allowed)
    return table


def _roles(ok: int, viewers: int, *, street: bool, district: bool, city_roles: str) -> dict:
    """Answers of the territorial offices in scope: editors/approvers ``ok``, viewers
    ``viewers``; ``city_roles`` picks which city roles pass ("all", "editor", "approver")."""
    table: dict[str, int] = {}
    if street:
        table["street_a"] = ok
    if district:
        table.update(district_a_viewer=viewers, district_a_editor=ok, district_a_approver=ok)
    table["city_viewer"] = viewers
    table["city_editor"] = ok if city_roles in ("all", "editor") else 403
    table["city_approver"] = ok
    return table


def _everyone(status: int) -> dict[str, Any]:
    return dict.fromkeys(VISITORS, status)


def _duty(duty: str, *, manage_area: bool = False) -> dict[str, Any]:
    """An administrator duty's screens: the duty 200, every other signed-in account 403 (the
    manage area's 404 for accounts outside every office when the screen lies under /manage/)."""
    table: dict[str, Any] = {**_everyone(403), "anonymous": LOGIN, duty: 200}
    if manage_area:  # the other duties are not shown business or other duties' pages
        table.update(_NO_MANAGE)
        table.update({admin: 404 for admin in ADMINS if admin != duty})
    return table


PROFILES: dict[str, dict[str, Any]] = {
    "public": _everyone(200),
    "signed_in": {**_everyone(200), "anonymous": LOGIN, **dict.fromkeys(ADMINS, 200)},
    # The object's street, district and the city read; every other visitor is told nothing.
    "office_read": _table(
        {"street_a": 200, **dict.fromkeys(_DISTRICT_A, 200), **dict.fromkeys(_CITY, 200)}
    ),
    # Editors and approvers in scope write; viewers in scope are refused (403).
    "office_write": _table(_roles(200, 403, street=True, district=True, city_roles="all")),
    # Approvers in scope decide; editors and viewers in scope are refused.
    "approver_write": _table(
        {
            "street_a": 403,
            "district_a_viewer": 403,
            "district_a_editor": 403,
            "district_a_approver": 200,
            "city_viewer": 403,
            "city_editor": 403,
            "city_approver": 200,
        }
    ),
    # City-wide pages of the territorial offices (each sees its own territory in them).
    "city_read": _table(
        {
            "street_a": 200,
            "street_a2": 200,
            **dict.fromkeys(_DISTRICT_A, 200),
            "district_b_editor": 200,
            **dict.fromkeys(_CITY, 200),
        }
    ),
    # Programme summaries: the offices, and the departments and units in the manage area.
    "summary_read": _table(
        {
            "street_a": 200,
            "street_a2": 200,
            **dict.fromkeys(_DISTRICT_A, 200),
            "district_b_editor": 200,
            **dict.fromkeys(_CITY, 200),
            "department": 200,
            "operator": 200,
        }
    ),
    # City configuration: the city office's editors and approvers; other offices 403.
    "city_write": _table(
        {
            "street_a": 403,
            "street_a2": 403,
            **dict.fromkeys(_DISTRICT_A, 403),
            "district_b_editor": 403,
            "city_viewer": 403,
            "city_editor": 200,
            "city_approver": 200,
        },
        others=403,
    ),
    # The city or the object's district, editor and above (the street only reads).
    "district_up_write": _table(
        {"street_a": 403, **_roles(200, 403, street=False, district=True, city_roles="all")}
    ),
    # City-wide actions answered on the page they return to (302): the city office's editors and
    # approvers succeed; every other account in the manage area is refused there (REFUSED, the
    # service's refusal as an error message); strangers never reach the action.
    "city_post": _table(
        {
            **{v: REFUSED for v in VISITORS if v not in ("anonymous", *_NO_MANAGE, *ADMINS)},
            "city_editor": 302,
            "city_approver": 302,
        }
    ),
    "admin_system": _duty("system_admin"),
    "admin_security": _duty("security_admin"),
    "admin_audit": _duty("audit_admin", manage_area=True),
    # Bearer-token API: a browser session is not a credential.
    "api": _everyone(401),
}


def expected(case: dict[str, Any], method: str) -> dict[str, Any]:
    """The answer every visitor must get: the profile, then the case's overrides."""
    table = dict(PROFILES[case["profile"]])
    table.update(case.get("expect", {}))
    if method == "GET" and case.get("post_only"):
        # The view refuses GET (405) to whoever passes the login and manage-area gates.
        table = {
            v: a if a in (LOGIN, OTP) or v in _NO_MANAGE or (v in ADMINS and a == 404) else 405
            for v, a in table.items()
        }
    if method == "POST":
        if "ok_post" in case:  # an allowed POST answers with this (e.g. 302 back to the page)
            table = {v: case["ok_post"] if a == 200 else a for v, a in table.items()}
        table.update(case.get("expect_post", {}))
    else:
        table.update(case.get("expect_get", {}))
    # The other department kinds answer as ``department`` unless the case's ``departments``
    # (``{visitor: answer}``, or ``{method: {visitor: answer}}``) says otherwise.
    own = case.get("departments", {})
    own = own.get(method, {}) if set(own) <= {"GET", "POST"} else own
    for visitor in DEPARTMENTS:
        table[visitor] = own.get(visitor, table["department"])
    return table


MakeFn = Callable[[str], dict[str, Any]]


# --- helpers for the apps' cases ----------------------------------------------------------------

_serial = iter(range(1, 1_000_000))


def office_actor(code: str, role: str = Role.EDITOR) -> User:
    """A fresh member of the office of region ``code`` ("" or "3306" → the city office); the
    cases create their objects as such an actor, never as one of the matrix's visitors."""
    org_code = "sx-city-office" if code in ("", "3306") else f"sx-{code}"
    return _user(f"maker{next(_serial)}", _org(org_code), role)


def community_of(street_code: str, *, urban: bool = True) -> str:
    """An urban community (居委会) of the street."""
    from futurecommunity.regions.models import Region, RegionLevel

    region = (
        Region.objects.filter(
            parent_code=street_code,
            level=RegionLevel.COMMUNITY,
            is_urban_community=urban,
        )
        .order_by("code")
        .first()
    )
    assert region is not None, f"{street_code} 没有社区"
    return region.code


def upload(name: str = "附件.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 matrix", content_type="application/pdf")


# Actors refused by every administrator service (besides the other duties).
OFFICIALS_AND_OTHERS = [
    "public",
    "outsider",
    "street_a",
    "district_a_approver",
    "city_approver",
    "department",
    "operator",
    "expert",
]
# Actors outside street A's territory, or without the role to write there.
OUT_OF_SCOPE = [
    "public",
    "outsider",
    "street_a2",
    "district_a_viewer",
    "district_b_editor",
    "city_viewer",
    "department",
    "dept_district_b",
    "utility",
    "system_admin",
    "security_admin",
    "audit_admin",
    "operator",
    "expert",
]
# Actors refused city-wide configuration (only the city office's editors and approvers).
NOT_CITY = [
    "public",
    "outsider",
    "street_a",
    "district_a_approver",
    "district_b_editor",
    "city_viewer",
    "department",
    "dept_construction",
    "dept_district_a",
    "utility",
    "system_admin",
    "security_admin",
    "audit_admin",
    "operator",
    "expert",
]
