"""Give every simulated user a login of its own on the demo engagement.

Run inside the server's environment (``python -m bench.loadtest.prepare OUT.json N M``)
after ``setup_demo``: creates ``N`` analysts, each with a draft assessment of its own (so
simulated saves never collide with each other's optimistic locks), and ``M`` client viewers,
then writes the logins and the URLs the users need to ``OUT.json``. The engagement is put at
the calibration stage (the consultant opened it), so analysts revising drafts may read the
results, as they do in that stage; client viewers read the demo's published decision.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

DEMO_REFERENCE = "AURORA-CARE-2027"


def prepare(out: Path, analysts: int, clients: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.urls import reverse

    from scorecard.models import Assessment, Engagement, Membership, Role
    from scorecard.selectors.scope import criteria_in_scope
    from scorecard.services.calibration import open_calibration

    engagement = Engagement.objects.get(reference=DEMO_REFERENCE)
    candidates = list(engagement.candidates.order_by("pk"))
    criteria = [c.code for c in criteria_in_scope(engagement)]
    password = secrets.token_urlsafe(16)
    user_model = get_user_model()
    users = []
    with transaction.atomic():
        for i in range(analysts):
            user = user_model.objects.create_user(f"load-analyst-{i:02d}", password=password)
            Membership.objects.create(engagement=engagement, user=user, role=Role.ANALYST)
            assessment = Assessment.objects.create(
                candidate=candidates[i % len(candidates)], assessor=user
            )
            users.append(
                {
                    "username": user.username,
                    "role": "analyst",
                    "criteria": [
                        reverse(
                            "scorecard:assessment-criterion",
                            args=[engagement.pk, assessment.pk, code],
                        )
                        for code in criteria
                    ],
                }
            )
        for i in range(clients):
            user = user_model.objects.create_user(f"load-client-{i:02d}", password=password)
            Membership.objects.create(engagement=engagement, user=user, role=Role.CLIENT_VIEWER)
            users.append({"username": user.username, "role": "client", "criteria": []})
        consultant = user_model.objects.create_user("load-consultant", password=password)
        Membership.objects.create(engagement=engagement, user=consultant, role=Role.CONSULTANT)
        # Drafting analysts see results only once calibration is open (scorecard.domain.sealing).
        open_calibration(engagement=engagement, user=consultant)
    plan = {
        "engagement": engagement.pk,
        "password": password,
        "users": users,
        "consultant": consultant.username,
        "candidates": [c.pk for c in candidates],
        "criteria": criteria,
    }
    out.write_text(json.dumps(plan, indent=2))
    return plan


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")
    import django

    django.setup()
    out, analysts, clients = Path(argv[0]), int(argv[1]), int(argv[2])
    plan = prepare(out, analysts, clients)
    print(f"Prepared {len(plan['users'])} load-test logins on engagement {plan['engagement']}.")


if __name__ == "__main__":
    main(sys.argv[1:])
