"""The signed result PDF and its offline verification (design.md section 7)."""

import hashlib
import io
import json
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from medborgarbudget.reports.result_pdf import result_pdf
from medborgarbudget.reports.signing import sign_pdf
from medborgarbudget.reports.verify import verify
from medborgarbudget.services import results
from medborgarbudget.tally import pabulib


def signed(rnd, lang="sv") -> bytes:
    return results.signed_pdf(results.round_result(rnd), lang)


def outcome_of(checks) -> dict[str, bool]:
    """Each check's name: passed (recount: all districts passed)."""
    found: dict[str, bool] = {}
    for check in checks:
        found[check.name] = found.get(check.name, True) and check.ok
    return found


def cli(*args, cwd=None):
    """The installed command, as an auditor runs it: no app config, no database."""
    return subprocess.run([shutil.which("medborgarbudget") or sys.executable, *args],
                          capture_output=True, text=True, cwd=cwd, env={"PATH": ""})


def test_a_signed_result_verifies(counted_round, signing_keys, tmp_path):
    pdf = tmp_path / "resultat.pdf"
    pdf.write_bytes(signed(counted_round))
    checks = verify(pdf.read_bytes(), signing_keys["trusted"][1].read_bytes())
    assert outcome_of(checks) == {"signature": True, "whole_file": True, "trust": True,
                                  "files": True, "recount": True}
    assert sum(c.name == "recount" for c in checks) == 2  # Norrby and Sjöbo
    run = cli("verify", str(pdf), "--trust", str(signing_keys["trusted"][1]), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "6 of 6 checks passed" in run.stdout


def test_the_pdf_holds_the_ballots_and_the_result(counted_round):
    result = results.round_result(counted_round)
    reader = PdfReader(io.BytesIO(signed(counted_round)))
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert attached["result.json"].decode() == result.document
    for file in result.files:
        assert attached[file.name].decode() == file.content
        assert hashlib.sha256(attached[file.name]).hexdigest() == file.sha256
        assert pabulib.loads(file.content).num_voters >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Norrby: 3 förslag vann", "Lekplats", "Granskningsbilaga",
                  results.document(result)["chain"]["head"], "Så räknades rösterna"):
        assert words in text
    english = PdfReader(io.BytesIO(signed(counted_round, "en")))
    assert "Norrby: 3 proposals won" in english.pages[0].extract_text()


def test_a_result_is_signed_once_and_then_served_as_is(counted_round):
    import sqlalchemy as sa

    from medborgarbudget.extensions import db
    from medborgarbudget.models import SignedResult

    first = signed(counted_round)
    db.session.commit()
    assert signed(counted_round) == first  # not signed again (a signature holds its time)
    row = db.session.scalar(sa.select(SignedResult))
    assert (row.lang, row.sha256) == ("sv", hashlib.sha256(first).hexdigest())
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.update(SignedResult).values(pdf=b"x")
                           .execution_options(synchronize_session=False))
        db.session.flush()


def test_the_same_result_gives_the_same_bytes_before_signing(counted_round):
    result = results.round_result(counted_round)
    files = {f.name: f.content for f in result.files}
    first = result_pdf(results.document(result), result.document, files)
    assert result_pdf(results.document(result), result.document, dict(files)) == first


@pytest.mark.parametrize("where", [0.0, 0.003, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97, 0.999, "sig"])
def test_one_flipped_byte_anywhere_fails_the_signature_check(counted_round, signing_keys,
                                                             where):
    pdf = bytearray(signed(counted_round))
    if where == "sig":  # inside the signature value itself
        at = pdf.index(b"/Contents <") + 40
    else:
        at = min(int(len(pdf) * where), len(pdf) - 1)
    pdf[at] ^= 0x01
    checks = verify(bytes(pdf), signing_keys["trusted"][1].read_bytes())
    assert outcome_of(checks)["signature"] is False


