"""A mail catcher for the deployment test, standing in for Mailpit (images.sh).

Keeps every message it receives over SMTP in memory and shows them over HTTP in the shape of Mailpit's
API, so that what the test asks is what it would ask Mailpit:
  GET /api/v1/messages -> {"total": n, "messages": [{"ID", "From", "To", "Subject", "Snippet"}]}
  GET /api/v1/message/<ID> -> the message with its "Text" body
Flags after Mailpit's: --smtp HOST:PORT (default 0.0.0.0:1025), --listen HOST:PORT (default 0.0.0.0:8025).
"""
import argparse
import asyncio
import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

messages = []
lock = threading.Lock()


def host_port(value):
    host, _, port = value.rpartition(":")
    return host or "0.0.0.0", int(port)


class Catch:
    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        with lock:
            ident = str(len(messages) + 1)
            messages.append({
                "ID": ident,
                "From": {"Address": envelope.mail_from},
                "To": [{"Address": rcpt} for rcpt in envelope.rcpt_tos],
                "Subject": str(parsed.get("Subject", "")),
                "Snippet": " ".join(text.split())[:200],
                "Text": text,
            })
        print(f"MAIL {ident} to {','.join(envelope.rcpt_tos)}: {parsed.get('Subject', '')}", flush=True)
        return "250 Message accepted for delivery"


class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        with lock:
            if self.path.rstrip("/") == "/api/v1/messages":
                summaries = [{k: v for k, v in m.items() if k != "Text"} for m in reversed(messages)]
                self.reply(200, {"total": len(messages), "messages": summaries})
                return
            if self.path.startswith("/api/v1/message/"):
                wanted = self.path.rsplit("/", 1)[1]
                for message in messages:
                    if message["ID"] == wanted:
                        self.reply(200, message)
                        return
        self.reply(404, {"error": "not found"})

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smtp", default="0.0.0.0:1025")
    parser.add_argument("--listen", default="0.0.0.0:8025")
    args = parser.parse_args()
    smtp_host, smtp_port = host_port(args.smtp)
    http_host, http_port = host_port(args.listen)
    controller = Controller(Catch(), hostname=smtp_host, port=smtp_port)
    controller.start()
    print(f"mail catcher: SMTP on {smtp_host}:{smtp_port}, HTTP on {http_host}:{http_port}", flush=True)
    ThreadingHTTPServer((http_host, http_port), Api).serve_forever()


if __name__ == "__main__":
    main()
