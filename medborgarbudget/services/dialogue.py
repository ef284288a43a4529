"""Questions and comments (issue 6, item 6).

Residents comment on proposals (public at once) and ask questions about a round (public only
once an officer has answered them publicly; an answer that concerns a person is given
privately). Anyone may report a comment; officers hide it with a reason, which stays in its
place, or keep it. Proposal authors hear of comments on their proposal, askers of answers,
commenters of a hidden comment and why.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Comment, Proposal, Question, Report, Round, User
from ..models._types import utcnow
from . import notify
from .audit import log_action
from .errors import DomainError, NotAllowed, checked_text

# --- comments -------------------------------------------------------------------------------

def add_comment(proposal: Proposal, user: User, body: str) -> Comment:
    """A comment on a public proposal; an officer's is shown as the municipality's answer."""
    if not proposal.is_public:
        raise NotAllowed(_l("Förslaget går inte att kommentera."))
    body = checked_text(body, "body", _l("Skriv din kommentar."))
    comment = Comment(proposal=proposal, author_id=user.id, body=body, official=user.is_staff)
    db.session.add(comment)
    db.session.flush()
    log_action(user, "comment.added", comment, proposal.round, proposal=proposal.id)
    if proposal.author_id != user.id:
        notify.comment(comment)
    return comment


def comments(proposal: Proposal) -> list[Comment]:
    """The proposal's comments, oldest first (hidden ones too: the page shows the reason)."""
    return list(db.session.scalars(sa.select(Comment).where(Comment.proposal_id == proposal.id)
                                   .order_by(Comment.created_at, Comment.id)))


def report_comment(comment: Comment, reporter: User | None, reason: str) -> Report:
    if comment.hidden:
        raise DomainError(_l("Kommentaren är redan dold."))
    reason = checked_text(reason, "reason", _l("Skriv vad som är fel med kommentaren."), 1000)
    report = Report(comment=comment, reporter_id=reporter.id if reporter else None,
                    reason=reason)
    db.session.add(report)
    log_action(reporter, "comment.reported", comment, comment.proposal.round)
    return report


def hide_comment(comment: Comment, officer: User, reason: str) -> None:
    """Hide a comment with a reason (shown in its place); its open reports are resolved."""
    if comment.hidden:
        raise DomainError(_l("Kommentaren är redan dold."))
    reason = checked_text(reason, "reason", _l("Skriv varför kommentaren döljs."))
    by = officer.id
    with db.session.no_autoflush:
        comment.hidden_reason, comment.hidden_by_id, comment.hidden_at = reason, by, utcnow()
    _resolve(comment, officer, "hidden")
    log_action(officer, "comment.hidden", comment, comment.proposal.round, reason=reason)
    notify.comment_hidden(comment)


def keep_comment(comment: Comment, officer: User) -> None:
    """The reports were wrong: the comment stays."""
    if not _resolve(comment, officer, "kept"):
        raise DomainError(_l("Kommentaren har inga öppna anmälningar."))
    log_action(officer, "comment.kept", comment, comment.proposal.round)


def _resolve(comment: Comment, officer: User, outcome: str) -> int:
    return db.session.execute(
        sa.update(Report).where(Report.comment_id == comment.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=officer.id, outcome=outcome)
        .execution_options(synchronize_session=False)).rowcount


def open_reports() -> list[tuple[Comment, list[Report]]]:
    """Reported comments waiting for an officer, oldest report first."""
    reports = db.session.scalars(sa.select(Report).where(Report.resolved_at.is_(None))
                                 .order_by(Report.created_at, Report.id)).all()
    grouped: dict[int, tuple[Comment, list[Report]]] = {}
    for report in reports:
        grouped.setdefault(report.comment_id, (report.comment, []))[1].append(report)
    return list(grouped.values())


def open_report_count() -> int:
    """Comments with an open report."""
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(Report.comment_id)))
                             .where(Report.resolved_at.is_(None))) or 0


# --- questions ------------------------------------------------------------------------------

def ask(rnd: Round, user: User, body: str) -> Question:
    body = checked_text(body, "body", _l("Skriv din fråga."))
    question = Question(round=rnd, asker_id=user.id, body=body)
    db.session.add(question)
    log_action(user, "question.asked", question, rnd)
    return question


def answer(question: Question, officer: User, text: str, public: bool) -> None:
    """Answer (or correct the answer to) a question, publicly or privately; the asker is
    told, with the answer."""
    if question.hidden:
        raise DomainError(_l("Frågan är dold och kan inte besvaras."))
    text, by = checked_text(text, "answer", _l("Skriv svaret.")), officer.id
    with db.session.no_autoflush:  # the answer and its date go together (a CHECK says so)
        question.answer, question.answer_public = text, public
        question.answered_by_id, question.answered_at = by, utcnow()
    log_action(officer, "question.answered", question, question.round, public=public)
    notify.question_answered(question)


def hide_question(question: Question, officer: User, reason: str) -> None:
    """Not to be answered or shown (spam, abuse); the asker sees the reason."""
    if question.hidden:
        raise DomainError(_l("Frågan är redan dold."))
    reason = checked_text(reason, "reason", _l("Skriv varför frågan döljs."))
    with db.session.no_autoflush:
        question.hidden_reason, question.hidden_at = reason, utcnow()
    log_action(officer, "question.hidden", question, question.round, reason=question.hidden_reason)


def public_questions(rnd: Round) -> list[Question]:
    return list(db.session.scalars(sa.select(Question).where(
        Question.round_id == rnd.id, Question.answer_public.is_(True),
        Question.answer.is_not(None), Question.hidden_at.is_(None))
        .order_by(Question.answered_at.desc(), Question.id.desc())))


def questions_of(rnd: Round, user: User) -> list[Question]:
    """What ``user`` asked about ``rnd``, newest first, answered or not."""
    return list(db.session.scalars(sa.select(Question).where(
        Question.round_id == rnd.id, Question.asker_id == user.id)
        .order_by(Question.created_at.desc(), Question.id.desc())))


def round_questions(rnd: Round) -> list[Question]:
    """Every question about ``rnd``, for officers: unanswered first, oldest first."""
    return list(db.session.scalars(sa.select(Question).where(Question.round_id == rnd.id)
                                   .order_by(Question.answer.is_not(None),
                                             Question.hidden_at.is_not(None),
                                             Question.created_at, Question.id)))


def waiting(rnd: Round) -> int:
    """Questions about ``rnd`` that wait for an answer."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Question).where(
        Question.round_id == rnd.id, Question.answer.is_(None),
        Question.hidden_at.is_(None))) or 0
