"""Python's standard library (smtplib, imaplib, poplib) as a product would use it for app-only XOAUTH2.

Reads one JSON job from stdin: {"routes": {"host:port": localPort}, "user", "tokenFile", "from", "to", "steps"}.
Host names stay real: socket.create_connection is routed to the lab's loopback ports, as a hosts file plus port
mapping would, so SNI and certificate checks use the real name. The lab CA comes from SSL_CERT_FILE (what
`lab serve` tells Python users to set). Prints one JSON line per step: {"step", "ok", "reply"}: the server's
words as the library reports them. Never prints the token.
"""
import base64
import json
import poplib
import smtplib
import imaplib
import socket
import ssl
import sys

job = json.load(sys.stdin)
_connect = socket.create_connection


def routed(address, *args, **kwargs):
    host, port = address
    local = job["routes"].get(f"{host.lower()}:{port}")
    if local is None:
        raise ConnectionRefusedError(f"no lab route for {host}:{port}")
    return _connect(("127.0.0.1", local), *args, **kwargs)


socket.create_connection = routed
with open(job["tokenFile"], encoding="utf-8") as f:
    token = f.read().strip()
raw = f"user={job['user']}\x01auth=Bearer {token}\x01\x01"
b64 = base64.b64encode(raw.encode()).decode()
context = ssl.create_default_context()  # honours SSL_CERT_FILE
TIMEOUT = 15


def text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def smtp(one_line):
    s = smtplib.SMTP("smtp.office365.com", 587, timeout=TIMEOUT)
    try:
        s.ehlo()
        s.starttls(context=context)
        s.ehlo()
        try:
            code, msg = s.auth("XOAUTH2", lambda challenge=None: raw, initial_response_ok=one_line)
        except smtplib.SMTPAuthenticationError as e:
            return False, f"{e.smtp_code} {text(e.smtp_error)}"
        message = f"From: {job['from']}\r\nTo: {job['to']}\r\nSubject: smtplib via the lab\r\n\r\nHello.\r\n"
        try:
            s.sendmail(job["from"], [job["to"]], message)
        except smtplib.SMTPDataError as e:
            return False, f"{e.smtp_code} {text(e.smtp_error)}"
        return True, f"{code} {text(msg)}"
    finally:
        try:
            s.quit()
        except Exception:
            s.close()


def imap():
    i = imaplib.IMAP4_SSL("outlook.office365.com", 993, ssl_context=context, timeout=TIMEOUT)
    try:
        try:
            typ, data = i.authenticate("XOAUTH2", lambda challenge: raw.encode())
        except imaplib.IMAP4.error as e:
            return False, str(e)
        try:
            typ, data = i.select("INBOX", readonly=True)
        except imaplib.IMAP4.error as e:
            return False, str(e)
        return typ == "OK", f"{typ} {text(data[0])}"
    finally:
        try:
            i.logout()
        except Exception:
            pass


def pop(one_line):
    # poplib has no AUTH method: products send it through _shortcmd/_putcmd, as getmail6 and others do.
    p = poplib.POP3_SSL("outlook.office365.com", 995, context=context, timeout=TIMEOUT)
    try:
        try:
            if one_line:
                reply = p._shortcmd("AUTH XOAUTH2 " + b64)
            else:
                p._putcmd("AUTH XOAUTH2")
                cont, _ = p._getline()
                if not cont.startswith(b"+"):
                    return False, text(cont)
                reply = p._shortcmd(b64)
        except poplib.error_proto as e:
            reply = e.args[0]
            # Did the server hang up? A read says: end of stream (closed) or nothing within a second (open).
            p.sock.settimeout(1.0)
            try:
                p._getline()
                closed = "open"
            except TimeoutError:
                closed = "open"
            except (poplib.error_proto, OSError):
                closed = "closed"
            return False, f"{text(reply)} | connection {closed}"
        p.stat()
        return True, text(reply)
    finally:
        try:
            p.quit()
        except Exception:
            p.close()


STEPS = {
    "smtp-one-line": lambda: smtp(True),
    "smtp-two-step": lambda: smtp(False),
    "imap": imap,
    "pop-one-line": lambda: pop(True),
    "pop-two-step": lambda: pop(False),
}
for step in job["steps"]:
    try:
        ok, reply = STEPS[step]()
    except Exception as e:  # a client-side failure is reported, not raised
        ok, reply = False, f"{type(e).__name__}: {e}"
    print(json.dumps({"step": step, "ok": ok, "reply": reply.replace(token, "<token>").replace(b64, "<xoauth2>")}), flush=True)
