"""The referral network page: the rings picture, and warm paths into an organisation."""

from __future__ import annotations

from html import escape

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from coffeechat.models import Organization
from coffeechat.services.network import referral_network, warm_paths_to
from coffeechat.web.requests import OwnerRequest


def network_page(request: OwnerRequest) -> HttpResponse:
    """Who introduced you to whom, from you outward; ``?org=ID`` adds the warm paths into that organisation."""
    network = referral_network(request.user)
    layout = network.layout
    nodes = [{"p": network.people.get(placed.person_id), "x": placed.x, "y": placed.y, "depth": placed.depth,
              "label_y": placed.y + 22}
             for placed in layout.people if placed.person_id in network.people]
    where = {placed.person_id: placed for placed in layout.people}
    lines = [{"x1": layout.cx if a is None else where[a].x, "y1": layout.cy if a is None else where[a].y,
              "x2": where[b].x, "y2": where[b].y, "from_user": a is None} for a, b in layout.lines]
    rings = [{"r": depth * layout.ring_gap} for depth in range(1, layout.rings + 1)]
    chosen = None
    org_value = request.GET.get("org", "")
    if org_value.isdigit():
        chosen = Organization.objects.owned_by(request.user).filter(pk=int(org_value)).first()
    context = {
        "nav": "network", "layout": layout, "nodes": nodes, "lines": lines, "rings": rings,
        "organization_options": _organization_options(request, chosen.pk if chosen else None), "chosen": chosen,
        "paths": warm_paths_to(request.user, chosen) if chosen else None,
    }
    return render(request, "coffeechat/network.html", context)


def _organization_options(request: OwnerRequest, chosen: int | None) -> SafeString:
    """The <option>s of every organisation, names escaped, built in one join: a network of thousands of
    organisations costs the template engine a tenth of a second per page, this a few milliseconds."""
    rows = Organization.objects.owned_by(request.user).order_by("name").values_list("id", "name")
    return mark_safe("".join(  # every name is escaped here; ids are integers
        f'<option value="{int(pk)}"{" selected" if pk == chosen else ""}>{escape(name, quote=True)}</option>'
        for pk, name in rows))
