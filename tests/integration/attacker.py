#!/usr/bin/env python3
"""Attacks on kiosk-portal from outside, written by hand as an attacker would write them.

    attacker.py portal URL DB T1_DIR T2_DIR ANSWERS   every request-level attack; exit 1 on
                                                      the first that is not refused as it should
    attacker.py mitm PORT_FILE [huge]                 a fake portal answering 201 to everything
    attacker.py slow URL COUNT SECONDS                COUNT connections trickling a body; exit 1
                                                      if the portal keeps one open longer

T1_DIR and T2_DIR are two provisioned terminals (config file kiosk.toml, data in data/).
Only loopback addresses are used.
"""
import base64
import hashlib
import http.client
import json
import socket
import sqlite3
import sys
import threading
import time
import tomllib
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

API = "/api/v1"
seen_headers = []


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Terminal:
    """A provisioned terminal's credentials, read from its files as malware on it could."""

    def __init__(self, folder):
        with open(f"{folder}/kiosk.toml", "rb") as f:
            config = tomllib.load(f)
        self.id = config["terminal"]["id"]
        self.commune = config["terminal"]["commune_code"]
        self.dossier_unit = config["portal"].get("dossier_unit", "")
        self.dossier_digit = config["portal"].get("dossier_digit", 0)
        self.box_key = PublicKey(base64.b64decode(config["portal"]["box_key"]))
        self.portal_key = VerifyKey(base64.b64decode(config["portal"]["catalog_signing_key"]))
        with open(f"{folder}/data/terminal.token") as f:
            self.token = f.read().strip()
        with open(f"{folder}/data/terminal.key") as f:
            self.key = SigningKey(base64.b64decode(f.read().strip())[:32])


