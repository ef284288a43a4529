"""Checking a signed result PDF, offline: no database, no app config (design.md section 7).

The checks, in order; each passes or fails with a reason, and all are run that can be:

- signature: the PAdES signature is intact and cryptographically valid;
- whole_file: it covers the whole file (nothing was added after signing);
- trust: the signer's certificate chains to the certificate the auditor trusts;
- files: result.json is embedded, in a format we know, and every file it lists is embedded
  with the SHA-256 it states (and no other file is);
- recount: the tally engine, run with the stated rule on each district's embedded ballots,
  gives exactly the stated outcome (every step and tie).

``verify`` raises Unreadable only for what is not a PDF at all (or an unreadable certificate):
a damaged PDF is a PDF whose checks fail.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from ..tally import pabulib
from ..tally.rules import run

RESULT_FILE = "result.json"
FORMATS = ("medborgarbudget-result/1",)


class Unreadable(Exception):
    """Not a PDF, or the trusted certificate cannot be read."""


@dataclass
class Check:
    #: signature, whole_file, trust, files, recount
    name: str
    ok: bool
    #: what was found, in English (the web page words the name in the reader's language)
    detail: str
    params: dict[str, Any] = field(default_factory=dict)


def load_certificate(data: bytes) -> asn1_x509.Certificate:
    try:
        if pem.detect(data):
            _kind, _headers, data = pem.unarmor(data)
        cert = asn1_x509.Certificate.load(data)
        cert.native  # parse it all now, so that a broken file fails here
        return cert
    except Exception as error:  # asn1crypto raises many kinds
        raise Unreadable(f"cannot read the trusted certificate: {error}") from None


def verify(pdf: bytes, trusted: bytes) -> list[Check]:
    """Every check on ``pdf`` with ``trusted`` (a PEM or DER certificate) as the root."""
    root = load_certificate(trusted)
    if b"%PDF-" not in pdf[:1024] and b"%%EOF" not in pdf[-2048:]:
        raise Unreadable("not a PDF file")
    checks = _signature(pdf, root)
    files = _embedded(pdf)
    document, files_check = _files(files)
    checks.append(files_check)
    if document is not None:
        checks += _recount(document, files)
    return checks


def _signature(pdf: bytes, root: asn1_x509.Certificate) -> list[Check]:
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        if not signatures:
            raise ValueError("the file has no signature")
        context = ValidationContext(trust_roots=[root], allow_fetching=False,
                                    revocation_mode="soft-fail")
        status = validate_pdf_signature(signatures[-1], context)
        padded = _padding_is_clean(bytes(signatures[-1].sig_object["/Contents"]))
    except Exception as error:  # a damaged file fails inside the PDF parser in many ways
        reason = f"not checked: the signature could not be read ({_short(error)})"
        return [Check("signature", False, f"cannot be read or checked: {_short(error)}"),
                Check("whole_file", False, reason), Check("trust", False, reason)]
    signer = status.signing_cert.subject.human_friendly
    good = status.intact and status.valid and padded
    return [
        Check("signature", good,
              f"intact and valid, signed by {signer}" if good
              else "the signed bytes have changed" if not status.intact
              else "the signature does not match the signed bytes" if not status.valid
              else "the space reserved for the signature holds something else",
              {"signer": signer}),
        Check("whole_file", status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
              "the signature covers the whole file"
              if status.coverage == SignatureCoverageLevel.ENTIRE_FILE
              else "something was added to the file after it was signed"),
        Check("trust", status.trusted,
              "the signer's certificate chains to the trusted certificate" if status.trusted
              else "the signer's certificate does not chain to the trusted certificate"),
    ]


def _padding_is_clean(contents: bytes) -> bool:
    """The signature value is followed by zeros only. The space reserved for it is the one
    part of the file the signature cannot cover, and a CMS reader stops where the value
    ends: without this check a changed byte there would go unnoticed."""
    if len(contents) < 2 or contents[0] != 0x30:
        return False
    size = contents[1]
    if size < 0x80:
        end = 2 + size
    else:
        digits = size & 0x7F
        end = 2 + digits + int.from_bytes(contents[2:2 + digits], "big")
    return not any(contents[end:])


def _embedded(pdf: bytes) -> dict[str, bytes] | None:
    try:
        return {name: contents[0] for name, contents in PdfReader(io.BytesIO(pdf)).attachments
                .items()}
    except Exception:  # pypdf raises many kinds on a damaged file
        return None


def _files(files: dict[str, bytes] | None) -> tuple[dict[str, Any] | None, Check]:
    if files is None:
        return None, Check("files", False, "the embedded files cannot be read")
    if RESULT_FILE not in files:
        return None, Check("files", False, f"{RESULT_FILE} is not embedded")
    try:
        document = json.loads(files[RESULT_FILE])
        stated = document["files"]
    except (ValueError, KeyError, TypeError):
        return None, Check("files", False, f"{RESULT_FILE} is not a result")
    if document.get("format") not in FORMATS:
        return None, Check("files", False, f"unknown format {document.get('format')!r}")
    problems = []
    for name, digest in sorted(stated.items()):
        if name not in files:
            problems.append(f"{name} is missing")
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            problems.append(f"{name} does not have the stated SHA-256")
    problems += [f"{name} is not listed" for name in sorted(set(files) - set(stated)
                                                             - {RESULT_FILE})]
    if problems:
        return document, Check("files", False, "; ".join(problems))
    return document, Check("files", True, f"{len(stated)} ballot files, each with the stated "
                                          "SHA-256", {"count": len(stated)})


def _recount(document: dict[str, Any], files: dict[str, bytes]) -> list[Check]:
    checks = []
    for district in document.get("districts", []):
        name = district.get("name", "?")
        try:
            election = pabulib.loads(files[district["file"]].decode("utf-8"))
            outcome = run(election, **document["engine"]).as_dict()
        except Exception as error:  # a bad file or rule: the re-count fails, with the reason
            checks.append(Check("recount", False, f"{name}: cannot re-count: {_short(error)}",
                                {"district": name}))
            continue
        same = outcome == district.get("outcome")
        checks.append(Check(
            "recount", same,
            f"{name}: the re-count gives the stated outcome" if same
            else f"{name}: the re-count selects {outcome['selected']}, the result states "
                 f"{district.get('outcome', {}).get('selected')}", {"district": name}))
    if not checks:
        checks.append(Check("recount", False, "the result has no districts"))
    return checks


def _short(error: Exception) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:200]
