"""Load on the portal, on 127.0.0.1 only, bounded in count and time (Scripts/bench-portal.sh).

USERS signed-in users browse the dashboard and the lists (premises page by page, inventories) for
DURATION seconds while UPLOADS commune agents each deposit a file of LINES premises at once.
Prints p50/p95/p99 of the pages, the errors, each upload's time, and checks that every upload was
stored exactly once. Exits 1 when a target is missed (TARGET_P95_MS) or anything failed.
"""
import argparse
import http.client
import json
import random
import re
import statistics
import threading
import time
import uuid
from urllib.parse import urlencode

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--users", type=int, default=50)
parser.add_argument("--duration", type=float, default=20)
parser.add_argument("--uploads", nargs="*", default=[], help="EMAIL:FILE for each concurrent deposit")
parser.add_argument("--email", required=True)
parser.add_argument("--password", required=True)
parser.add_argument("--target-p95-ms", type=float, default=100)
parser.add_argument("--max-requests", type=int, default=200_000)
parser.add_argument("--think", type=float, default=0, help="seconds a user reads a page before the next (0.5 to 1.5 times this)")
parser.add_argument("--cookies", help="only sign USERS sessions in and write their Cookie headers here (for wrk)")
args = parser.parse_args()
assert 0 <= args.users <= 200 and args.duration <= 600, "bornes de la charge dépassées"

HOST = "127.0.0.1"
lock = threading.Lock()
timings = {}
errors = []
count = 0


class Client:
    def __init__(self):
        self.connection = http.client.HTTPConnection(HOST, args.port, timeout=120)
        self.cookies = {}
        self.token = ""

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val and "Max-Age=0" not in value:
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
        text = data.decode("utf-8", "replace")
        found = re.search(r'name="_csrf" value="([^"]*)"', text)
        if found:
            self.token = found.group(1)
        return response.status, text

    def sign_in(self, email, password):
        self.request("GET", "/connexion")
        form = urlencode({"_csrf": self.token, "email": email, "password": password, "suite": ""})
        status, _ = self.request("POST", "/connexion", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise RuntimeError(f"connexion refusée pour {email} ({status})")
        self.request("GET", "/depot")


def record(kind, seconds, status, expected=200):
    global count
    with lock:
        count += 1
        timings.setdefault(kind, []).append(seconds)
        if status != expected:
            errors.append(f"{kind} : statut {status}")


def browse(client, deadline):
    pages = ["/", "/locaux", "/inventaires", "/locaux?statut=disponible"]
    index = 0
    after = None
    while time.monotonic() < deadline and count < args.max_requests:
        path = pages[index % len(pages)]
        if path == "/locaux" and after:
            path = f"/locaux?apres={after}&page=2"
        start = time.monotonic()
        try:
            status, text = client.request("GET", path)
        except Exception as error:  # a refused or broken connection is an error of the run
            with lock:
                errors.append(f"{path} : {error}")
            client.connection.close()
            client.connection = http.client.HTTPConnection(HOST, args.port, timeout=120)
            continue
        record(path.split("?")[0], time.monotonic() - start, status)
        found = re.search(r"apres=(\d+)", text)
        after = found.group(1) if found else None
        index += 1
        if args.think:
            time.sleep(args.think * random.uniform(0.5, 1.5))


def deposit(email, path, results):
    client = Client()
    client.sign_in(email, args.password)
    boundary = "----charge" + uuid.uuid4().hex
    with open(path, "rb") as handle:
        contents = handle.read()
    name = path.rsplit("/", 1)[-1]
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{client.token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + contents + f"\r\n--{boundary}--\r\n".encode()
    start = time.monotonic()
    status, text = client.request("POST", "/depot", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    seconds = time.monotonic() - start
    results.append((email, status, seconds, "enregistré" in text))
    record("dépôt", seconds, status)


def main():
    if args.cookies:
        with open(args.cookies, "w") as out:
            for _ in range(args.users):
                client = Client()
                client.sign_in(args.email, args.password)
                out.write("; ".join(f"{k}={v}" for k, v in client.cookies.items()) + "\n")
        return
    if args.users == 0:
        uploads = []
        threads = []
        for spec in args.uploads:
            email, path = spec.split(":", 1)
            threads.append(threading.Thread(target=deposit, args=(email, path, uploads)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(json.dumps({"dépôts": [{"compte": e, "statut": s, "s": round(t, 2), "enregistré": ok} for e, s, t, ok in uploads]}, ensure_ascii=False))
        raise SystemExit(0 if uploads and all(ok for *_, ok in uploads) else 1)
    clients = []
    for _ in range(args.users):
        client = Client()
        client.sign_in(args.email, args.password)
        clients.append(client)
    deadline = time.monotonic() + args.duration
    threads = [threading.Thread(target=browse, args=(client, deadline)) for client in clients]
    uploads = []
    for spec in args.uploads:
        email, path = spec.split(":", 1)
        threads.append(threading.Thread(target=deposit, args=(email, path, uploads)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    pages = [t for kind, values in timings.items() if kind != "dépôt" for t in values]
    def q(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000
    report = {
        "utilisateurs": args.users, "durée_s": round(elapsed, 1), "requêtes": len(pages),
        "requêtes_par_s": round(len(pages) / elapsed, 1),
        "p50_ms": round(q(pages, 50), 1), "p95_ms": round(q(pages, 95), 1), "p99_ms": round(q(pages, 99), 1),
        "erreurs": len(errors),
        "par_page": {kind: {"n": len(v), "p95_ms": round(q(v, 95), 1)} for kind, v in timings.items() if kind != "dépôt"},
        "dépôts": [{"compte": e, "statut": s, "s": round(t, 2), "enregistré": ok} for e, s, t, ok in uploads],
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    failed = False
    if errors:
        print("erreurs :", errors[:10])
        failed = True
    if report["p95_ms"] > args.target_p95_ms:
        print(f"cible manquée : p95 {report['p95_ms']} ms > {args.target_p95_ms} ms")
        failed = True
    if any(not ok for _, _, _, ok in uploads):
        print("un dépôt n'est pas enregistré")
        failed = True
    raise SystemExit(1 if failed else 0)


main()
