import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.audit.models import AuditEntry
from futurecommunity.centres import rules, services
from futurecommunity.centres.models import (
    CandidateSite,
    CentreStatus,
    LayoutPlan,
    ModuleState,
    NeighbourhoodCentre,
    PlanItem,
    SizeRule,
    SizeRuleChange,
)
from futurecommunity.centres.tests import factories as f
from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed
from futurecommunity.lifecircle.models import Facility
from futurecommunity.notifications.models import Message
from futurecommunity.projects.tests.factories import KEQIAO_STREET, TASHAN, YUECHENG

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    from futurecommunity.lifecircle.catalogue import load_lifecircle_catalogue

    load_lifecircle_catalogue()


def _site_input(**extra) -> services.SiteInput:
    data = dict(
        kind="building", name="原粮站办公楼", street_code=TASHAN, address="塔山街道某路1号",
        lon=120.58, lat=30.0, area=Decimal("800"), cost=Decimal("120"), owner_code=f.SASAC,
    )  # fmt: skip
    return services.SiteInput(**(data | extra))


def test_site_create_asks_the_owner_to_confirm(tashan_editor, django_capture_on_commit_callbacks):
    owner = f.owner_user()
    with django_capture_on_commit_callbacks(execute=True):
        site = services.site_create(actor=tashan_editor, data=_site_input())
    assert site.owner.code == f.SASAC and site.owner_confirmed_at is None
    assert Message.objects.filter(recipient=owner, kind="centres.site_confirm").count() == 1
    assert AuditEntry.objects.filter(action="candidate_site.create").count() == 1


def test_building_without_owner_is_refused(tashan_editor):
    with pytest.raises(ValidationFailed) as exc:
        services.site_create(actor=tashan_editor, data=_site_input(owner_code=""))
    assert "三(一)" in exc.value.errors["owner_code"][0]
    assert not CandidateSite.objects.exists()


def test_other_district_cannot_register_sites_here(keqiao_editor):
    with pytest.raises(PermissionDenied):
        services.site_create(actor=keqiao_editor, data=_site_input())
    assert not CandidateSite.objects.exists()


def test_only_the_owner_organisation_confirms(
    tashan_editor, yuecheng_editor, django_capture_on_commit_callbacks
):
    site = f.site(TASHAN, confirmed=False)
    for intruder in (tashan_editor, yuecheng_editor, f.owner_user("sasac_viewer", role="viewer")):
        with pytest.raises(PermissionDenied):
            services.site_confirm(actor=intruder, site=site)
        site.refresh_from_db()
        assert site.owner_confirmed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.site_confirm(actor=f.owner_user(), site=site)
    site.refresh_from_db()
    assert site.owner_confirmed_at is not None
    # the street is told to sign the agreement
    assert Message.objects.filter(recipient=tashan_editor, kind="centres.site_confirmed").exists()


