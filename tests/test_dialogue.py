"""Questions and comments (issue 6, item 6): residents comment on proposals and ask about a
round; officers answer publicly or privately; comments are reported and moderated with a
reason; authors and askers are told by email."""

import re

import pytest
import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import Comment, MailMessage, Question, Report, Role
from medborgarbudget.services import dialogue
from medborgarbudget.services.errors import DomainError, NotAllowed


def mails(prefix: str) -> list[MailMessage]:
    return list(db.session.scalars(sa.select(MailMessage).where(
        MailMessage.key.like(prefix + "%")).order_by(MailMessage.id)))


@pytest.fixture
def proposal(make_round, make_proposal, make_user):
    author = make_user(email="forfattare@example.se", name="Fia Författare")
    made = make_proposal(make_round(), author=author, title="Bänkar vid ån")
    db.session.commit()
    return made


def test_a_resident_comments_and_the_author_hears_of_it(proposal, make_user, client, auth):
    neighbour = make_user(email="granne@example.se", name="Nils Granne")
    auth.login(neighbour)
    url = f"/forslag/{proposal.id}"
    done = client.post(url + "/kommentarer", data={"body": "Gärna med ryggstöd!"})
    assert done.status_code == 302 and "#kommentar-" in done.location
    page = client.get(url).text
    assert "Gärna med ryggstöd!" in page and "En invånare" in page
    assert "Nils Granne" not in page  # names are never on public pages
    (mail,) = mails("comment:")
    assert mail.to_address == "forfattare@example.se" and "Gärna med ryggstöd!" in mail.body
    assert "/avregistrera/" in mail.body
    # the author's own comment does not mail the author
    auth.logout()
    auth.login(proposal.author)
    client.post(url + "/kommentarer", data={"body": "Tack, det tänkte jag också."})
    assert len(mails("comment:")) == 1
    assert "Förslagsställaren" in client.get(url).text


def test_an_officers_comment_is_the_municipalitys_answer(proposal, officer, client):
    dialogue.add_comment(proposal, officer, "Vi undersöker saken.")
    db.session.commit()
    page = client.get(f"/forslag/{proposal.id}").text
    assert "Svar från kommunen" in page and "Vi undersöker saken." in page
    (mail,) = mails("comment:")
    assert "Kommunen har svarat" in mail.body


