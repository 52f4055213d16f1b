"""URLs of the vendor portal (namespace ``vendors``), all under /vendors/: the vendor's
pages (``link/``, ``questionnaire/``) and the consultant's (``engagements/<id>/``)."""

from django.urls import path

from vendors.views import consultant, portal

app_name = "vendors"
urlpatterns = [
    path("link/<str:token>/", portal.open_invitation_link, name="link"),
    path("questionnaire/", portal.questionnaire, name="questionnaire"),
    path("questionnaire/evidence/", portal.evidence_upload, name="evidence-upload"),
    path("questionnaire/evidence/<id:file_id>/", portal.evidence_download, name="evidence"),
    path(
        "questionnaire/evidence/<id:file_id>/delete/",
        portal.evidence_delete,
        name="evidence-delete",
    ),
    path("questionnaire/submit/", portal.questionnaire_submit, name="submit"),
    path("questionnaire/workbook/", portal.questionnaire_workbook, name="workbook"),
    path("engagements/<id:pk>/", consultant.invitation_list, name="invitation-list"),
    path(
        "engagements/<id:pk>/<id:invitation_id>/",
        consultant.invitation_detail,
        name="invitation-detail",
    ),
    path(
        "engagements/<id:pk>/<id:invitation_id>/<slug:action>/",
        consultant.invitation_action,
        name="invitation-action",
    ),
    path(
        "engagements/<id:pk>/evidence/<id:file_id>/",
        consultant.evidence_download,
        name="staff-evidence",
    ),
]
