#!/usr/bin/env python3
"""A stand-in for the province's one-stop system, for kiosk-portal forward tests.

    fake_province.py PORT_FILE RECORDS_FILE [FAIL_EVERY]

Listens on a free loopback port (written to PORT_FILE). POST /dossiers takes one DVCQG dossier
record, POST /dossiers/{MaHoSo}/status one status change. Each request must carry an
Idempotency-Key; a key seen before is answered 200 again and not stored twice. Every field is
checked (400 with the reason otherwise); a status for a dossier not received yet is refused
(409), so a forwarder that reorders shows. With FAIL_EVERY=N, every Nth request is answered 503
and every (N+1)th is stored but its connection dropped before the answer, as a link that fails
after the far end committed. Accepted requests are appended to RECORDS_FILE, one JSON per line.
"""
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE, RECORDS = sys.argv[1], sys.argv[2]
FAIL_EVERY = int(sys.argv[3]) if len(sys.argv) > 3 else 0
STATUSES = {1, 2, 3, 4, 5, 6, 8, 9, 10}
lock = threading.Lock()
seen = {}
dossiers = set()
count = 0


def problems(kind, record):
    if kind == "dossier":
        need = {"MaHoSo": str, "MaTTHC": str, "TenTTHC": str, "ChuHoSo": str,
                "SoGiayToChuHoSo": str, "NgayTiepNhan": str, "NgayHenTra": str,
                "TrangThaiHoSo": int, "KenhThucHien": int, "DanhSachLePhi": list,
                "TaiLieuNop": list}
    else:
        need = {"MaHoSo": str, "TrangThaiHoSo": int, "NgayCapNhat": str, "GhiChu": str}
    for key, kind_of in need.items():
        if not isinstance(record.get(key), kind_of):
            return f"{key} missing or not {kind_of.__name__}"
    stamp = record.get("NgayTiepNhan") or record.get("NgayCapNhat")
    if not re.fullmatch(r"20\d{12}", stamp):
        return "time is not yyyyMMddHHmmss"
    if record["TrangThaiHoSo"] not in STATUSES:
        return "TrangThaiHoSo is not a national code"
    if kind == "dossier":
        if not re.fullmatch(r"\d{12}", record["SoGiayToChuHoSo"]):
            return "SoGiayToChuHoSo is not a CCCD number"
        if record["KenhThucHien"] not in (1, 2, 3):
            return "KenhThucHien is not 1, 2 or 3"
        if not record["TenTTHC"]:
            return "TenTTHC is empty"
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        match = re.fullmatch(r"/dossiers(?:/([^/]+)/status)?", self.path)
        if not match:
            return self.answer(404, {"error": "no such path"})
        kind = "status" if match.group(1) else "dossier"
        key = self.headers.get("Idempotency-Key", "")
        if not key:
            return self.answer(400, {"error": "Idempotency-Key missing"})
        with lock:
            count += 1
            n = count
            if key in seen:
                return self.answer(200, {"ok": True, "again": True})
            if FAIL_EVERY and n % FAIL_EVERY == 0:
                return self.answer(503, {"error": "busy"})
            try:
                record = json.loads(body)
            except ValueError:
                return self.answer(400, {"error": "not JSON"})
            why = problems(kind, record)
            if why:
                return self.answer(400, {"error": why})
            if kind == "status" and (record["MaHoSo"] != match.group(1) or
                                     record["MaHoSo"] not in dossiers):
                return self.answer(409, {"error": "status before its dossier"})
            seen[key] = True
            if kind == "dossier":
                dossiers.add(record["MaHoSo"])
            with open(RECORDS, "a", encoding="utf-8") as out:
                out.write(json.dumps({"kind": kind, "key": key, "record": record},
                                     ensure_ascii=False) + "\n")
            if FAIL_EVERY and n % FAIL_EVERY == 1 and n > 1:
                # Stored, but the answer never arrives.
                self.close_connection = True
                self.connection.shutdown(2)
                return
        self.answer(201, {"ok": True})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
