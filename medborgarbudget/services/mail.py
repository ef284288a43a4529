"""Email through a queue in the database, and the sender that works through it.

``queue`` only writes a row (in the caller's transaction: a mail about a change exists if
and only if the change does). `medborgarbudget mail send` delivers what is due:

- one message at a time, each in its own transactions: claim it (a conditional UPDATE that
  only one sender can win, which also pushes its next try LEASE ahead), hand it to the mail
  server, mark it sent. A sender that stops between messages, or is restarted, leaves
  nothing sent twice and nothing lost; several senders never take the same message;
- a failure is written on the message and retried later, waiting longer each time;
- a sender killed in the moment between the mail server taking a message and the mark
  being written sends that one message again after the lease: at least once, never lost.
  Every message has a fixed Message-ID, so mail programs show such a copy as one mail.

Where mail goes comes from instance config: MAIL_SERVER (SMTP) or MAIL_OUTBOX (a folder of
.eml files, for the demo and development).
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..models import MailMessage
from ..models._types import utcnow

#: headers may hold a long link (List-Unsubscribe) without being folded into encoded words
LONG_LINES = policy.SMTP.clone(max_line_length=998)
#: how long a claimed message is left to its sender before another may try it
LEASE = timedelta(minutes=10)
#: waits after the first, second, ... failure (then the last, again and again)
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]


def queue(key: str, to: str, subject: str, body: str,
          unsubscribe_url: str | None = None) -> MailMessage | None:
    """Queue a message unless one with ``key`` is queued already (then None)."""
    if db.session.scalar(sa.select(MailMessage.id).where(MailMessage.key == key)):
        return None
    message = MailMessage(key=key, to_address=to, subject=subject, body=body,
                          unsubscribe_url=unsubscribe_url)
    db.session.add(message)
    return message


class Transport(Protocol):
    """Where mail goes: Smtp or Folder."""

    def send(self, message: EmailMessage) -> None: ...


@dataclass
class Smtp:
    host: str
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 30

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
            if self.starttls:
                server.starttls()
            if self.username:
                server.login(self.username, self.password or "")
            server.send_message(message)


@dataclass
class Folder:
    """Each message as a file: the demo's outbox."""

    path: Path

    def send(self, message: EmailMessage) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").split("@")[0]
        (self.path / f"{name}.eml").write_bytes(bytes(message))


def transport() -> Transport:
    """Where mail goes, from config."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return Smtp(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25),
                    config.get("MAIL_USERNAME"), config.get("MAIL_PASSWORD"),
                    bool(config.get("MAIL_STARTTLS")))
    outbox = config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox"
    return Folder(Path(outbox))


def email(message: MailMessage) -> EmailMessage:
    config = current_app.config
    mail = EmailMessage(policy=LONG_LINES)
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = message.to_address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(message.created_at.timestamp(), localtime=False)
    domain = config["MAIL_FROM"].rpartition("@")[2].strip(">") or "medborgarbudget"
    mail["Message-ID"] = f"<mail-{message.id}@{domain}>"  # the same on every try
    if message.unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
    mail.set_content(message.body)
    return mail


def send_due(via: Transport | None = None, limit: int | None = None,
             now: datetime | None = None) -> tuple[int, int]:
    """Send what is due, one message at a time; (sent, failed)."""
    via = via or transport()
    sent = failed = 0
    while limit is None or sent + failed < limit:
        moment = now or utcnow()
        candidate = db.session.scalar(
            sa.select(MailMessage.id).where(MailMessage.sent_at.is_(None),
                                            MailMessage.next_try_at <= moment)
            .order_by(MailMessage.next_try_at, MailMessage.id).limit(1))
        if candidate is None:
            break
        claimed = db.session.execute(
            sa.update(MailMessage)
            .where(MailMessage.id == candidate, MailMessage.sent_at.is_(None),
                   MailMessage.next_try_at <= moment)
            .values(next_try_at=moment + LEASE, attempts=MailMessage.attempts + 1)
            .execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if claimed != 1:
            continue  # another sender took it
        message = db.session.get(MailMessage, candidate)
        try:
            via.send(email(message))
        except (OSError, smtplib.SMTPException) as error:
            wait = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
            message.last_error = f"{type(error).__name__}: {error}"[:1000]
            message.next_try_at = moment + wait
            failed += 1
        else:
            message.sent_at, message.last_error = utcnow(), None
            sent += 1
        db.session.commit()
    return sent, failed


# --- stopping mail -------------------------------------------------------------------------

def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe")


def unsubscribe_token(user_id: int, what: str, round_id: int | None = None) -> str:
    """A token for a link that stops one kind of mail to one person, and nothing else."""
    return _signer().dumps({"u": user_id, "w": what, "r": round_id})


def read_unsubscribe_token(token: str) -> tuple[int, str, int | None] | None:
    try:
        data = _signer().loads(token)
        return int(data["u"]), str(data["w"]), data.get("r")
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
