"""The duplicates report page and its decision and scan forms."""
from __future__ import annotations

import csv
import io

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, stream_with_context

from ..csrf import guard
from ..csv_cells import neutralise_row

duplicates = guard(Blueprint("odl_duplicates", __name__))

PAGE_SIZE = 20


def _context():
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _allowed(action, data_dict) -> bool:
    try:
        tk.check_access(action, _context(), data_dict)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def _list_filters(args) -> dict:
    state = args.get("etat") if args.get("etat") in ("open", "resolved") else "open"
    filters = {"state": state}
    if args.get("territoire"):
        filters["territory"] = args.get("territoire")
    return filters


EXPORT_PAGE = 100
EXPORT_HEADER = ["groupe", "score_groupe", "etat", "jeu_1", "jeu_2", "score_paire", "raisons"]


def _export_rows(first_page, filters):
    page, offset = first_page, 0
    while page["clusters"]:
        for cluster in page["clusters"]:
            for pair in cluster["pairs"]:
                yield [cluster["id"], cluster["score"], cluster["state"], pair["datasets"][0],
                       pair["datasets"][1], pair["score"],
                       " | ".join(reason["text"] for reason in pair["reasons"])]
        offset += EXPORT_PAGE
        if offset >= page["count"]:
            return
        page = tk.get_action("odl_duplicate_list")(
            _context(), dict(filters, limit=EXPORT_PAGE, offset=offset))


@duplicates.route("/doublons/export.csv")
def export_csv():
    """Every pair the visitor may read, one per line, cells made safe for spreadsheets."""
    filters = _list_filters(tk.request.args)
    try:
        # The first page is read before streaming, so a bad filter is a clean 404.
        first = tk.get_action("odl_duplicate_list")(_context(), dict(filters, limit=EXPORT_PAGE))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Territoire introuvable."))
    rows = _export_rows(first, filters)

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(EXPORT_HEADER)
        for row in rows:
            writer.writerow(neutralise_row(row))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    return Response(stream_with_context(chunks()), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="doublons.csv"'})


@duplicates.route("/doublons")
def index():
    args = tk.request.args
    try:
        page = min(max(1, int(args.get("page", 1))), 10 ** 6)
    except ValueError:
        page = 1
    filters = _list_filters(args)
    state, territory_name = filters["state"], filters.get("territory")
    data_dict = dict(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    try:
        report = tk.get_action("odl_duplicate_list")(_context(), data_dict)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Territoire introuvable."))
    except tk.ValidationError:
        return tk.abort(400, tk._("Paramètres de la page incorrects."))
    territory = model.Group.get(territory_name) if territory_name else None
    for cluster in report["clusters"]:
        cluster["may_decide"] = _allowed("odl_duplicate_decide", {"id": cluster["id"]})
    scan = None
    may_scan = _allowed("odl_duplicate_scan_show", {})
    if may_scan:
        try:
            scan = tk.get_action("odl_duplicate_scan_show")(_context(), {})
        except tk.ObjectNotFound:
            scan = None
    return tk.render("dedup/index.html", {
        "report": report, "page": page, "state": state, "territory": territory,
        "page_count": max(1, -(-report["count"] // PAGE_SIZE)),
        "scan": scan, "may_scan": may_scan})


def _back():
    # Only back to the report itself: a form field never sends a visitor elsewhere.
    back = tk.request.form.get("back") or ""
    if not back.startswith("/doublons") or "//" in back or "\\" in back:
        back = tk.url_for("odl_duplicates.index")
    return tk.redirect_to(back)


@duplicates.route("/doublons/<cluster_id>/decision", methods=["POST"])
def decide(cluster_id):
    """A decision on the cluster, or on one pair of it (form field ``pair``). "Doublon,
    supprimer les autres" first shows what would be deleted; only the form of that
    confirmation page (``confirm``) deletes."""
    form = tk.request.form
    data_dict = {"id": cluster_id, "decision": form.get("decision", ""), "keep": form.get("keep", "")}
    if form.get("pair"):
        data_dict["pair"] = form.get("pair")
    if form.get("decision") == "delete":
        data_dict.update(decision="duplicate", delete=True, confirm=form.get("confirm") == "1")
        if form.get("expected") is not None:
            data_dict["expected"] = [i for i in form.get("expected").split(",") if i]
    try:
        if data_dict.get("delete") and not data_dict["confirm"]:
            return _confirm_deletion(cluster_id, data_dict)
        tk.get_action("odl_duplicate_decide")(_context(), data_dict)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Action non autorisée."))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Groupe de doublons introuvable."))
    except tk.ValidationError as error:
        messages = [message for values in error.error_dict.values() for message in values]
        tk.h.flash_error(" ".join(str(message) for message in messages))
        return _back()
    tk.h.flash_success(tk._("Décision enregistrée."))
    return _back()


def _confirm_deletion(cluster_id, data_dict):
    """The page that names the datasets a "doublon" decision would delete."""
    from . import store

    tk.check_access("odl_duplicate_decide", _context(), data_dict)
    target = store.decision_target(data_dict)
    keep = model.Package.get(data_dict.get("keep") or "")
    if target is None:
        raise tk.ObjectNotFound()
    if keep is None or keep.id not in target[1]:
        raise tk.ValidationError({"keep": [tk._(
            "Choisissez le jeu de données à conserver parmi ceux du groupe.")]})
    others = [p for p in model.Session.query(model.Package).filter(
        model.Package.id.in_([m for m in target[1] if m != keep.id]))
        if p.state == "active"]
    return tk.render("dedup/confirm_delete.html", {
        "cluster_id": cluster_id, "keep": keep, "others": sorted(others, key=lambda p: p.name),
        "pair": tk.request.form.get("pair") or "", "back": tk.request.form.get("back") or ""})


@duplicates.route("/doublons/analyse", methods=["POST"])
def scan():
    try:
        tk.get_action("odl_duplicate_scan")(_context(), {})
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    tk.h.flash_success(tk._("Analyse des doublons lancée en arrière-plan."))
    return tk.redirect_to(tk.url_for("odl_duplicates.index"))
