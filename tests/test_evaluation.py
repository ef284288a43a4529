"""The evaluation (issue 6, item 5): officers set the questions and open the survey after the
results; anyone on the round's roll answers once, anonymously; the summary is published."""

import pytest
import sqlalchemy as sa
from conftest import ALICE, BOB, CAROL, TEEN, valid

from medborgarbudget.extensions import db
from medborgarbudget.models import (
    MailMessage,
    QuestionKind,
    RoundSubscription,
    SurveyMarker,
    SurveyResponse,
    SurveyState,
)
from medborgarbudget.personnummer import parse
from medborgarbudget.services import evaluation
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services import voting as voting_service
from medborgarbudget.services.errors import DomainError, PhaseError
from medborgarbudget.services.roll import import_roll

NOT_IN_ROLL = valid("19750505-1110")


@pytest.fixture
def test_eid_app(new_app):
    return new_app(EID_TEST_PROVIDER=True)


@pytest.fixture
def survey(published, officer):
    """The published round's survey, open, with the default questions."""
    made = evaluation.create_survey(published, officer)
    evaluation.open_survey(made, officer)
    db.session.commit()
    return made


def questions(survey):
    scale = [q for q in survey.questions if q.kind is QuestionKind.SCALE]
    text = next(q for q in survey.questions if q.kind is QuestionKind.TEXT)
    return scale, text


def responses():
    return db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse))


def test_questions_change_only_before_opening(published, officer):
    made = evaluation.create_survey(published, officer)
    assert [q.kind for q in made.questions].count(QuestionKind.TEXT) == 1
    added = evaluation.add_question(made, officer, QuestionKind.SCALE, "Kändes det tryggt?")
    db.session.flush()
    evaluation.remove_question(made, officer, made.questions[0].id)
    assert made.questions[-1] is added
    with pytest.raises(DomainError):
        evaluation.add_question(made, officer, QuestionKind.TEXT, "   ")
    with pytest.raises(DomainError):
        evaluation.create_survey(published, officer)  # one per round
    evaluation.open_survey(made, officer)
    with pytest.raises(PhaseError):
        evaluation.add_question(made, officer, QuestionKind.TEXT, "För sent?")
    with pytest.raises(PhaseError):
        evaluation.remove_question(made, officer, added.id)


def test_it_opens_only_after_the_results(voting_round, officer):
    made = evaluation.create_survey(voting_round, officer)
    with pytest.raises(PhaseError):
        evaluation.open_survey(made, officer)
    assert made.state is SurveyState.DRAFT and made.marker_secret is None


def test_one_answer_per_person(survey):
    (first, *_rest), text = questions(survey)
    marker = evaluation.respondent(survey_round(survey), parse(ALICE))
    evaluation.answer(survey_round(survey), marker, {first.id: "4", text.id: "Bra!"})
    db.session.commit()
    with pytest.raises(evaluation.NotRespondent) as refused:
        evaluation.respondent(survey_round(survey), parse(ALICE))
    assert refused.value.code == "answered"
    # the same marker posted again (a second tab, a double click) stores nothing
    with pytest.raises(evaluation.NotRespondent):
        evaluation.answer(survey_round(survey), marker, {first.id: "1"})
    db.session.rollback()
    assert responses() == 1


def survey_round(survey):
    from medborgarbudget.models import Round

    return db.session.get(Round, survey.round_id)


def test_who_may_answer(survey, officer):
    rnd = survey_round(survey)
    with pytest.raises(evaluation.NotRespondent) as refused:
        evaluation.respondent(rnd, parse(NOT_IN_ROLL))
    assert refused.value.code == "not_in_roll"
    # too young to vote, not too young to say what they thought
    assert evaluation.respondent(rnd, parse(TEEN))
    # with a code of their own district, used or not; not with another district's
    norrby, sjobo = sorted(rnd.districts, key=lambda d: d.name)
    db.session.execute(sa.update(voting_service.VotingCode.__table__).values(used=True))
    (code,) = _codes(rnd, norrby, officer)
    (other,) = _codes(rnd, sjobo, officer)
    assert evaluation.respondent(rnd, parse(BOB), code)
    with pytest.raises(evaluation.NotRespondent) as refused:
        evaluation.respondent(rnd, parse(BOB), other)
    assert refused.value.code == "code_other_district"
    with pytest.raises(evaluation.NotRespondent) as refused:
        evaluation.respondent(rnd, parse(BOB), "AAAA-BBBB-CCCC")
    assert refused.value.code == "code_unknown"


