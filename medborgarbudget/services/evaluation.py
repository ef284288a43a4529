"""Evaluating a round with the residents (issue 6, item 5): officers set a few questions (scales
and free text), open the survey once the results are out, and close it; anyone on the round's
roll may answer once, anonymously; the summary is published with the round.

Who answered and what they answered are kept apart (see models.evaluation): a response holds
only the answers; a marker (a keyed hash of the voter key) says that someone has answered, and
the markers and their key are erased when the survey closes.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite

from .. import personnummer as pnr
from ..extensions import db
from ..models import (
    Phase,
    QuestionKind,
    RollEntry,
    Round,
    Survey,
    SurveyMarker,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
    User,
    VotingCode,
)
from ..models._types import utcnow
from . import notify
from .audit import log_action
from .errors import DomainError, PhaseError
from .roll import roll_secret
from .statistics import SMALLEST
from .voting import code_hash

#: the questions a new survey starts with (officers change them before opening)
DEFAULT_QUESTIONS = [
    (QuestionKind.SCALE, _l("Hur nöjd är du med medborgarbudgeten som helhet?")),
    (QuestionKind.SCALE, _l("Var det lätt att förstå hur det gick till?")),
    (QuestionKind.SCALE, _l("Var det lätt att lämna förslag och att rösta?")),
    (QuestionKind.SCALE, _l("Tror du att resultatet kommer att göra skillnad i ditt område?")),
    (QuestionKind.TEXT, _l("Vad var bra, och vad kan vi göra bättre nästa gång?")),
]
#: the scale's ends
SCALE = range(1, 6)
#: at most this many questions, and characters in a free-text answer
MAX_QUESTIONS = 12
MAX_TEXT = 2000


class NotRespondent(DomainError):
    """This person may not answer (now); ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(REASONS[code])
        self.code = code


REASONS = {
    "not_open": _l("Utvärderingen är inte öppen."),
    "not_in_roll": _l("Utvärderingen är för dem som bor i omgångens områden, och du finns inte "
                      "i omgångens röstlängd."),
    "answered": _l("Du har redan svarat på utvärderingen. Tack!"),
    "code_unknown": _l("Koden finns inte. Kontrollera att du skrev den rätt."),
    "code_other_district": _l("Koden gäller ett annat område än det där du är folkbokförd."),
}


def survey_of(rnd: Round) -> Survey | None:
    return db.session.scalar(sa.select(Survey).where(Survey.round_id == rnd.id))


def _draft(survey: Survey) -> None:
    if survey.state is not SurveyState.DRAFT:
        raise PhaseError(_l("Utvärderingen har öppnat: frågorna kan inte längre ändras."))


def create_survey(rnd: Round, actor: User) -> Survey:
    """The round's survey, with the default questions, to be changed before it opens."""
    if survey_of(rnd) is not None:
        raise DomainError(_l("Omgången har redan en utvärdering."))
    with force_locale("sv"):  # the questions are stored as text, in Swedish
        questions = [SurveyQuestion(position=i, kind=kind, text=str(text))
                     for i, (kind, text) in enumerate(DEFAULT_QUESTIONS)]
    survey = Survey(round_id=rnd.id, state=SurveyState.DRAFT, intro="", summary="",
                    questions=questions)
    db.session.add(survey)
    log_action(actor, "survey.created", survey, rnd)
    return survey


def add_question(survey: Survey, actor: User, kind: QuestionKind, text: str) -> SurveyQuestion:
    _draft(survey)
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Skriv frågan."), field="text")
    if len(text) > 500:
        raise DomainError(_l("Frågan får vara högst 500 tecken."), field="text")
    if len(survey.questions) >= MAX_QUESTIONS:
        raise DomainError(_l("En utvärdering har högst %(n)d frågor: håll den kort.",
                             n=MAX_QUESTIONS))
    position = max((q.position for q in survey.questions), default=-1) + 1
    question = SurveyQuestion(position=position, kind=kind, text=text)
    survey.questions.append(question)
    log_action(actor, "survey.question_added", survey, _round(survey), kind=kind.value,
               text=text)
    return question


def remove_question(survey: Survey, actor: User, question_id: int) -> None:
    _draft(survey)
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        raise DomainError(_l("Frågan finns inte i utvärderingen."))
    survey.questions.remove(question)
    log_action(actor, "survey.question_removed", survey, _round(survey), text=question.text)


def set_texts(survey: Survey, actor: User, intro: str | None = None,
              summary: str | None = None) -> None:
    """The introduction (before opening) and the officers' summary (at any time)."""
    if intro is not None and intro.strip() != survey.intro:
        _draft(survey)
        survey.intro = intro.strip()
    if summary is not None:
        survey.summary = summary.strip()
    log_action(actor, "survey.texts", survey, _round(survey))


def open_survey(survey: Survey, actor: User) -> None:
    _draft(survey)
    rnd = _round(survey)
    if rnd.phase.index < Phase.RESULTS.index:
        raise PhaseError(_l("Utvärderingen öppnar när resultatet är publicerat."))
    if not survey.questions:
        raise DomainError(_l("Lägg till minst en fråga först."))
    survey.state = SurveyState.OPEN
    survey.marker_secret = secrets.token_hex(32)
    survey.opened_at = utcnow()
    log_action(actor, "survey.opened", survey, rnd)
    notify.round_news(rnd, "survey")


def close_survey(survey: Survey, actor: User) -> None:
    """No more answers; erase who answered, and the key that could tell. The summary is
    published."""
    if survey.state is not SurveyState.OPEN:
        raise PhaseError(_l("Utvärderingen är inte öppen."))
    db.session.execute(sa.delete(SurveyMarker).where(SurveyMarker.survey_id == survey.id))
    survey.state = SurveyState.CLOSED
    survey.marker_secret = None
    survey.closed_at = utcnow()
    log_action(actor, "survey.closed", survey, _round(survey), responses=response_count(survey))


