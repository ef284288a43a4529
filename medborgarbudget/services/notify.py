"""What residents are told by email, queued through services.mail.

Authors hear of every change to their proposal that someone else made (review started,
feasible with the cost estimate, not feasible or hidden with the reason, shown again, on the
ballot, won or not). Every mail says how to stop such mails, with a link that works without
logging in and stops them for that person only.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import labels
from ..models import EventKind, Proposal, ProposalEvent
from .mail import public_url, queue, unsubscribe_token

#: the changes an author is told of (the ones they make themselves they know of)
TOLD = {EventKind.REVIEW_STARTED, EventKind.FEASIBLE, EventKind.NOT_FEASIBLE, EventKind.HIDDEN,
        EventKind.UNHIDDEN, EventKind.SELECTED, EventKind.NOT_SELECTED}


def proposal_event(event: ProposalEvent) -> None:
    """Tell the proposal's author of ``event`` (which must have its id: flush first)."""
    if event.kind in TOLD:
        _tell_author(event.proposal, f"proposal-event:{event.id}", labels.EVENT[event.kind],
                     event.note, (event.details or {}).get("cost_estimate"))


def on_ballot(proposal: Proposal) -> None:
    """Voting has opened with the proposal on the ballot."""
    _tell_author(proposal, f"on-ballot:{proposal.id}",
                 _l("Förslaget finns på röstsedeln: nu kan invånarna rösta"), None, None)


def _tell_author(proposal: Proposal, key: str, what, note: str | None,
                 cost: int | None) -> None:
    author = proposal.author
    if not (author.notify_proposals and author.active):
        return
    stop = public_url(f"/avregistrera/{unsubscribe_token(author.id, 'proposals')}")
    with force_locale("sv"):
        subject = f"{what}: {proposal.title}"[:300]
        body = render_mail("mail/proposal_event.txt", proposal=proposal, what=what,
                           note=note, cost=cost, stop=stop,
                           link=public_url(f"/forslag/{proposal.id}"))
    queue(key, author.email, subject, body, unsubscribe_url=stop)


def render_mail(template: str, **context) -> str:
    """A mail's text from its template: without the page context (no request is needed, as
    mails are also written by commands)."""
    return current_app.jinja_env.get_template(template).render(**context)
