"""What residents are told by email, queued through services.mail.

Authors hear of every change to their proposal that someone else made (review started,
feasible with the cost estimate, not feasible or hidden with the reason, shown again, on the
ballot, won or not). Residents who follow a round hear when voting opens, a few days before
it closes, when the results are published, and when its evaluation opens. Every mail says how
to stop such mails, with a link that works without logging in and stops them for that person
only.

Comments on a proposal go to its author, answers to the asker (with the answer, also when it
is private), and a hidden comment's reason to whoever wrote it.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import labels
from ..extensions import db
from ..models import (
    EventKind,
    FollowUp,
    Phase,
    Proposal,
    ProposalEvent,
    Round,
    RoundSubscription,
    User,
)
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


def follow_up(update: FollowUp) -> None:
    """An officer posted an update on the (winning) proposal."""
    what = _l("Uppföljning: %(status)s", status=labels.FOLLOW_UP_STATUS[update.status])
    _tell_author(update.proposal, f"follow-up:{update.id}", what,
                 "\n".join(filter(None, [update.text, update.reason])), None)


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


# --- questions and comments -------------------------------------------------------------

def comment(comment) -> None:
    """Someone (perhaps an officer) commented on the author's proposal."""
    proposal = comment.proposal
    what = (_l("Kommunen har svarat på ditt förslag \"%(title)s\":", title=proposal.title)
            if comment.official else
            _l("Någon har kommenterat ditt förslag \"%(title)s\":", title=proposal.title))
    _tell(proposal.author, f"comment:{comment.id}",
          f"/forslag/{proposal.id}#kommentar-{comment.id}",
          _l("Ny kommentar: %(title)s", title=proposal.title), what, comment.body)


def comment_hidden(comment) -> None:
    what = _l("Din kommentar på förslaget \"%(title)s\" har dolts av en moderator. Motivering:",
              title=comment.proposal.title)
    _tell(comment.author, f"comment-hidden:{comment.id}", f"/forslag/{comment.proposal_id}",
          _l("Din kommentar har dolts"), what, comment.hidden_reason)


def question_answered(question) -> None:
    """The answer goes to the asker by email, also when it is private."""
    what = (_l("Din fråga om %(round)s har besvarats. Svaret visas också på omgångens sida.",
               round=question.round.name) if question.answer_public else
            _l("Din fråga om %(round)s har besvarats. Svaret är bara till dig.",
               round=question.round.name))
    stamp = int(question.answered_at.timestamp())
    _tell(question.asker, f"answer:{question.id}:{stamp}",
          f"/omgangar/{question.round_id}#fragor", _l("Svar på din fråga"), what,
          f"{question.body}\n\n{_l('Svar:')} {question.answer}")


def _tell(user: User, key: str, path: str, subject, what, text: str | None) -> None:
    """A mail about the user's own proposals, questions or comments (the kind they can stop
    with the proposals link)."""
    if not (user.notify_proposals and user.active):
        return
    stop = public_url(f"/avregistrera/{unsubscribe_token(user.id, 'proposals')}")
    with force_locale("sv"):
        body = render_mail("mail/dialogue.txt", what=what, text=text, stop=stop,
                           link=public_url(path))
        queue(key, user.email, str(subject)[:300], body, unsubscribe_url=stop)


def render_mail(template: str, **context) -> str:
    """A mail's text from its template: without the page context (no request is needed, as
    mails are also written by commands)."""
    return current_app.jinja_env.get_template(template).render(**context)


# --- round news ---------------------------------------------------------------------------

#: how many days before voting closes subscribers are reminded
CLOSING_NOTICE_DAYS = 3

NEWS = {
    "voting_open": _l("Nu kan du rösta"),
    "closing": _l("Röstningen stänger snart"),
    "results": _l("Resultatet är klart"),
    "survey": _l("Tyck till om omgången"),
}


def subscribe(user: User, rnd: Round) -> None:
    if db.session.get(RoundSubscription, (user.id, rnd.id)) is None:
        db.session.add(RoundSubscription(user_id=user.id, round_id=rnd.id))


def unsubscribe(user: User, rnd: Round) -> None:
    db.session.execute(sa.delete(RoundSubscription).where(
        RoundSubscription.user_id == user.id, RoundSubscription.round_id == rnd.id))


def is_subscribed(user: User, rnd: Round) -> bool:
    return db.session.get(RoundSubscription, (user.id, rnd.id)) is not None


def round_news(rnd: Round, what: str) -> int:
    """Tell everyone who follows ``rnd`` (once per person and piece of news); how many."""
    people = db.session.scalars(
        sa.select(User).join(RoundSubscription, RoundSubscription.user_id == User.id)
        .where(RoundSubscription.round_id == rnd.id, User.active.is_(True))
        .order_by(User.id)).all()
    for user in people:
        stop = public_url(f"/avregistrera/{unsubscribe_token(user.id, 'round', rnd.id)}")
        with force_locale("sv"):
            subject = f"{NEWS[what]}: {rnd.name}"[:300]
            body = render_mail("mail/round_news.txt", round=rnd, what=what, headline=NEWS[what],
                               stop=stop, link=public_url(_news_path(rnd, what)))
        queue(f"round:{rnd.id}:{what}:{user.id}", user.email, subject, body,
              unsubscribe_url=stop)
    return len(people)


def _news_path(rnd: Round, what: str) -> str:
    return {"voting_open": f"/omgangar/{rnd.id}/rosta", "closing": f"/omgangar/{rnd.id}/rosta",
            "results": f"/omgangar/{rnd.id}/resultat",
            "survey": f"/omgangar/{rnd.id}/utvardering"}[what]


def remind_closing(today: date) -> int:
    """Rounds whose voting closes within CLOSING_NOTICE_DAYS: remind their followers (once:
    the sender calls this on every pass)."""
    told = 0
    for rnd in db.session.scalars(sa.select(Round).where(
            Round.phase == Phase.VOTING,
            Round.voting_close <= today + timedelta(days=CLOSING_NOTICE_DAYS),
            Round.voting_close >= today)):
        told += round_news(rnd, "closing")
    return told
