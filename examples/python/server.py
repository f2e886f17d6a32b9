#!/usr/bin/env python3
"""
A backend for <metorial-connect> in Python, standard library only (3.11+).

It implements the endpoint contract (docs/endpoint-contract.md) the way the package's Node
helper (`metorial-connect/server`) does:

    POST {ENDPOINT_PATH}        creates a provider setup session with your secret key
    GET  {ENDPOINT_PATH}/{id}   reads one back (without the setup page's secret)

The browser never sees the API key. Run it, then point the element's `endpoint` at it:

    METORIAL_API_KEY=metorial_sk_... PUBLIC_ORIGIN=https://app.example python3 server.py

and check it with `npx metorial-connect check-endpoint http://127.0.0.1:8000/api/setup-sessions`.
Sign-in is a stand-in (a `demo_user` cookie): replace `signed_in_user` with your own.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import urllib.error
import urllib.request
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit, urlunsplit

# --- Configuration (environment variables) -------------------------------------------------

API_KEY = os.environ.get("METORIAL_API_KEY", "")
API_URL = os.environ.get("METORIAL_API_URL", "https://api.metorial.com").rstrip("/")
# The site's public origin (https://app.example): where redirect_url may point. Set it in
# production; without it the request's Host header decides, which a non-browser client chooses.
PUBLIC_ORIGIN = os.environ.get("PUBLIC_ORIGIN", "").rstrip("/")
ENDPOINT_PATH = "/" + os.environ.get("ENDPOINT_PATH", "/api/setup-sessions").strip("/")
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))
# Comma-separated provider ids the site offers; empty: any.
ALLOWED_PROVIDER_IDS = {p.strip() for p in os.environ.get("ALLOWED_PROVIDER_IDS", "").split(",") if p.strip()}
UPSTREAM_TIMEOUT_SECONDS = 10

# --- The contract's constants ---------------------------------------------------------------

CONNECT_HEADER = "X-Metorial-Connect"  # every request from the element carries "X-Metorial-Connect: 1"
OWNER_METADATA_KEY = "metorial_connect_owner"  # where a session records who created it
SESSION_ID = re.compile(r"pas_[A-Za-z0-9]{22}")
ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
LIMITS = {
    "body_bytes": 16 * 1024,
    "body_depth": 32,
    "name": 200,
    "description": 1000,
    "redirect_url": 2048,
    "metadata_keys": 50,
    "metadata_key": 100,
    "metadata_bytes": 4 * 1024,
    "metadata_depth": 10,
}
# Bodies larger than this are not even read to the end: the connection is closed instead.
DRAIN_BYTES = 1024 * 1024
ID_FIELDS = ("provider_id", "provider_deployment_id", "provider_auth_method_id", "provider_auth_credentials_id")
CREATE_FIELDS = {*ID_FIELDS, "name", "description", "metadata", "redirect_url"}

MESSAGES = {
    "not_found": "This setup session was not found.",
    "upstream_error": "The connection service had a problem. Please try again.",
    "upstream_unavailable": "The connection service is unavailable right now. Please try again in a moment.",
    "upstream_timeout": "The connection service took too long to answer. Please try again.",
    "internal": "Something went wrong on this site. Please try again.",
}


def signed_in_user(headers) -> str | None:
    """The signed-in user's id, or None. A stand-in: it trusts a `demo_user` cookie.

    Replace it with your own session lookup (your framework's signed session cookie, say).
    Return None to refuse the request with 401; return the same id for every request if your
    site has no users (then anyone who learns a session id can read its status).
    """
    try:
        cookie = SimpleCookie(headers.get("Cookie", ""))
    except CookieError:
        return None
    morsel = cookie.get("demo_user")
    return morsel.value if morsel and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", morsel.value) else None


class Refusal(Exception):
    """An answer in the contract's error shape: {"error": {"code": ..., "message": ...}}."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **fields):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}
        self.fields = fields  # more members of "error" (rate_limited: retry_after_seconds)


# --- The create body --------------------------------------------------------------------------


def read_body(handler: BaseHTTPRequestHandler) -> bytes | None:
    """The request body, or None when it is larger than the limit (read to the end anyway, so
    the refusal reaches the client). Chunked bodies are decoded: the limit does not rest on
    Content-Length."""
    limit = LIMITS["body_bytes"]
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        body, total = bytearray(), 0
        while True:
            try:
                size = int(handler.rfile.readline(1024).split(b";")[0].strip(), 16)
            except ValueError:
                raise Refusal(400, "invalid_request", "The request could not be read.")
            if size == 0:
                while handler.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return bytes(body) if total <= limit else None
            total += size
            if total > DRAIN_BYTES:
                handler.close_connection = True
                return None
            chunk = handler.rfile.read(size)
            handler.rfile.readline(1024)  # the chunk's CRLF
            if total <= limit:
                body += chunk
    try:
        length = int(handler.headers.get("Content-Length") or 0)
    except ValueError:
        raise Refusal(400, "invalid_request", "The request could not be read.")
    if length > limit:
        if length <= DRAIN_BYTES:
            handler.rfile.read(length)
        else:
            handler.close_connection = True
        return None
    return handler.rfile.read(length) if length > 0 else b""


def exceeds_depth(text: str, max_depth: int) -> bool:
    """Whether [ and { (outside strings) nest deeper than max_depth, checked before parsing."""
    depth, in_string, i = 0, False, 0
    while i < len(text):
        char = text[i]
        if in_string:
            if char == "\\":
                i += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "}]":
            depth -= 1
        i += 1
    return False


def parse_json(raw: bytes):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "invalid_json", "The request body is not valid JSON.")
    if exceeds_depth(text, LIMITS["body_depth"]):
        raise Refusal(400, "invalid_request", f"The request body is nested too deeply (at most {LIMITS['body_depth']} levels).")

    def refuse_constant(name):  # NaN and Infinity are not JSON
        raise ValueError(name)

    def no_proto(pairs):
        if any(key == "__proto__" for key, _ in pairs):
            raise Refusal(400, "invalid_request", 'The field name "__proto__" is not allowed.')
        return dict(pairs)

    try:
        return json.loads(text, parse_constant=refuse_constant, object_pairs_hook=no_proto)
    except ValueError:
        raise Refusal(400, "invalid_json", "The request body is not valid JSON.")