def test_agreement_needs_confirmation_then_stores_the_file(tashan_editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = f.site(TASHAN, confirmed=False)
    data = services.AgreementInput(
        "国资委—塔山街道",
        dt.date(2025, 1, 1),
        dt.date(2030, 1, 1),
        "邻里中心",
        dt.date(2024, 12, 1),
    )
    upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(DomainError) as exc:
        services.agreement_attach(actor=tashan_editor, site=site, data=data, upload=upload)
    assert "三(一)" in exc.value.message
    site.owner_confirmed_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    site.save()
    upload.seek(0)
    agreement = services.agreement_attach(actor=tashan_editor, site=site, data=data, upload=upload)
    assert agreement.file.read() == b"%PDF-1.4 test"


def test_adoption_refused_when_an_owner_has_not_confirmed(yuecheng_editor):
    good = f.site(TASHAN, name="已确认用房")
    bad = f.site(TASHAN, confirmed=False, name="未确认用房", i=5)
    scenario = f.done_scenario(YUECHENG, [good, bad])
    with pytest.raises(DomainError) as exc:
        services.plan_adopt(actor=yuecheng_editor, scenario=scenario)
    assert "未确认用房" in exc.value.message and "三(一)" in exc.value.message
    assert not LayoutPlan.objects.exists() and not NeighbourhoodCentre.objects.exists()


def _days_left(started_days_ago: int) -> int:
    """What the notices app's period rule (its configuration row) says is left today."""
    from futurecommunity.notices.config import notice_policy
    from futurecommunity.notices.rules import earliest_end, notice_progress

    policy, today = notice_policy(), dt.date.today()
    start = today - dt.timedelta(days=started_days_ago)
    return notice_progress(start, earliest_end(start, policy), today, policy).days_left


def test_land_is_usable_only_with_its_projects_finished_notice_and_consent(yuecheng_editor):
    """三(一): the notices app's implementation-plan notice and stakeholder consent of the
    project the land belongs to decide; the register keeps no state of its own."""
    land = f.site(TASHAN, kind="land", consented=False, name="小区空地")
    scenario = f.done_scenario(YUECHENG, [land])
    with pytest.raises(DomainError) as exc:
        services.plan_adopt(actor=yuecheng_editor, scenario=scenario)
    assert (
        "三(一) 尚不可使用" in exc.value.message and "尚未关联所属未来社区项目" in exc.value.message
    )
    # the notice started three days ago, everyone agreed: the period is not over
    fresh = f.noticed_project(TASHAN, started_days_ago=3)
    services.land_project_link(actor=yuecheng_editor, site=land, project_reference=fresh.reference)
    with pytest.raises(DomainError) as exc:
        services.plan_adopt(actor=yuecheng_editor, scenario=scenario)
    assert _days_left(3) > 0
    assert f"公示期未满，还差 {_days_left(3)} 天" in exc.value.message
    assert "三(一)" in exc.value.message
    # the notice is over but one household of four has not agreed (default share: all)
    short = f.noticed_project(TASHAN, households=4, agreed=3)
    services.land_project_link(actor=yuecheng_editor, site=land, project_reference=short.reference)
    with pytest.raises(DomainError, match="利害关系人同意 3/4 户，还差 1 户"):
        services.plan_adopt(actor=yuecheng_editor, scenario=scenario)
    assert not LayoutPlan.objects.exists()
    done = f.noticed_project(TASHAN, households=4, agreed=4)
    services.land_project_link(actor=yuecheng_editor, site=land, project_reference=done.reference)
    assert services.plan_adopt(actor=yuecheng_editor, scenario=scenario).items.count() == 1


def test_land_can_only_belong_to_a_project_of_its_street(yuecheng_editor):
    land = f.site(TASHAN, kind="land", consented=False)
    other = f.noticed_project("330602002")
    with pytest.raises(ValidationFailed) as exc:
        services.land_project_link(
            actor=yuecheng_editor, site=land, project_reference=other.reference
        )
    assert "不是本街道的未来社区项目" in str(exc.value.errors["project_reference"])
    land.refresh_from_db()
    assert land.project_id is None


def test_register_shows_the_notice_and_consent_state(client, yuecheng_editor):
    land = f.site(TASHAN, kind="land", consented=False, name="空地甲")
    services.land_project_link(
        actor=yuecheng_editor, site=land,
        project_reference=f.noticed_project(TASHAN, started_days_ago=2, agreed=1).reference,
    )  # fmt: skip
    client.force_login(yuecheng_editor)
    listing = client.get(reverse("centres:site-list")).content.decode()
    left = _days_left(2)
    assert f"公示还差 {left} 天；同意 1/4（须 4）" in listing and "三(一) 尚不可使用" in listing
    detail = client.get(reverse("centres:site-detail", args=[land.pk])).content.decode()
    assert f"公示中，还差 {left} 天" in detail and "1/4 户（须 4 户）" in detail
    assert "三(一) 尚不可使用" in detail


def test_adoption_orders_the_three_year_plan_and_creates_planned_centres(
    yuecheng_editor, tashan_editor, django_capture_on_commit_callbacks
):
    sites = [
        f.site(TASHAN, i=k, cost=c, name=f"点{k}")
        for k, c in enumerate(["100", "200", "50", "150"])
    ]
    scenario = f.done_scenario(YUECHENG, sites)  # gains 400, 300, 200, 100; budget 250, 2 a year
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_adopt(actor=yuecheng_editor, scenario=scenario)
    years = {i.site.name: i.year for i in plan.items.select_related("site")}
    # ratios: 点0 4.0, 点2 4.0 (gain 200 / 50), 点1 1.5, 点3 0.67 -> 2025: 点0+点2 (150)
    assert years == {"点0": 2025, "点2": 2025, "点1": 2026, "点3": 2027}
    centres = NeighbourhoodCentre.objects.filter(plan=plan)
    assert centres.count() == 4 and {c.status for c in centres} == {"planned"}
    assert {c.planned_year for c in centres} == {2025, 2026, 2027}
    assert Message.objects.filter(recipient=tashan_editor, kind="centres.plan_adopted").exists()


def test_street_and_other_district_cannot_adopt(tashan_editor, keqiao_editor):
    scenario = f.done_scenario(YUECHENG, [f.site(TASHAN)])
    for actor in (tashan_editor, keqiao_editor):
        with pytest.raises(PermissionDenied):
            services.plan_adopt(actor=actor, scenario=scenario)
    assert not LayoutPlan.objects.exists()


def test_plan_item_move_is_bounded_and_marks_the_edit(yuecheng_editor):
    plan = f.plan(TASHAN)
    item = plan.items.get()
    with pytest.raises(ValidationFailed):
        services.plan_item_move(actor=yuecheng_editor, item=item, year=2031)
    services.plan_item_move(actor=yuecheng_editor, item=item, year=2027)
    item.refresh_from_db()
    assert item.year == 2027 and item.edited


def test_opening_a_centre_registers_a_facility_per_provided_module(tashan_editor, catalogue):
    centre = f.centre(TASHAN)
    centre.modules.filter(service__code__in=["elderly", "health"]).update(
        state=ModuleState.PROVIDED, area=400
    )
    centre.modules.filter(service__code="culture").update(state=ModuleState.EXTERNAL)
    with pytest.raises(DomainError, match="逐步推进"):
        services.centre_advance(actor=tashan_editor, centre=centre, status=CentreStatus.OPEN)
    services.centre_advance(actor=tashan_editor, centre=centre, status=CentreStatus.BUILDING)
    assert not Facility.objects.exists()
    services.centre_advance(actor=tashan_editor, centre=centre, status=CentreStatus.OPEN)
    kinds = sorted(Facility.objects.values_list("kind__code", flat=True))
    assert kinds == ["elderly_day_care", "health_station"]
    assert all(fa.region_code == TASHAN for fa in Facility.objects.all())


def test_size_rule_edit_is_city_only_and_keeps_history(city_editor, yuecheng_approver):
    rule = SizeRule.objects.get(key="min_total_area")
    assert rule.get_confidence_display() == "国家标准默认值"
    with pytest.raises(PermissionDenied):
        services.size_rule_update(
            actor=yuecheng_approver, rule=rule, value=Decimal(700), confidence="local", source="x"
        )
    assert not SizeRuleChange.objects.exists()
    services.size_rule_update(
        actor=city_editor,
        rule=rule,
        value=Decimal(700),
        confidence="local",
        source="绍兴市邻里中心建设导则",
    )
    rule.refresh_from_db()
    change = rule.changes.get()
    assert (change.old_value, change.new_value, rule.value) == (600, 700, 700)


def test_centre_findings_cite_their_basis():
    params = {
        r.key: rules.Param(r.value, r.get_confidence_display(), r.source, r.severity)
        for r in SizeRule.objects.all()
    }
    facts = rules.CentreFacts(
        total_area=Decimal(500), activity_area=Decimal(200), households=3000,
        merged_with_party_centre=True,
        modules=[rules.Module("elderly", "provided", Decimal(100)), rules.Module("culture", "provided", Decimal(50))],
        community_count=2,
    )  # fmt: skip
    findings = rules.size_findings(facts, params)
    errors = [x.message for x in findings if x.severity == "error"]
    # 3000 households x 30 m2 / 100 = 900 m2 > 600
    assert any("低于 900 平方米" in m and "国家标准默认值" in m for m in errors)
    assert any("40%" in m for m in errors)
    assert any("少于 3 项" in m for m in errors)
    assert any("推定（待核实）" in x.message for x in findings)  # day-care minimum is reconstructed
    assert any("每个社区一个" in x.message for x in findings)


def test_site_import_is_all_or_nothing_with_row_errors(tashan_editor):
    rows = [
        _site_input(name="甲"),
        _site_input(name="乙", street_code=KEQIAO_STREET),
        _site_input(name="丙", lon=10.0),
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.site_import(actor=tashan_editor, rows=rows)
    text = exc.value.errors["rows"]
    assert text[0].startswith("第 3 行“乙”") and text[1].startswith("第 4 行“丙”")
    assert not CandidateSite.objects.exists()
    assert len(services.site_import(actor=tashan_editor, rows=rows[:1])) == 1


def test_schedule_defers_what_does_not_fit():
    items = [rules.ScheduleInput(k, 100.0, Decimal(300)) for k in range(4)]
    out = rules.schedule(
        items, first_year=2025, budget_per_year=Decimal(600), count_per_year=5, years=1
    )
    assert [y for _, y in out] == [2025, 2025, 2026, 2026]
    assert PlanItem.objects.count() == 0