def _round(survey: Survey) -> Round:
    return db.session.get(Round, survey.round_id)


# --- answering --------------------------------------------------------------------------

def marker_for(survey: Survey, voter_key: str) -> str:
    return hmac.new(bytes.fromhex(survey.marker_secret), voter_key.encode(),
                    hashlib.sha256).hexdigest()


def respondent(rnd: Round, number: pnr.Personnummer, code: str | None = None) -> str:
    """The marker of a person who may answer the round's survey: on its roll (any age: the
    survey is for everyone in the area), not yet answered; with a code, one of the round's
    codes for their district (used or not: people without eID keep the code they voted with).
    Else NotRespondent."""
    survey = survey_of(rnd)
    if survey is None or survey.state is not SurveyState.OPEN:
        raise NotRespondent("not_open")
    found = None
    if code is not None:
        found = db.session.scalar(sa.select(VotingCode).where(
            VotingCode.round_id == rnd.id, VotingCode.code_hash == code_hash(code)))
        if found is None:
            raise NotRespondent("code_unknown")
    entry = db.session.get(RollEntry, (rnd.id, pnr.voter_key(roll_secret(), number)))
    if entry is None:
        raise NotRespondent("not_in_roll")
    if found is not None and found.district_id != entry.district_id:
        raise NotRespondent("code_other_district")
    marker = marker_for(survey, entry.voter_key)
    if db.session.get(SurveyMarker, (survey.id, marker)) is not None:
        raise NotRespondent("answered")
    return marker


class InvalidAnswers(DomainError):
    """``problems``: question id -> what is wrong with its answer."""

    def __init__(self, problems: dict[int, object]) -> None:
        super().__init__(_l("Svaren kunde inte sparas. Rätta det som är markerat."))
        self.problems = problems


def clean_answers(survey: Survey, posted: dict[int, str]) -> dict[str, object]:
    """The answers to keep from what was posted (question id -> raw text); InvalidAnswers."""
    answers: dict[str, object] = {}
    problems: dict[int, object] = {}
    for q in survey.questions:
        raw = (posted.get(q.id) or "").strip()
        if not raw:
            continue  # every question may be left unanswered
        if q.kind is QuestionKind.SCALE:
            if not raw.isdigit() or int(raw) not in SCALE:
                problems[q.id] = _l("Välj ett svar från 1 till 5.")
            else:
                answers[str(q.id)] = int(raw)
        elif len(raw) > MAX_TEXT:
            problems[q.id] = _l("Svaret får vara högst %(n)d tecken. Det är nu %(count)d.",
                                n=MAX_TEXT, count=len(raw))
        else:
            answers[str(q.id)] = raw
    if problems:
        raise InvalidAnswers(problems)
    if not answers:
        raise DomainError(_l("Svara på minst en fråga."))
    return answers


_MARK = {"postgresql": postgresql.insert(SurveyMarker).on_conflict_do_nothing()
         .returning(SurveyMarker.marker),
         "sqlite": sqlite.insert(SurveyMarker).on_conflict_do_nothing()
         .returning(SurveyMarker.marker)}


def answer(rnd: Round, marker: str, posted: dict[int, str]) -> None:
    """Store one person's answers: the marker and the response in one transaction; the
    marker's primary key stops a second answer, however the requests race."""
    survey = db.session.scalar(sa.select(Survey).where(Survey.round_id == rnd.id)
                               .with_for_update())
    if survey is None or survey.state is not SurveyState.OPEN:
        raise NotRespondent("not_open")  # closed while they were answering
    answers = clean_answers(survey, posted)
    written = db.session.execute(_MARK[db.session.get_bind().dialect.name],
                                 {"survey_id": survey.id, "marker": marker}).first()
    if written is None:
        raise NotRespondent("answered")
    db.session.add(SurveyResponse(survey_id=survey.id, answers=answers))


# --- the summary ---------------------------------------------------------------------------

def response_count(survey: Survey) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)
                             .where(SurveyResponse.survey_id == survey.id)) or 0


@dataclass
class QuestionSummary:
    question: SurveyQuestion
    answered: int = 0
    #: scale: how many chose each of 1-5
    counts: dict[int, int] = field(default_factory=lambda: {v: 0 for v in SCALE})
    #: free text: the answers (for officers only: they may name people)
    texts: list[str] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        if self.question.kind is not QuestionKind.SCALE or not self.answered:
            return None
        return sum(v * n for v, n in self.counts.items()) / self.answered


@dataclass
class Summary:
    survey: Survey
    responses: int
    questions: list[QuestionSummary]

    @property
    def publishable(self) -> bool:
        """Published only when closed and with at least SMALLEST answers (fewer could be
        told apart by those who know who answered)."""
        return self.survey.state is SurveyState.CLOSED and self.responses >= SMALLEST


def summarise(survey: Survey) -> Summary:
    by_id = {q.id: QuestionSummary(q) for q in survey.questions}
    responses = 0
    for (answers,) in db.session.execute(sa.select(SurveyResponse.answers).where(
            SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)):
        responses += 1
        for qid, value in answers.items():
            summary = by_id.get(int(qid))
            if summary is None:
                continue
            summary.answered += 1
            if summary.question.kind is QuestionKind.SCALE:
                summary.counts[int(value)] += 1
            else:
                summary.texts.append(str(value))
    for summary in by_id.values():
        summary.texts.sort(key=str.casefold)  # not in the order they came
    return Summary(survey, responses, list(by_id.values()))
