"""Email: authors are told of changes to their proposals, through a queue in the database that
a sender delivers to a real SMTP server (aiosmtpd on 127.0.0.1, started here)."""

import re
import socket
from email import message_from_bytes, policy
from email.message import Message

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from medborgarbudget.extensions import db
from medborgarbudget.models import MailMessage
from medborgarbudget.services import mail
from medborgarbudget.services import proposals as proposal_service


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1; yields (inbox, transport to it)."""
    inbox, port = Inbox(), free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    yield inbox, mail.Smtp("127.0.0.1", port, timeout=5)
    server.stop()


def queued() -> list[MailMessage]:
    return list(db.session.scalars(sa.select(MailMessage).order_by(MailMessage.id)))


def test_an_author_is_told_of_the_review_once(make_round, make_proposal, officer, smtp):
    inbox, transport = smtp
    rnd = make_round()
    proposal = make_proposal(rnd, title="Parkbänkar vid Viskan")
    proposal_service.start_review(proposal, officer)
    proposal_service.review_proposal(proposal, officer, False, None, "Marken är privat.")
    db.session.commit()
    assert [m.key.split(":")[0] for m in queued()] == ["proposal-event", "proposal-event"]
    assert mail.send_due(transport) == (2, 0)
    assert mail.send_due(transport) == (0, 0)  # nothing twice
    assert len(inbox.messages) == 2
    last = inbox.messages[1]
    assert last["To"] == proposal.author.email and "Parkbänkar vid Viskan" in last["Subject"]
    body = last.get_payload(decode=True).decode()
    assert "Marken är privat." in body and f"/forslag/{proposal.id}" in body
    assert "/avregistrera/" in last["List-Unsubscribe"]


def test_what_the_author_does_is_not_mailed_to_them(make_round, make_proposal):
    make_proposal(make_round())  # created and submitted by the author
    db.session.commit()
    assert queued() == []


def test_a_sender_stopped_mid_queue_sends_each_message_once(make_round, make_proposal,
                                                             officer, smtp, new_app):
    inbox, transport = smtp
    rnd = make_round()
    for i in range(5):
        proposal_service.start_review(make_proposal(rnd, title=f"Förslag {i}"), officer)
    db.session.commit()
    assert mail.send_due(transport, limit=2) == (2, 0)  # then the sender stops
    # a new process (another app, its own connections) picks up where it left off
    with new_app().app_context():
        assert mail.send_due(transport) == (3, 0)
    assert sorted(m["Subject"] for m in inbox.messages) == sorted(
        m.subject for m in queued())
    assert len({m["Message-ID"] for m in inbox.messages}) == 5


def test_a_claimed_message_is_left_to_its_sender(make_round, make_proposal, officer, smtp):
    """Two senders at once: the claim lets one of them have each message."""
    inbox, transport = smtp
    proposal_service.start_review(make_proposal(make_round()), officer)
    db.session.commit()
    message = queued()[0]
    claimed = db.session.execute(
        sa.update(MailMessage).where(MailMessage.id == message.id)
        .values(next_try_at=mail.utcnow() + mail.LEASE)).rowcount  # another sender's claim
    db.session.commit()
    assert claimed == 1
    assert mail.send_due(transport) == (0, 0) and inbox.messages == []


def test_a_failed_message_is_tried_again_later(make_round, make_proposal, officer, smtp):
    inbox, transport = smtp
    proposal_service.start_review(make_proposal(make_round()), officer)
    db.session.commit()
    down = mail.Smtp("127.0.0.1", free_port(), timeout=2)  # nobody listens there
    assert mail.send_due(down) == (0, 1)
    message = queued()[0]
    db.session.refresh(message)
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    assert mail.send_due(transport) == (0, 0)  # not yet: it waits a minute
    later = message.next_try_at
    assert mail.send_due(transport, now=later) == (1, 0)
    assert len(inbox.messages) == 1


def unsubscribe_link(message: MailMessage) -> str:
    return re.search(r"/avregistrera/\S+", message.body).group(0)


def test_the_unsubscribe_link_works_without_logging_in(make_round, make_proposal, officer,
                                                        client):
    proposal = make_proposal(make_round())
    proposal_service.start_review(proposal, officer)
    db.session.commit()
    link = unsubscribe_link(queued()[0])
    page = client.get(link)
    assert page.status_code == 200 and "Ja, sluta skicka" in page.text
    assert proposal.author.notify_proposals  # looking at the link changes nothing
    done = client.post(link)
    assert done.status_code == 200 and "Klart" in done.text
    db.session.refresh(proposal.author)
    assert proposal.author.notify_proposals is False
    proposal_service.review_proposal(proposal, officer, True, 90_000, None)
    db.session.commit()
    assert len(queued()) == 1  # no new mail


def test_an_unsubscribe_link_cannot_unsubscribe_someone_else(make_round, make_proposal,
                                                             make_user, officer, client):
    other = make_user()
    proposal = make_proposal(make_round())
    proposal_service.start_review(proposal, officer)
    db.session.commit()
    link = unsubscribe_link(queued()[0])
    token = link.rsplit("/", 1)[1]
    # the token names its recipient and is signed: changing it breaks it
    forged = mail.URLSafeSerializer("not our key", salt="mail-unsubscribe").dumps(
        {"u": other.id, "w": "proposals", "r": None})
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, tampered, "nonsense"):
        assert client.post(f"/avregistrera/{bad}").status_code == 404
    db.session.refresh(other)
    assert other.notify_proposals is True


def test_the_demo_outbox_is_a_folder(make_round, make_proposal, officer, tmp_path):
    proposal_service.start_review(make_proposal(make_round()), officer)
    db.session.commit()
    assert mail.send_due(mail.Folder(tmp_path / "outbox")) == (1, 0)
    [written] = (tmp_path / "outbox").glob("*.eml")
    assert "Kommunen började granska" in message_from_bytes(written.read_bytes(),
                                                             policy=policy.default)["Subject"]


def test_followers_get_round_news_once_each(open_voting, make_round, make_user, officer,
                                            client, auth, smtp):
    from datetime import timedelta

    from medborgarbudget.services import notify

    inbox, transport = smtp
    rnd = make_round()
    follower, other = make_user(), make_user()
    auth.login(follower)
    page = client.get(f"/omgangar/{rnd.id}").text
    assert "Följ omgången" in page
    client.post(f"/omgangar/{rnd.id}/folj")
    assert "Du följer omgången" in client.get(f"/omgangar/{rnd.id}").text
    open_voting(rnd)  # voting opens: followers are told
    db.session.commit()
    soon = rnd.voting_close - timedelta(days=2)
    assert notify.remind_closing(soon) == 1
    assert notify.remind_closing(soon) == 1 and notify.remind_closing(soon + timedelta(1)) == 1
    assert notify.remind_closing(rnd.voting_close - timedelta(days=10)) == 0
    db.session.commit()
    mail.send_due(transport)
    news = [m for m in inbox.messages if m["To"] == follower.email]
    assert sorted(m["Subject"].split(":")[0] for m in news) == [
        "Nu kan du rösta", "Röstningen stänger snart"]  # the reminder once, however often asked
    assert not [m for m in inbox.messages if m["To"] == other.email]
    body = news[0].get_payload(decode=True).decode()
    link = re.search(r"/avregistrera/\S+", body).group(0)
    client.post(link)
    assert notify.is_subscribed(follower, rnd) is False