def _codes(rnd, district, officer):
    """Codes made the way the platform makes them, though voting has closed (straight into
    the table: create_codes refuses after voting, rightly)."""
    codes = [voting_service.random_code(12)]
    db.session.execute(sa.insert(voting_service.VotingCode), [
        {"round_id": rnd.id, "district_id": district.id, "code_hash": voting_service.code_hash(c),
         "batch": 99, "used": True} for c in codes])
    return codes


def test_bad_answers_store_nothing(survey):
    (first, *_rest), text = questions(survey)
    rnd = survey_round(survey)
    marker = evaluation.respondent(rnd, parse(ALICE))
    for posted in ({first.id: "7"}, {first.id: "tre"}, {text.id: "x" * 2001}, {}):
        with pytest.raises(DomainError):
            evaluation.answer(rnd, marker, posted)
        db.session.rollback()
    assert responses() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyMarker)) == 0


def test_nothing_stored_identifies_the_person(survey, test_eid_app, officer):
    """A resident answers through the web; nothing kept says who: no column of the response
    names a person, the marker is not their voter key, and closing erases the markers."""
    client = test_eid_app.test_client()
    (first, *_rest), text = questions(survey)
    login = client.post(f"/omgangar/{survey.round_id}/utvardering/testlegitimering",
                        data={"personnummer": ALICE})
    assert login.status_code == 302 and login.location.endswith("/utvardering/svar")
    page = client.get(login.location)
    assert first.text in page.text and 'type="radio"' in page.text
    done = client.post(login.location, data={f"q{first.id}": "5", f"q{text.id}": "Mer lek!"})
    assert done.status_code == 302 and done.location.endswith("/utvardering/tack")
    assert set(SurveyResponse.__table__.c.keys()) == {"id", "survey_id", "answers"}
    (stored,) = db.session.scalars(sa.select(SurveyResponse.answers))
    assert stored == {str(first.id): 5, str(text.id): "Mer lek!"}
    key = voting_service.roll_entry(survey_round(survey), parse(ALICE)).voter_key
    (marker,) = db.session.scalars(sa.select(SurveyMarker.marker))
    assert marker != key
    # the same person again: told they have answered
    again = client.post(f"/omgangar/{survey.round_id}/utvardering/testlegitimering",
                        data={"personnummer": ALICE})
    assert again.status_code == 422 and "redan svarat" in again.text
    evaluation.close_survey(survey, officer)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyMarker)) == 0
    assert survey.marker_secret is None
    # and nowhere in the database is the number or the key next to the answers
    for table in ("survey", "survey_question", "survey_response", "survey_marker"):
        for row in db.session.execute(sa.text(f"SELECT * FROM {table}")):
            text_row = " ".join(map(str, row))
            assert key not in text_row and ALICE.replace("-", "")[2:] not in text_row


def test_a_bad_answer_on_the_web_says_what_is_wrong(survey, test_eid_app):
    client = test_eid_app.test_client()
    (first, *_rest), _text = questions(survey)
    login = client.post(f"/omgangar/{survey.round_id}/utvardering/testlegitimering",
                        data={"personnummer": CAROL})
    bad = client.post(login.location, data={f"q{first.id}": "9"})
    assert bad.status_code == 422
    assert "Välj ett svar från 1 till 5" in bad.text and 'aria-describedby="q' in bad.text
    empty = client.post(login.location, data={})
    assert empty.status_code == 422 and "Svara på minst en fråga" in empty.text
    assert responses() == 0


def test_the_summary_is_published_when_closed_with_enough_answers(survey, officer, client,
                                                                  auth):
    rnd = survey_round(survey)
    (first, second, *_rest), text = questions(survey)
    for number, value in ((ALICE, "5"), (BOB, "4"), (CAROL, "4"), (TEEN, "2")):
        marker = evaluation.respondent(rnd, parse(number))
        evaluation.answer(rnd, marker, {first.id: value, text.id: f"Text från {value}"})
        db.session.commit()
    url = f"/omgangar/{rnd.id}/utvardering/sammanfattning"
    assert client.get(url).status_code == 404  # open: officers only
    auth.login(officer)
    staff_view = client.get(url).text
    assert "Text från 5" in staff_view and "Medelvärde: 3,8 av 5" in staff_view
    evaluation.set_texts(survey, officer, summary="Vi ska ha fler lekplatser.")
    evaluation.close_survey(survey, officer)
    db.session.commit()
    auth.logout()
    public = client.get(url).text
    assert "4 personer svarade" in public and "Vi ska ha fler lekplatser." in public
    # four answers are too few to publish in figures; free texts are never public
    assert "Färre än 5 personer svarade" in public
    assert "Medelvärde" not in public and "Text från" not in public
    summary = evaluation.summarise(survey)
    assert summary.questions[0].counts == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert summary.questions[1].answered == 0
    assert not summary.publishable
    assert client.get(f"/omgangar/{rnd.id}").text.count("Se vad de tyckte") == 1