def depth_of(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    return 0


def invalid(message: str) -> Refusal:
    return Refusal(400, "invalid_request", message)


def validate_create_body(body) -> dict:
    """Exactly the create fields, bounded: a browser can't smuggle other parameters upstream."""
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    unknown = [key for key in body if key not in CREATE_FIELDS]
    if unknown:
        names = ", ".join('"' + re.sub(r"[^\w.\-]", "", key)[:60] + '"' for key in unknown[:5])
        raise invalid(f"Unknown field{'s' if len(unknown) > 1 else ''} {names} in the request.")
    if "provider_id" not in body:
        raise invalid('"provider_id" is required.')
    for field in ID_FIELDS:
        if field in body:
            value = body[field]
            if not isinstance(value, str):
                raise invalid(f'"{field}" must be text.')
            if value == "":
                raise invalid(f'"{field}" must not be empty.')
            if len(value) > 64:
                raise invalid(f'"{field}" is too long (at most 64 characters).')
            if not ID.fullmatch(value):
                raise invalid(f'"{field}" may contain only letters, digits, "_" and "-".')
    for field in ("name", "description", "redirect_url"):
        if field in body:
            if not isinstance(body[field], str):
                raise invalid(f'"{field}" must be text.')
            if len(body[field]) > LIMITS[field]:
                raise invalid(f'"{field}" is too long (at most {LIMITS[field]} characters).')
    if body.get("redirect_url") == "":
        raise invalid('"redirect_url" must not be empty.')
    if "metadata" in body:
        metadata = body["metadata"]
        if not isinstance(metadata, dict):
            raise invalid('"metadata" must be a JSON object.')
        if any(not 1 <= len(key) <= LIMITS["metadata_key"] for key in metadata):
            raise invalid(f'Keys of "metadata" must be 1 to {LIMITS["metadata_key"]} characters long.')
        if len(metadata) > LIMITS["metadata_keys"]:
            raise invalid(f'"metadata" can have at most {LIMITS["metadata_keys"]} keys.')
        if depth_of(metadata) > LIMITS["metadata_depth"]:
            raise invalid(f'"metadata" is nested too deeply (at most {LIMITS["metadata_depth"]} levels).')
        if len(json.dumps(metadata, separators=(",", ":"), ensure_ascii=False).encode()) > LIMITS["metadata_bytes"]:
            raise invalid(f'"metadata" is too large (at most {LIMITS["metadata_bytes"]} bytes as JSON).')
    return body


# --- redirect_url: only on this site ------------------------------------------------------


def origin_of(value: str | None) -> str | None:
    """scheme://host[:port] of an absolute http(s) URL without credentials, else None."""
    if not value or re.search(r"[\\\s\x00-\x1f\x7f]", value):
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default_port = 80 if parts.scheme == "http" else 443
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default_port) else "")