def request(url, method, path, body=b"", terminal=None, sign=True, headers=None, key=None):
    """One HTTP request; returns (status, headers dict, body bytes)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    all_headers = dict(headers or {})
    if terminal:
        all_headers["Authorization"] = f"Bearer {terminal.token}"
        if sign:
            signer = key or terminal.key
            text = f"kiosk-request/v2\n{method}\n{path.split('?')[0]}\n{hashlib.sha256(body).hexdigest()}"
            signature = signer.sign(text.encode()).signature
            all_headers["X-Kiosk-Signature"] = base64.b64encode(signature).decode()
    if body:
        all_headers.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=body or None, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    found = {k.lower(): v for k, v in response.getheaders()}
    seen_headers.append(found)
    conn.close()
    return response.status, found, data


def envelope(terminal, answers, procedure="1.001193", form_version=1, catalog_version=1,
             document_terminal=None, document_commune=None, submission_id=None, dossier_no=None):
    """A sealed submission exactly as a terminal builds one, with the fields an attacker picks."""
    sid = submission_id or str(uuid.uuid4())
    document = {
        "id": sid, "procedure_code": procedure, "form_id": "x", "form_version": form_version,
        "answers": answers, "identity": {"id_number": "001089012345", "full_name": "Nguyễn Văn An"},
        "consent": {"given": True, "at": "2026-12-01T00:00:00Z"}, "assisted_by": "",
        "terminal_id": document_terminal or terminal.id,
        "commune_code": document_commune or terminal.commune,
        "created_at": "2026-12-01T00:00:00Z", "created_at_local": "2026-12-01T07:00:00+07:00",
        "catalog_version": catalog_version, "lookup_code": "K7M2QX", "attachments": []}
    if dossier_no is not None:
        document["dossier_no"] = dossier_no
    plain = json.dumps(document, ensure_ascii=False).encode()
    body = {"id": sid, "procedure_code": procedure, "form_version": form_version,
            "payload_hash": hashlib.sha256(plain).hexdigest(),
            "sealed": base64.b64encode(SealedBox(terminal.box_key).encrypt(plain)).decode(),
            "catalog_version": catalog_version}
    return sid, body["payload_hash"], json.dumps(body).encode()


def submit(url, terminal, body, sid, **kwargs):
    return request(url, "POST", f"{API}/submissions", body, terminal,
                   headers={"Idempotency-Key": sid}, **kwargs)


def errors_of(data):
    try:
        return json.loads(data).get("errors") or [json.loads(data).get("error", "")]
    except ValueError:
        return [data.decode(errors="replace")]


def attack_portal(url, db, t1_dir, t2_dir, answers_file):
    t1, t2 = Terminal(t1_dir), Terminal(t2_dir)
    with open(answers_file) as f:
        answers = json.load(f)

    # 1. Enrollment.
    status, _, data = request(url, "POST", f"{API}/enroll", json.dumps(
        {"enroll_code": "AAAA-BBBB-CCCC", "terminal_id": "../etc", "commune_code": "00004",
         "terminal_public_key": base64.b64encode(bytes(32)).decode()}).encode())
    check(status == 422, f"a malformed terminal id must be refused, got {status} {data}")
    codes = sqlite3.connect(db).execute("SELECT code_hash FROM enroll_codes_v2").fetchall()
    check(all(len(c[0]) == 64 for c in codes), "enrollment codes must be stored hashed")
    limited = False
    for _ in range(12):
        status, headers, _ = request(url, "POST", f"{API}/enroll", json.dumps(
            {"enroll_code": "WRONG-CODE-0000", "terminal_id": "X1", "commune_code": "00004",
             "terminal_public_key": base64.b64encode(bytes(32)).decode()}).encode())
        check(status in (403, 429), f"a wrong code must be refused, got {status}")
        if status == 429:
            check("retry-after" in headers, "a rate-limited enrollment must say when to retry")
            limited = True
            break
    check(limited, "enrollment attempts from one address must be rate-limited")
    print("ok    enrollment: bad ids refused, codes hashed, attempts rate-limited")

    # 2. Who sent it.
    sid, _, body = envelope(t1, answers)
    status, _, data = submit(url, t1, body, sid, sign=False)
    check(status == 401, f"an unsigned submission must be refused, got {status}")
    status, _, data = submit(url, t1, body, sid, key=SigningKey.generate())
    check(status == 401, f"a submission signed by another key must be refused, got {status}")
    sid2, _, body2 = envelope(t2, answers, document_terminal=t1.id)
    status, _, data = submit(url, t2, body2, sid2)
    check(status == 422 and "another terminal" in errors_of(data)[0],
          f"a document naming another terminal must be refused, got {status} {data}")
    sid2, _, body2 = envelope(t2, answers, document_commune="99999")
    status, _, data = submit(url, t2, body2, sid2)
    check(status == 422, f"a document naming another commune must be refused, got {status}")
    # T1 files a real one; T2 replays its id (same body) and uploads a file under it.
    sid, payload_hash, body = envelope(t1, answers)
    status, _, data = submit(url, t1, body, sid)
    check(status == 201, f"a valid signed submission must be taken, got {status} {data}")
    receipt = json.loads(data)
    text = f"kiosk-receipt/v2\n{sid}\n{payload_hash}\n{receipt['receipt_no']}\n{receipt['received_at']}"
    t1.portal_key.verify(text.encode(), base64.b64decode(receipt["signature"]))
    status, _, data = submit(url, t1, body, sid)
    check(status == 200 and json.loads(data)["receipt_no"] == receipt["receipt_no"],
          "the same submission again must get the original receipt")
    status, _, data = submit(url, t2, body, sid)
    check(status == 403, f"another terminal resending a submission id must get 403, got {status}")
    blob = SealedBox(t2.box_key).encrypt(b"photo")
    sha = hashlib.sha256(b"photo").hexdigest()
    status, _, _ = request(url, "PUT", f"{API}/submissions/{sid}/attachments/{sha}", blob, t2,
                           headers={"Idempotency-Key": sid, "Content-Type": "application/octet-stream"})
    check(status == 403, f"another terminal's file upload to a claimed id must get 403, got {status}")
    print("ok    sender: unsigned, foreign-key, foreign-document and foreign-id requests refused")

    # 3. Dossier numbers: a terminal numbers only from its own block, on a real day, once.
    check(t1.dossier_digit != t2.dossier_digit and t2.dossier_digit > 0,
          f"the two terminals must hold different blocks: {t1.dossier_digit} {t2.dossier_digit}")
    today = time.strftime("%y%m%d", time.gmtime(time.time() + 7 * 3600))
    own = f"{t2.dossier_unit}-{today}-{t2.dossier_digit}900"
    for number, why in [(f"{t2.dossier_unit}-{today}-{t1.dossier_digit}900", "another block"),
                        (f"{t2.dossier_unit}-991399-{t2.dossier_digit}900", "no such day"),
                        (f"{t2.dossier_unit}-{today}-{t2.dossier_digit}000", "NNN 000"),
                        (f"OTHER.UNIT-{today}-{t2.dossier_digit}900", "another unit")]:
        sid2, _, body2 = envelope(t2, answers, dossier_no=number)
        status, _, data = submit(url, t2, body2, sid2)
        check(status == 422, f"a dossier number from {why} must be refused, got {status} {data}")
    sid2, _, body2 = envelope(t2, answers, dossier_no=own)
    status, _, data = submit(url, t2, body2, sid2)
    check(status == 201 and json.loads(data)["receipt_no"] == own,
          f"a number of the sender's block must be kept, got {status} {data}")
    sid2, _, body2 = envelope(t2, answers, dossier_no=own)
    status, _, data = submit(url, t2, body2, sid2)
    check(status == 409, f"a number given twice must be refused, got {status} {data}")
    print("ok    dossier numbers: another block, unit or day refused (422), a number twice (409)")

    # 4. Ratings: the sending terminal rates its receipt, once; a result needs a lookup's token.
    def rate(terminal, body, **kwargs):
        return request(url, "POST", f"{API}/ratings", json.dumps(body).encode(), terminal,
                       headers={"Idempotency-Key": body["id"]}, **kwargs)

    rating = {"id": str(uuid.uuid4()), "dossier_no": receipt["receipt_no"], "moment": "receipt",
              "satisfaction": 1}
    status, _, _ = rate(t1, rating, sign=False)
    check(status == 401, f"an unsigned rating must be refused, got {status}")
    status, _, _ = rate(t2, rating)
    check(status == 403, f"a rating of another terminal's receipt must be refused, got {status}")
    forged = {"id": str(uuid.uuid4()), "dossier_no": receipt["receipt_no"], "moment": "result",
              "satisfaction": 1, "token": "0" * 64}
    status, _, _ = rate(t2, forged)
    check(status == 403, f"a result rating with a made-up token must be refused, got {status}")
    for bad in [dict(rating, satisfaction=9), dict(rating, on_time=1), dict(rating, id="x"),
                dict(rating, dossier_no="A" * 200)]:
        status, _, data = rate(t1, bad)
        check(status == 422, f"a malformed rating {bad} must be refused, got {status} {data}")
    status, _, _ = request(url, "POST", f"{API}/ratings", json.dumps(rating).encode(), t1,
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    check(status == 422, f"a rating under another Idempotency-Key must be refused, got {status}")
    status, _, _ = rate(t1, rating)
    check(status == 201, f"the sender's rating of its receipt must be kept, got {status}")
    status, _, _ = rate(t1, rating)
    check(status == 200, f"the same rating again must be answered as kept, got {status}")
    status, _, _ = rate(t1, dict(rating, id=str(uuid.uuid4()), satisfaction=3))
    check(status == 409, f"a second rating of one receipt must be refused, got {status}")
    print("ok    ratings: unsigned, foreign, forged, malformed and second ratings refused")

    # 5. The portal checks what it is given.
    for kwargs, expect in [({"procedure": "9.999999"}, "not in catalog"),
                           ({"form_version": 77}, "not in catalog"),
                           ({"catalog_version": 424242}, "not in catalog")]:
        sid, _, body = envelope(t2, answers, **kwargs)
        status, _, data = submit(url, t2, body, sid)
        check(status == 422 and expect in errors_of(data)[0],
              f"{kwargs} must be refused with '{expect}', got {status} {data}")
    sid, _, body = envelope(t2, {})
    status, _, data = submit(url, t2, body, sid)
    problems = errors_of(data)
    check(status == 422 and any(p.startswith("answers/") and p.endswith(": required")
                                for p in problems),
          f"missing required answers must be listed by field, got {status} {data}")
    sid, _, body = envelope(t2, {k: 12345 for k in answers})
    status, _, data = submit(url, t2, body, sid)
    check(status == 422, f"answers of the wrong JSON types must be refused, got {status} {data}")
    print("ok    content: unknown procedure, form version, catalog and invalid answers refused (422)")

    # 6. Status lookup is not an oracle.
    found = 0
    for n in range(1, 8):
        number = receipt["receipt_no"][:-6] + f"{n:06d}"
        status, headers, data = request(url, "POST", f"{API}/submissions/{number}/status",
                                        json.dumps({"lookup_code": "AAAAAA"}).encode(), t2)
        check(status in (404, 429), f"a wrong lookup code must look like an unknown receipt: {status}")
        found += status == 200
    status, _, data = request(url, "GET", f"{API}/submissions/{receipt['receipt_no']}/status",
                              terminal=t2)
    check(status in (404, 405), f"the v1 lookup by receipt number alone must be gone, got {status}")
    status, _, data = request(url, "POST", f"{API}/submissions/{receipt['receipt_no']}/status",
                              json.dumps({}).encode(), t2)
    check(status in (422, 429), f"a lookup without a code must be refused, got {status}")
    limited = False
    for _ in range(15):
        status, headers, data = request(url, "POST", f"{API}/submissions/{receipt['receipt_no']}/status",
                                        json.dumps({"lookup_code": "K7M2QX"}).encode(), t2)
        if status == 200:
            check(set(json.loads(data)) == {"receipt_no", "status", "status_code", "note", "updated_at",
                                             "procedure_code"},
                  f"a status answer must carry nothing else: {data}")
        if status == 429:
            limited = True
            break
    check(limited, "lookups from one terminal must be rate-limited")
    status, _, data = request(url, "POST", f"{API}/submissions/{receipt['receipt_no']}/status",
                              json.dumps({"id_number": "001089012345"}).encode(), t1)
    check(status == 200, f"the applicant's ID number must open the status, got {status} {data}")
    print("ok    lookup: wrong codes look unknown, no code refused, rate-limited, nothing personal")

    # 7. Denial of service.
    conn = socket.create_connection((urllib.parse.urlsplit(url).hostname,
                                     urllib.parse.urlsplit(url).port), timeout=10)
    conn.sendall(f"POST {API}/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 f"Content-Length: 100000000\r\n\r\n".encode())
    answer = conn.recv(4096).decode(errors="replace")
    conn.close()
    check(answer.startswith("HTTP/1.1 413"), f"an oversized enrollment must be refused unread: {answer[:80]}")
    conn = socket.create_connection((urllib.parse.urlsplit(url).hostname,
                                     urllib.parse.urlsplit(url).port), timeout=10)
    conn.sendall(f"POST {API}/enroll HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n0\r\n\r\n".encode())
    answer = conn.recv(4096).decode(errors="replace")
    conn.close()
    check(answer.startswith("HTTP/1.1 411"), f"a body of unknown length must be refused: {answer[:80]}")
    deep = b"[" * 100000 + b"]" * 100000
    status, _, _ = submit(url, t2, deep, str(uuid.uuid4()))
    check(status in (413, 422), f"deeply nested JSON must be refused, got {status}")
    status, _, _ = request(url, "POST", f"{API}/terminals/{t2.id}/heartbeat", b"{" * 5000, t2)
    check(status in (413, 422), f"a hostile heartbeat must be refused, got {status}")
    check(not any("exception_what" in h for h in seen_headers),
          "no answer may carry exception text")
    print("ok    limits: oversized and unknown-length bodies refused unread, deep JSON refused")


class FakePortal(BaseHTTPRequestHandler):
    """A man in the middle: 201 with a made-up receipt for every submission."""
    huge = False

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200, b'{"ok": true}')

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer(201, json.dumps({"sha256": self.path.rsplit("/", 1)[-1]}).encode())

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.huge:
            self.answer(201, b'{"receipt_no": "FAKE-1", "pad": "' + b"x" * (12 << 20) + b'"}')
        else:
            self.answer(201, b'{"receipt_no": "FAKE-20261201-000001", "received_at": "now"}')


def mitm(port_file, mode):
    FakePortal.huge = mode == "huge"
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePortal)
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


def slow(url, count, seconds):
    """Slowloris: headers promise a body that arrives a byte at a time."""
    parts = urllib.parse.urlsplit(url)
    results = []

    def one():
        s = socket.create_connection((parts.hostname, parts.port), timeout=seconds)
        s.sendall(f"POST {API}/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n ".encode())
        try:
            # Nothing more comes: the portal must answer or close once its read timeout passes.
            s.recv(1024)
            results.append(True)
        except socket.timeout:
            results.append(None)
        except OSError:
            results.append(True)
        finally:
            s.close()

    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = [r for r in results if r is None]
    check(not kept, f"{len(kept)} of {count} trickling connections were kept open for {seconds} s")
    print(f"ok    slow bodies: all {count} trickling connections dropped by the portal")


if __name__ == "__main__":
    verb = sys.argv[1]
    if verb == "portal":
        attack_portal(*sys.argv[2:7])
    elif verb == "mitm":
        mitm(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    elif verb == "slow":
        slow(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        fail(f"unknown verb {verb}")
