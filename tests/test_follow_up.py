"""Following up the projects that won: dated updates, the timeline, progress, the feed."""

from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from medborgarbudget.extensions import db
from medborgarbudget.models import FollowUp, FollowUpStatus, MailMessage
from medborgarbudget.models._types import utcnow
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services.errors import DomainError, PhaseError
from medborgarbudget.services.follow_up import post_follow_up, progress


def project(rnd, title):
    return next(p for p in rnd.proposals if p.title == title)


def test_updates_make_a_timeline_and_the_round_shows_progress(published, officer, client):
    lekplats, skylt = project(published, "Lekplats"), project(published, "Skylt")
    today = date.today()
    post_follow_up(lekplats, officer, FollowUpStatus.PLANNED, "Upphandlingen har börjat.", 0,
                   today - timedelta(days=30))
    post_follow_up(lekplats, officer, FollowUpStatus.DONE, "Lekplatsen är invigd.", 295_000,
                   today)
    post_follow_up(skylt, officer, FollowUpStatus.CANCELLED, "Skylten sattes inte upp.", 2_000,
                   today, reason="Fastighetsägaren sade nej.")
    db.session.commit()
    state = progress(published)
    assert (state.selected, state.done, state.cancelled, state.spent) == (4, 1, 1, 297_000)
    page = client.get(f"/forslag/{lekplats.id}").text
    assert "Just nu: Klart." in page and "Upphandlingen har börjat." in page
    assert page.index("Lekplatsen är invigd.") < page.index("Upphandlingen har börjat.")
    assert "Fastighetsägaren sade nej." in client.get(f"/forslag/{skylt.id}").text
    round_page = client.get(f"/omgangar/{published.id}").text
    assert "1 av 4 vinnande projekt är klara" in round_page and "<meter" in round_page


def test_authors_are_told_of_updates(published, officer):
    lekplats = project(published, "Lekplats")
    update = post_follow_up(lekplats, officer, FollowUpStatus.UNDER_WAY, "Bygget pågår.", 50_000,
                            date.today())
    db.session.commit()
    message = db.session.scalar(sa.select(MailMessage).where(
        MailMessage.key == f"follow-up:{update.id}"))
    assert message.to_address == lekplats.author.email and "Bygget pågår." in message.body


@pytest.mark.parametrize("change, error", [
    ({"status": FollowUpStatus.CANCELLED}, "avbröts"),
    ({"spent": -1}, "använts"),
    ({"text": "  "}, "hänt"),
    ({"days_ahead": 1}, "framtiden"),
])
def test_bad_updates_are_refused(published, officer, change, error):
    # dated by the service's own clock (UTC), read as the test runs, not when it is collected:
    # a run that crosses midnight would otherwise date "tomorrow" today
    values = {"status": FollowUpStatus.PLANNED, "text": "Text.", "spent": 0,
              "dated": utcnow().date() + timedelta(days=change.get("days_ahead", 0)),
              **{k: v for k, v in change.items() if k != "days_ahead"}}
    with pytest.raises(DomainError, match=error):
        post_follow_up(project(published, "Lekplats"), officer, **values)


def test_only_winners_are_followed_up_after_results(published, closed_round, officer):
    with pytest.raises(DomainError):
        post_follow_up(project(published, "Bänkar"), officer, FollowUpStatus.PLANNED, "x", 0,
                       date.today())


def test_follow_up_waits_for_the_results(closed_round, officer):
    with pytest.raises(PhaseError):
        post_follow_up(project(closed_round, "Lekplats"), officer, FollowUpStatus.PLANNED,
                       "x", 0, date.today())


def test_an_update_is_never_changed(published, officer):
    post_follow_up(project(published, "Lekplats"), officer, FollowUpStatus.PLANNED, "x", 0,
                   date.today())
    db.session.commit()
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.update(FollowUp).values(text="y")
                           .execution_options(synchronize_session=False))
        db.session.flush()


def test_an_officer_posts_an_update_on_the_web(published, client, auth, officer):
    lekplats = project(published, "Lekplats")
    auth.login(officer)
    page = client.get(f"/handlaggare/forslag/{lekplats.id}").text
    assert "Publicera uppföljningen" in page
    url = f"/handlaggare/forslag/{lekplats.id}/uppfoljning"
    bad = client.post(url, data={"follow-dated": date.today().isoformat(),
                                 "follow-status": "cancelled", "follow-spent": "0",
                                 "follow-text": "Stoppat."})
    assert bad.status_code == 422 and "Skriv varför projektet avbröts." in bad.text
    good = client.post(url, data={"follow-dated": date.today().isoformat(),
                                  "follow-status": "under_way", "follow-spent": "12 000",
                                  "follow-text": "Marken är förberedd."}, follow_redirects=True)
    assert "Uppföljningen är publicerad." in good.text
    assert lekplats.follow_ups[-1].spent == 12_000


def test_the_round_feed(published, officer, client):
    post_follow_up(project(published, "Lekplats"), officer, FollowUpStatus.DONE, "Invigd.",
                   290_000, date.today())
    db.session.commit()
    response = client.get(f"/omgangar/{published.id}/flode.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "Lekplats: Klart"
    assert "Omgången är nu i fasen: Resultat" in titles
    assert all(e.findtext("a:updated", namespaces=ns) for e in feed.findall("a:entry", ns))


def test_the_round_timeline_tells_each_phase(published, officer, client):
    post_follow_up(project(published, "Lekplats"), officer, FollowUpStatus.DONE, "Invigd.",
                   290_000, date.today())
    round_service.advance_phase(published, officer)  # to follow-up
    db.session.commit()
    page = client.get(f"/omgangar/{published.id}/tidslinje").text
    for words in ("Invånarna lämnade 5 förslag.",
                  "5 förslag bedömdes genomförbara och kom med på röstsedeln",
                  "3 personer röstade.", "av de 4 i röstlängden", "Rösterna räknades",
                  "4 förslag vann.", "1 av 4 vinnande projekt är klara"):
        assert words in page, words
    assert 'aria-current="step"' in page


def test_the_timeline_says_what_comes_next(make_round, client):
    rnd = make_round()
    page = client.get(f"/omgangar/{rnd.id}/tidslinje").text
    assert page.count("(kommer)") == 5 and "Planerad start" in page
