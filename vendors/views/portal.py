"""The vendor's pages: open the link, the questionnaire (answers, profile, evidence library),
evidence download, submit, and the XLSX template. Every view but :func:`open_invitation_link`
goes through :func:`vendors.session.vendor_view`: no invitation in the session, no page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from scorecard.stewardship.files import FileRefused
from scorecard.uploads import private_download
from vendors.forms import EvidenceUploadForm, QuestionnaireForm, WorkbookUploadForm
from vendors.models import Invitation
from vendors.selectors import evidence_library, questionnaire_rows
from vendors.services import (
    LinkNotValid,
    QuestionnaireClosed,
    StaleAnswers,
    add_evidence,
    delete_evidence,
    open_link,
    save_answers,
    submit_answers,
)
from vendors.session import bind, link_refused, vendor_view


@login_not_required
@never_cache
def open_invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """Trade the link's token for a vendor session, then leave the token's URL at once (so it
    stays out of the browser's history, Referer headers and later log lines)."""
    try:
        invitation = open_link(token)
    except LinkNotValid as refused:
        return link_refused(
            request, refused.reason, status=404 if refused.reason == "unknown" else 410
        )
    bind(request, invitation)
    return redirect("vendors:questionnaire")


def _closed_message(invitation: Invitation) -> str:
    if invitation.submitted_at:
        return _(
            "Your answers are submitted: they can no longer be changed unless the consultant "
            "reopens them."
        )
    return _(
        "The deadline has passed: your answers can no longer be changed unless the consultant "
        "extends it."
    )


def _questionnaire_form(invitation: Invitation, data=None) -> QuestionnaireForm:
    return QuestionnaireForm(
        data,
        rows=questionnaire_rows(invitation),
        library=list(evidence_library(invitation)),
        provider=invitation.candidate.provider,
        profile=invitation.profile,
        revision=invitation.revision,
        disabled=not invitation.is_open_for_answers(),
    )


def _save(request: HttpRequest, invitation: Invitation, form: QuestionnaireForm) -> bool:
    """Save a valid form's answers; on a conflict the form carries the message. Whether saved."""
    try:
        save_answers(
            invitation=invitation,
            answers=form.answers(),
            profile=form.profile(),
            profile_revision=form.cleaned_data["profile_revision"],
        )
    except StaleAnswers as stale:
        form.add_error(None, _conflict_text(stale, form))
        return False
    return True


def _conflict_text(stale: StaleAnswers, form: QuestionnaireForm) -> str:
    names = [row.indicator.name for row in form.rows if row.indicator.pk in stale.indicators]
    if stale.profile:
        names.append(_("company profile"))
    return _(
        "Not saved: these answers were changed in another browser or tab since you opened this "
        "page: %(names)s. Your text is kept below; reload the page to see the saved version, "
        "then save again."
    ) % {"names": ", ".join(names)}


@vendor_view
def questionnaire(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    editable = invitation.is_open_for_answers()
    form = _questionnaire_form(invitation, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not editable:
            messages.error(request, _closed_message(invitation))
            return redirect("vendors:questionnaire")
        if form.is_valid():
            try:
                saved = _save(request, invitation, form)
            except QuestionnaireClosed:
                messages.error(request, _closed_message(invitation))
                return redirect("vendors:questionnaire")
            if saved:
                messages.success(
                    request,
                    _("Draft saved. You can come back to it with your link until the deadline."),
                )
                return redirect("vendors:questionnaire")
    return render(
        request,
        "vendors/questionnaire.html",
        {
            "invitation": invitation,
            "form": form,
            "editable": editable,
            "closed_message": "" if editable else _closed_message(invitation),
            "library": evidence_library(invitation),
            "upload_form": EvidenceUploadForm(),
            "workbook_form": WorkbookUploadForm(),
        },
    )


@vendor_view
def questionnaire_workbook(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """GET: the XLSX template with the current answers. POST: a filled-in template, checked
    as the reference import checks files, then saved as a draft like the page's form."""
    from vendors.spreadsheet import build_template, read_workbook

    form = _questionnaire_form(invitation)
    if request.method != "POST":
        response = HttpResponse(
            build_template(form),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="questionnaire.xlsx"'
        return response
    upload = WorkbookUploadForm(request.POST, request.FILES)
    if not invitation.is_open_for_answers():
        messages.error(request, _closed_message(invitation))
        return redirect("vendors:questionnaire")
    if not upload.is_valid():
        for error in upload.errors.get("workbook", []):
            messages.error(request, error)
        return redirect("vendors:questionnaire")
    workbook = upload.cleaned_data["workbook"]
    try:
        # Never more than the cap into memory: read_tables refuses anything longer.
        data = read_workbook(form, workbook.name, workbook.read(settings.IMPORT_MAX_BYTES + 1))
    except FileRefused as refused:
        messages.error(request, str(refused))
        return redirect("vendors:questionnaire")
    form = _questionnaire_form(invitation, data)
    if form.is_valid():
        try:
            saved = _save(request, invitation, form)
        except QuestionnaireClosed:
            messages.error(request, _closed_message(invitation))
            return redirect("vendors:questionnaire")
        if saved:
            messages.success(request, _("Workbook read: your answers are saved as a draft."))
            return redirect("vendors:questionnaire")
    return render(
        request,
        "vendors/questionnaire.html",
        {
            "invitation": invitation,
            "form": form,
            "editable": True,
            "closed_message": "",
            "library": evidence_library(invitation),
            "upload_form": EvidenceUploadForm(),
            "workbook_form": WorkbookUploadForm(),
        },
    )


@require_POST
@vendor_view
def evidence_upload(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("files", []):
            messages.error(request, error)
        return redirect("vendors:questionnaire")
    try:
        stored = add_evidence(invitation=invitation, files=form.cleaned_data["files"])
    except QuestionnaireClosed:
        messages.error(request, _closed_message(invitation))
    else:
        messages.success(
            request,
            _("Added to your library: %(names)s. Cite them in your answers, then save.")
            % {"names": ", ".join(e.original_name for e in stored)},
        )
    return redirect("vendors:questionnaire")


@vendor_view
def evidence_download(request: HttpRequest, invitation: Invitation, file_id: int) -> HttpResponse:
    evidence = evidence_library(invitation).filter(pk=file_id).first()
    if evidence is None:
        raise Http404(_("No such file."))
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@require_POST
@vendor_view
def evidence_delete(request: HttpRequest, invitation: Invitation, file_id: int) -> HttpResponse:
    try:
        deleted = delete_evidence(invitation=invitation, evidence_id=file_id)
    except QuestionnaireClosed:
        messages.error(request, _closed_message(invitation))
        return redirect("vendors:questionnaire")
    if deleted is None:
        raise Http404(_("No such file."))
    messages.success(request, _("%(name)s deleted.") % {"name": deleted.original_name})
    return redirect("vendors:questionnaire")


@require_POST
@vendor_view
def questionnaire_submit(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    try:
        submit_answers(invitation=invitation)
    except QuestionnaireClosed:
        messages.error(request, _closed_message(invitation))
    else:
        messages.success(request, _("Thank you: your answers are submitted."))
    return redirect("vendors:questionnaire")