def test_bad_comments_are_refused_with_a_reason(proposal, resident, client, auth, make_round,
                                                make_proposal):
    auth.login(resident)
    empty = client.post(f"/forslag/{proposal.id}/kommentarer", data={"body": "  "})
    assert empty.status_code == 422 and "Skriv din kommentar." in empty.text
    long = client.post(f"/forslag/{proposal.id}/kommentarer", data={"body": "x" * 2001})
    assert long.status_code == 422
    draft = make_proposal(make_round(), submit=False)
    with pytest.raises(NotAllowed):
        dialogue.add_comment(draft, resident, "Hej")
    assert client.post(f"/forslag/{draft.id}/kommentarer",
                       data={"body": "Hej"}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_anyone_reports_an_officer_hides_with_a_reason(proposal, make_user, officer, client,
                                                       auth):
    troll = make_user(email="troll@example.se")
    comment = dialogue.add_comment(proposal, troll, "Alla som vill ha bänkar är dumma.")
    db.session.commit()
    url = f"/forslag/{proposal.id}"
    # anyone, without logging in
    reported = client.post(url + "/anmal", data={"comment_id": comment.id,
                                                 "reason": "Kränkande"})
    assert reported.status_code == 302
    assert client.post(url + "/anmal", data={"comment_id": comment.id,
                                             "reason": ""}).status_code == 422
    auth.login(officer)
    queue = client.get("/handlaggare/moderering").text
    assert "Alla som vill ha bänkar är dumma." in queue and "Kränkande" in queue
    assert "Anmälda kommentarer</a>: 1" in client.get("/handlaggare/").text
    # a reason is required
    client.post(f"/handlaggare/kommentarer/{comment.id}/dolj",
                data={f"hide-{comment.id}-reason": ""})
    db.session.expire_all()
    assert not db.session.get(Comment, comment.id).hidden
    client.post(f"/handlaggare/kommentarer/{comment.id}/dolj",
                data={f"hide-{comment.id}-reason": "Kommentaren kränker andra."})
    db.session.expire_all()
    hidden = db.session.get(Comment, comment.id)
    assert hidden.hidden and hidden.hidden_reason == "Kommentaren kränker andra."
    assert db.session.scalar(sa.select(Report.outcome)) == "hidden"
    assert "Inga kommentarer väntar" in client.get("/handlaggare/moderering").text
    auth.logout()
    page = client.get(url).text
    assert "dumma" not in page and "Kommentaren kränker andra." in page
    (mail,) = mails("comment-hidden:")
    assert mail.to_address == "troll@example.se" and "Kommentaren kränker andra." in mail.body


def test_a_report_can_be_found_wrong(proposal, resident, officer, client, auth):
    comment = dialogue.add_comment(proposal, resident, "Jag håller inte med.")
    dialogue.report_comment(comment, None, "Jag gillar inte det")
    db.session.commit()
    auth.login(officer)
    client.post(f"/handlaggare/kommentarer/{comment.id}/behall")
    db.session.expire_all()
    assert db.session.scalar(sa.select(Report.outcome)) == "kept"
    assert not db.session.get(Comment, comment.id).hidden
    with pytest.raises(DomainError):
        dialogue.keep_comment(comment, officer)  # nothing open any more


def test_a_question_is_public_once_answered_publicly(make_round, resident, officer, client,
                                                     auth):
    rnd = make_round()
    auth.login(resident)
    asked = client.post(f"/omgangar/{rnd.id}/fragor",
                        data={"body": "Får man föreslå något i en skola?"})
    assert asked.status_code == 302
    mine = client.get(f"/omgangar/{rnd.id}").text
    assert "Väntar på svar" in mine
    auth.logout()
    assert "Får man föreslå något i en skola?" not in client.get(f"/omgangar/{rnd.id}").text
    auth.login(officer)
    assert "Frågor (en obesvarad)" in client.get(f"/handlaggare/omgangar/{rnd.id}").text
    (question,) = db.session.scalars(sa.select(Question))
    page = client.get(f"/handlaggare/omgangar/{rnd.id}/fragor").text
    assert "Får man föreslå något i en skola?" in page and resident.name in page
    bad = client.post(f"/handlaggare/fragor/{question.id}/svar",
                      data={f"answer-{question.id}-answer": "",
                            f"answer-{question.id}-visibility": "public"})
    assert bad.status_code == 422 and "Skriv svaret." in bad.text
    client.post(f"/handlaggare/fragor/{question.id}/svar",
                data={f"answer-{question.id}-answer": "Ja, om skolan är öppen för alla.",
                      f"answer-{question.id}-visibility": "public"})
    auth.logout()
    public = client.get(f"/omgangar/{rnd.id}").text
    assert "Får man föreslå något i en skola?" in public
    assert "Ja, om skolan är öppen för alla." in public and resident.name not in public
    (mail,) = mails("answer:")
    assert mail.to_address == resident.email and "Ja, om skolan är öppen för alla." in mail.body


def test_a_private_answer_reaches_only_the_asker(make_round, make_user, officer, client, auth):
    rnd = make_round()
    asker = make_user(email="asker@example.se")
    question = dialogue.ask(rnd, asker, "Varför blev mitt förslag inte genomförbart?")
    db.session.commit()
    dialogue.answer(question, officer, "Ditt förslag låg på privat mark.", public=False)
    db.session.commit()
    assert "låg på privat mark" not in client.get(f"/omgangar/{rnd.id}").text
    auth.login(make_user(email="other@example.se"))
    assert "låg på privat mark" not in client.get(f"/omgangar/{rnd.id}").text
    auth.logout()
    auth.login(asker)
    own = client.get(f"/omgangar/{rnd.id}").text
    assert "låg på privat mark" in own and "Svar till dig" in own
    (mail,) = mails("answer:")
    assert mail.to_address == "asker@example.se" and "låg på privat mark" in mail.body


def test_a_question_can_be_hidden_with_a_reason(make_round, resident, officer):
    rnd = make_round()
    question = dialogue.ask(rnd, resident, "Köp billiga klockor här!")
    with pytest.raises(DomainError):
        dialogue.hide_question(question, officer, "")
    dialogue.hide_question(question, officer, "Reklam.")
    with pytest.raises(DomainError):
        dialogue.answer(question, officer, "Nej", public=True)
    assert dialogue.public_questions(rnd) == [] and dialogue.waiting(rnd) == 0


def test_commenting_and_asking_need_an_account(proposal, client):
    r = client.post(f"/forslag/{proposal.id}/kommentarer", data={"body": "Hej"})
    assert r.status_code == 302 and "/logga-in" in r.location
    page = client.get(f"/forslag/{proposal.id}").text
    assert "Logga in för att kommentera" in page
    assert re.search(r"Logga in för att fråga", client.get(f"/omgangar/{proposal.round_id}").text)


def test_residents_cannot_moderate(proposal, resident, client, auth):
    comment = dialogue.add_comment(proposal, resident, "Hej")
    db.session.commit()
    auth.login(resident)
    r = client.post(f"/handlaggare/kommentarer/{comment.id}/dolj",
                    data={f"hide-{comment.id}-reason": "Nej"})
    assert r.status_code == 403
    assert resident.role is Role.RESIDENT and not db.session.get(Comment, comment.id).hidden