def test_five_answers_are_published(make_round, open_voting, officer, app, signing_keys, client):
    """A round with six on the roll, through to its results; five answer."""
    from medborgarbudget.services.results import count_round

    rnd = make_round()
    people = [valid(f"1980010{i}-123{i}") for i in range(1, 7)]
    import_roll(rnd, "personnummer;district\n" + "".join(f"{n};Norrby\n" for n in people),
                officer)
    open_voting(rnd)
    round_service.advance_phase(rnd, officer)
    app.config["SIGNING_KEY"], app.config["SIGNING_CERT"] = map(str, signing_keys["trusted"])
    count_round(rnd, officer)
    round_service.advance_phase(rnd, officer)
    made = evaluation.create_survey(rnd, officer)
    evaluation.open_survey(made, officer)
    (first, *_rest), _text = questions(made)
    for number in people[:5]:
        evaluation.answer(rnd, evaluation.respondent(rnd, parse(number)), {first.id: "3"})
    evaluation.close_survey(made, officer)
    db.session.commit()
    page = client.get(f"/omgangar/{rnd.id}/utvardering/sammanfattning").text
    assert "5 personer svarade" in page and "Medelvärde: 3,0 av 5" in page
    # the start page now leads to the summary
    assert client.get(f"/omgangar/{rnd.id}/utvardering").status_code == 302


def test_followers_are_told_when_it_opens(published, officer, resident):
    db.session.add(RoundSubscription(user_id=resident.id, round_id=published.id))
    made = evaluation.create_survey(published, officer)
    evaluation.open_survey(made, officer)
    db.session.commit()
    (mail,) = db.session.scalars(sa.select(MailMessage).where(
        MailMessage.key.like(f"round:{published.id}:survey:%")))
    assert mail.to_address == resident.email and "Tyck till" in mail.subject
    assert f"/omgangar/{published.id}/utvardering" in mail.body


def test_officers_run_it_from_their_page(published, officer, client, auth):
    auth.login(officer)
    base = f"/handlaggare/omgangar/{published.id}/utvardering"
    assert "Skapa utvärdering" in client.get(base).text
    assert client.post(base + "/skapa").status_code == 302
    added = client.post(base + "/fragor", data={"kind": "text", "text": "Något mer?"})
    assert added.status_code == 302
    bad = client.post(base + "/fragor", data={"kind": "scale", "text": ""})
    assert bad.status_code == 422 and "Skriv frågan" in bad.text
    survey = evaluation.survey_of(published)
    assert survey.questions[-1].text == "Något mer?"
    client.post(base + "/fragor/ta-bort", data={"question_id": survey.questions[0].id})
    client.post(base + "/texter", data={"intro": "Tack för att du var med!", "summary": ""})
    client.post(base + "/oppna")
    db.session.expire_all()
    assert survey.state is SurveyState.OPEN and survey.intro == "Tack för att du var med!"
    assert len(survey.questions) == len(evaluation.DEFAULT_QUESTIONS)
    public = client.get(f"/omgangar/{published.id}/utvardering").text
    assert "Tack för att du var med!" in public and "Med röstkod" in public
    client.post(base + "/stang")
    db.session.expire_all()
    assert survey.state is SurveyState.CLOSED


def test_the_default_questions_are_in_the_readers_language(survey, test_eid_app):
    client = test_eid_app.test_client()
    login = client.post(f"/omgangar/{survey.round_id}/utvardering/testlegitimering",
                        data={"personnummer": BOB})
    page = client.get(login.location, headers={"Accept-Language": "en"}).text
    assert "How satisfied are you with the citizens&#39; budget as a whole?" in page