def allowed_redirect_origins(headers) -> list[str]:
    own = PUBLIC_ORIGIN or origin_of(f"http://{headers.get('Host', '')}")
    if not own:
        return []
    # Browsers send Origin on every POST; one naming another site means the page asking is
    # not this site, so no redirect target is allowed.
    sent = headers.get("Origin")
    if sent is not None and origin_of(sent) != own:
        return []
    return [own]


def redirect_problem(redirect_url: str, allowed: list[str]) -> str | None:
    if re.search(r"[\\\s\x00-\x1f\x7f]", redirect_url):
        return "The redirect URL contains characters that are not allowed."
    full_url = "The redirect URL must be a full URL such as https://app.example/callback."
    try:
        parts = urlsplit(redirect_url)
    except ValueError:
        return full_url
    if not parts.scheme:
        return full_url
    if parts.scheme not in ("http", "https"):
        return "The redirect URL must start with https:// or http://."
    if not parts.netloc:
        return full_url
    if "@" in parts.netloc:
        return "The redirect URL must not contain a user name or password."
    if origin_of(redirect_url) not in allowed:
        return "The redirect URL must point to this site."
    return None


# --- The upstream API -----------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could carry the request, and so the key, elsewhere: never follow one."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects())


def call_upstream(kind: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """(status, session) on success; raises Refusal for every way it can go wrong. Nothing the
    upstream says reaches the browser except a session: its errors may echo the request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{API_URL}/provider-setup-sessions{path}", data=data, method=method)
    request.add_header("Authorization", f"Bearer {API_KEY}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with _opener.open(request, timeout=UPSTREAM_TIMEOUT_SECONDS) as response:
            status, text, headers = response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as error:
        status, headers = error.code, error.headers
        text = error.read().decode("utf-8", "replace")
    except (TimeoutError, socket.timeout):
        raise Refusal(504, "upstream_timeout", MESSAGES["upstream_timeout"])
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise Refusal(504, "upstream_timeout", MESSAGES["upstream_timeout"])
        raise Refusal(503, "upstream_unavailable", MESSAGES["upstream_unavailable"])
    except OSError:
        raise Refusal(503, "upstream_unavailable", MESSAGES["upstream_unavailable"])

    if 200 <= status < 300:  # any 2xx is a success (upstream answers 200, create included)
        session = parse_session(text)
        if session is None:
            raise Refusal(502, "upstream_error", MESSAGES["upstream_error"])
        return (201 if status == 201 else 200), session
    raise upstream_refusal(kind, status, text, headers)


def parse_session(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("object") != "provider.setup_session":
        return None
    if not isinstance(value.get("id"), str) or not SESSION_ID.fullmatch(value["id"]):
        return None
    if not isinstance(value.get("url"), str) or not isinstance(value.get("status"), str):
        return None
    return value


def upstream_refusal(kind: str, status: int, text: str, headers) -> Refusal:
    if status == 404:
        if kind == "get":
            return Refusal(404, "not_found", MESSAGES["not_found"])
        return Refusal(404, "not_found", "The selected provider, or one of the settings sent with it, was not found.")
    if status in (400, 422):
        return Refusal(400, "invalid_request", invalid_data_summary(text))
    if status == 429:
        return rate_limited(headers)
    if status in (401, 403):
        # The site's key is wrong or lacks access: nothing the user can fix.
        return Refusal(502, "upstream_error", "The connection service is not set up correctly on this site.")
    return Refusal(502, "upstream_error", MESSAGES["upstream_error"])


def rate_limited(upstream_headers) -> Refusal:
    """Upstream's 429 (5,000 requests per 10 minutes per organization), passed on: when to try
    again from its RateLimit-Reset (upstream sends no Retry-After; a numeric one is taken if it
    does), in the body's retry_after_seconds, which the element waits, and as Retry-After. Never
    retried here: one upstream call per browser call, so the limit is never made worse."""
    headers = {}
    for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
        value = (upstream_headers.get(name) or "").strip()
        if re.fullmatch(r"\d{1,9}", value):
            headers[name] = value
    retry_after = (upstream_headers.get("Retry-After") or "").strip()
    reset = headers.get("RateLimit-Reset") or (retry_after if re.fullmatch(r"\d{1,9}", retry_after) else None)
    if reset is None:
        return Refusal(429, "rate_limited", "Too many attempts. Please wait a moment and try again.", headers)
    seconds = max(1, min(int(reset), 86_400))  # a reset of 0 is the window's edge: still wait
    headers["Retry-After"] = str(seconds)
    return Refusal(429, "rate_limited", f"Too many attempts. Please try again in {seconds} s.", headers, retry_after_seconds=seconds)


def invalid_data_summary(text: str) -> str:
    """Names only known fields from upstream's errors[{code, message, path}], never its
    messages (which may quote the request)."""
    try:
        errors = json.loads(text).get("errors")
    except (ValueError, AttributeError):
        errors = None
    fields = []
    for entry in errors if isinstance(errors, list) else []:
        path = entry.get("path") if isinstance(entry, dict) else None
        first = path[0] if isinstance(path, list) and path else None
        if first in CREATE_FIELDS and first not in fields:
            fields.append(first)
    if not fields:
        return "The connection service did not accept the request."
    return "The connection service did not accept the request: check " + ", ".join(f'"{f}"' for f in fields) + "."


def without_secret(session: dict) -> dict:
    """The session as GET answers it: the url cut to scheme, host and path. Its query holds the
    setup page's client_secret, which only the window opening it (from the create answer) needs."""
    try:
        parts = urlsplit(session["url"])
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")) if parts.scheme and parts.netloc else ""
    except ValueError:
        url = ""
    return {**session, "url": url}


# --- HTTP -------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server_version = "metorial-connect-example"
    sys_version = ""

    def route(self):
        # Read any body first (bounded): a refusal must not leave it unread on the connection.
        try:
            body = read_body(self)
            path = urlsplit(self.path).path.rstrip("/")
            if path == ENDPOINT_PATH:
                if self.command != "POST":
                    raise Refusal(405, "method_not_allowed", "This request method is not supported here.", {"Allow": "POST"})
                status, answer = self.create(body)
            elif path.startswith(ENDPOINT_PATH + "/") and "/" not in path[len(ENDPOINT_PATH) + 1 :]:
                if self.command not in ("GET", "HEAD"):
                    raise Refusal(405, "method_not_allowed", "This request method is not supported here.", {"Allow": "GET, HEAD"})
                status, answer = self.read(path[len(ENDPOINT_PATH) + 1 :])
            else:
                raise Refusal(404, "not_found", "There is nothing at this address.")
            self.answer(status, answer)
        except Refusal as refusal:
            error = {"code": refusal.code, "message": refusal.message, **refusal.fields}
            self.answer(refusal.status, {"error": error}, refusal.headers)
        except Exception as error:  # never a stack trace to the browser
            print(f"metorial-connect example: {type(error).__name__} in {self.command} {urlsplit(self.path).path[:200]}", file=sys.stderr)
            self.answer(500, {"error": {"code": "internal_error", "message": MESSAGES["internal"]}})

    # Every method goes through route(): the contract's 405 for those it does not take.
    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = route

    def guard(self) -> str:
        """The element's header (a cross-site page cannot send it without a CORS preflight,
        which this server never grants), then the signed-in user."""
        if self.headers.get(CONNECT_HEADER) != "1":
            raise Refusal(403, "forbidden", "This request was refused because it did not come from the connect widget.")
        user = signed_in_user(self.headers)
        if not user:
            raise Refusal(401, "unauthorized", "Please sign in to connect an account.")
        return user

    def create(self, raw: bytes | None) -> tuple[int, dict]:
        user = self.guard()
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise Refusal(415, "unsupported_media_type", "The request must be sent as JSON (Content-Type: application/json).")
        if raw is None:
            raise Refusal(413, "payload_too_large", f"The request is too large (at most {LIMITS['body_bytes'] // 1024} kB).")
        body = validate_create_body(parse_json(raw))
        if ALLOWED_PROVIDER_IDS and body["provider_id"] not in ALLOWED_PROVIDER_IDS:
            raise Refusal(403, "provider_not_allowed", "This provider is not available on this site.")
        if "redirect_url" in body:
            problem = redirect_problem(body["redirect_url"], allowed_redirect_origins(self.headers))
            if problem:
                raise Refusal(400, "redirect_not_allowed", problem)
        metadata = body.get("metadata") or {}
        if OWNER_METADATA_KEY in metadata:
            raise invalid(f'The metadata key "{OWNER_METADATA_KEY}" is reserved.')
        body = {**body, "metadata": {**metadata, OWNER_METADATA_KEY: user}}
        return call_upstream("create", "POST", "", body)

    def read(self, session_id: str) -> tuple[int, dict]:
        user = self.guard()
        # A malformed id cannot exist, and must not reach the upstream URL.
        if not SESSION_ID.fullmatch(session_id):
            raise Refusal(404, "not_found", MESSAGES["not_found"])
        _, session = call_upstream("get", "GET", "/" + quote(session_id))
        metadata = session.get("metadata")
        # Someone else's session answers exactly like an unknown one, so ids can't be probed.
        if not isinstance(metadata, dict) or metadata.get(OWNER_METADATA_KEY) != user:
            raise Refusal(404, "not_found", MESSAGES["not_found"])
        return 200, without_secret(session)

    def answer(self, status: int, body: dict, headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        # Sessions and errors are per user: never cached, never sniffed into another type.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code, message=None, explain=None):
        """Requests the server cannot even parse get the contract's error shape too."""
        self.close_connection = True
        self.answer(code if code < 500 else 400, {"error": {"code": "invalid_request", "message": "The request could not be read."}})

    def log_message(self, format, *args):
        # One line per request: method, path, status. Never a body, a header or the api key.
        print(f"metorial-connect {self.command} {urlsplit(self.path).path[:200]} {args[1] if len(args) > 1 else ''}", file=sys.stderr)


def main():
    if not API_KEY:
        sys.exit("Set METORIAL_API_KEY to your secret Metorial API key (metorial_sk_...).")
    if not PUBLIC_ORIGIN:
        print("metorial-connect example: PUBLIC_ORIGIN is not set, so redirect_url is checked against the Host header. "
              "Set PUBLIC_ORIGIN in production.", file=sys.stderr)
    server = ThreadingHTTPServer((HOST, PORT), Handler)
    host, port = server.server_address[:2]
    print(f"metorial-connect example listening on http://{host}:{port} (endpoint {ENDPOINT_PATH})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
