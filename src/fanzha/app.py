"""The FastAPI application: every domain's JSON routes and pages, static files, error handling."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from fanzha import logs
from fanzha.audit import api as audit_api
from fanzha.audit import views as audit_views
from fanzha.auth import api as auth_api
from fanzha.auth import views as auth_views
from fanzha.cases import money_views as cases_money_views
from fanzha.cases import views as cases_views
from fanzha.desk import views as desk_views
from fanzha.fundflow import views as fundflow_views
from fanzha.holidays import views as holidays_views
from fanzha.i18n import zh_CN
from fanzha.liaison import views as liaison_views
from fanzha.linking import action_views as linking_action_views
from fanzha.linking import people_views as linking_people_views
from fanzha.linking import views as linking_views
from fanzha.org import api as org_api
from fanzha.org import views as org_views
from fanzha.outreach import api as outreach_api
from fanzha.outreach import field_views as outreach_field_views
from fanzha.outreach import map_views as outreach_map_views
from fanzha.outreach import people_views as outreach_people_views
from fanzha.outreach import training_views as outreach_training_views
from fanzha.outreach import views as outreach_views
from fanzha.province import views as province_views
from fanzha.public import staff_views as public_staff_views
from fanzha.public import survey_views as public_survey_views
from fanzha.public import tip_views as public_tip_views
from fanzha.public import views as public_views
from fanzha.questionnaires import survey_views as questionnaires_survey_views
from fanzha.questionnaires import views as questionnaires_views
from fanzha.retention import views as retention_views
from fanzha.rewards import tip_views as rewards_tip_views
from fanzha.rewards import views as rewards_views
from fanzha.stats import report_views
from fanzha.stats import screen_views as stats_screen_views
from fanzha.stats import views as stats_views
from fanzha.vault import views as vault_views
from fanzha.warnings import api as warnings_api
from fanzha.warnings import views as warnings_views
from fanzha.web import errors
from fanzha.web import views as web_views
from fanzha.web.admission import AdmissionMiddleware
from fanzha.web.edge import API_RESPONSES, PAGE_RESPONSES, refuse_control_chars
from fanzha.web.limits import BodyLimitMiddleware
from fanzha.web.middleware import SecurityMiddleware
from fanzha.web.templating import PACKAGE
from fanzha.web.warmup import warmed_up

ROUTERS = (
    web_views.router,
    auth_views.router,
    auth_api.router,
    org_views.router,
    org_api.router,
    audit_views.router,
    audit_api.router,
    warnings_api.router,
    warnings_views.router,
    # Before the case pages: /cases/returns and /cases/deadlines are not case ids.
    cases_money_views.router,
    cases_views.router,
    fundflow_views.router,
    linking_views.router,
    linking_people_views.router,
    linking_action_views.router,
    province_views.router,
    retention_views.router,
    desk_views.router,
    holidays_views.router,
    outreach_people_views.router,
    outreach_training_views.router,
    liaison_views.router,
    outreach_views.router,
    outreach_api.router,
    outreach_map_views.router,
    outreach_field_views.router,
    public_views.router,
    public_survey_views.router,
    public_tip_views.router,
    questionnaires_views.router,
    questionnaires_survey_views.router,
    public_staff_views.router,
    vault_views.router,
    rewards_views.router,
    rewards_tip_views.router,
    report_views.router,
    stats_screen_views.router,
    stats_views.router,
)


def create_app(*, warm_up: bool = True) -> FastAPI:
    """The app; `warm_up=False` (the suite's per-test apps) skips building every route and
    freezing the heap before serving (fanzha.web.warmup), which only a server process needs."""
    logs.configure()
    app = FastAPI(
        title=f"Fanzha {zh_CN.APP_NAME}",
        version="0.1.0",
        # No Swagger UI: it loads from a CDN, and police networks are air-gapped.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(refuse_control_chars)],
        lifespan=warmed_up if warm_up else None,
    )
    for router in ROUTERS:
        if router.prefix.startswith("/api/"):
            app.include_router(router, responses=API_RESPONSES)
        else:
            # Pages answer HTML unless a route says otherwise (exports, chart data, health).
            app.include_router(
                router, responses=PAGE_RESPONSES, default_response_class=HTMLResponse
            )
    app.mount("/static", StaticFiles(directory=PACKAGE / "web" / "static"), name="static")
    app.add_middleware(SecurityMiddleware)
    app.add_middleware(BodyLimitMiddleware)  # no body is read past its route's upload limit
    app.add_middleware(AdmissionMiddleware)  # outermost: a waiting request costs nothing else
    errors.install(app)
    return app