def test_flipped_byte_exits_1_from_the_command(counted_round, signing_keys, tmp_path):
    pdf = bytearray(signed(counted_round))
    pdf[len(pdf) // 3] ^= 0x20
    (tmp_path / "r.pdf").write_bytes(pdf)
    run = cli("verify", str(tmp_path / "r.pdf"), "--trust", str(signing_keys["trusted"][1]))
    assert run.returncode == 1
    assert "FAIL  signature" in run.stdout and "NOT verified" in run.stdout


def test_another_key_is_not_trusted(counted_round, signing_keys):
    pdf = signed(counted_round)
    result = results.round_result(counted_round)
    other = sign_pdf(result_pdf(results.document(result), result.document,
                                {f.name: f.content for f in result.files}),
                     *signing_keys["other"], reason="test")
    checks = outcome_of(verify(other, signing_keys["trusted"][1].read_bytes()))
    assert checks["signature"] is True and checks["trust"] is False
    # and the right signature is not trusted by someone who trusts the other key
    assert outcome_of(verify(pdf, signing_keys["other"][1].read_bytes()))["trust"] is False


def resigned(counted_round, signing_keys, change_file, change_document=None) -> bytes:
    """The result with an embedded file changed, signed again with the trusted key."""
    result = results.round_result(counted_round)
    document = results.document(result)
    files = {f.name: f.content for f in result.files}
    name = sorted(files)[0]
    files[name] = change_file(files[name])
    if change_document:
        change_document(document, name, files[name])
    text = results.dumps(document)
    return sign_pdf(result_pdf(document, text, files), *signing_keys["trusted"], reason="x")


def test_a_changed_ballot_file_resigned_with_the_trusted_key_fails_the_hash_check(
        counted_round, signing_keys):
    def add_vote(text: str) -> str:
        election = pabulib.loads(text)
        election.ballots.append(election.ballots[0])
        election.voter_ids.append("f" * 16)
        return pabulib.dumps(election)

    pdf = resigned(counted_round, signing_keys, add_vote)
    checks = outcome_of(verify(pdf, signing_keys["trusted"][1].read_bytes()))
    assert checks["signature"] and checks["trust"] and checks["whole_file"]
    assert checks["files"] is False


def test_a_changed_ballot_file_with_its_hash_restated_fails_the_recount(counted_round,
                                                                        signing_keys):
    def move_votes(text: str) -> str:
        election = pabulib.loads(text)
        unchosen = [pid for pid in election.projects
                    if not any(pid in b for b in election.ballots)]
        election.ballots = [(unchosen[0],) for _ in election.ballots]
        return pabulib.dumps(election)

    def restate(document, name, content):
        document["files"][name] = results.sha256(content)

    pdf = resigned(counted_round, signing_keys, move_votes, restate)
    checks = verify(pdf, signing_keys["trusted"][1].read_bytes())
    assert outcome_of(checks)["files"] is True
    failed = [c for c in checks if not c.ok]
    assert [c.name for c in failed] == ["recount"]
    assert "Norrby" in failed[0].detail


def test_pdfsig_validates_the_signature(counted_round, tmp_path):
    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian package poppler-utils) is needed; .ci/run installs it"
    (tmp_path / "r.pdf").write_bytes(signed(counted_round))
    run = subprocess.run([pdfsig, str(tmp_path / "r.pdf")], capture_output=True, text=True)
    assert "Signature Validation: Signature is Valid." in run.stdout, run.stdout + run.stderr
    assert "Total document signed" in run.stdout


def test_the_command_says_what_it_cannot_read(signing_keys, tmp_path):
    (tmp_path / "not.pdf").write_text("hello")
    trust = str(signing_keys["trusted"][1])
    assert cli("verify", str(tmp_path / "not.pdf"), "--trust", trust).returncode == 2
    assert cli("verify", str(tmp_path / "missing.pdf"), "--trust", trust).returncode == 2
    (tmp_path / "bad.pem").write_text("not a certificate")
    run = cli("verify", str(tmp_path / "not.pdf"), "--trust", str(tmp_path / "bad.pem"))
    assert run.returncode == 2 and "certificate" in run.stderr


def test_results_pdf_command(counted_round, app, tmp_path):
    out = tmp_path / "r.pdf"
    run = app.test_cli_runner().invoke(args=["results", "pdf", str(counted_round.id),
                                             "--out", str(out), "--lang", "en"])
    assert run.exit_code == 0, run.output
    assert json.loads(PdfReader(out).attachments["result.json"][0])["round"]["id"] == \
        counted_round.id


def test_without_a_key_the_pdf_is_refused_in_words(counted_round, app, tmp_path):
    from medborgarbudget.services.errors import DomainError

    app.config["SIGNING_KEY"] = str(tmp_path / "missing.pem")
    with pytest.raises(DomainError, match="nyckel"):
        signed(counted_round)
