"""``Idempotency-Key``: a retried write returns the first answer instead of running again.

A POST, PUT or PATCH that carries an ``Idempotency-Key`` header is recorded under
(API client, user, method, path, key) for 24 hours. Sending the same key again with the
same request (query string and JSON body, key order and spacing aside) replays the stored
status, body and headers, marked ``Idempotent-Replayed: true``, without running the route.
The same key with a different request is refused (422 ``IdempotencyKey.Reused``), and
while the first request is still running a second one gets 409
``IdempotencyKey.InProgress``.

Why a retry can never run a write twice
---------------------------------------
The record and the write it answers for live in one database transaction. This
middleware opens the request's session itself, inserts the record (the claim) before the
route runs, hands the session to the route (``held_session``; ``SessionDep`` yields it and
leaves the commit here), and once the whole response is built stores status, headers
and body in the record and commits the write and the record together. Only then does
the response leave. So at any instant either both are in the database or neither is:

- crash before that commit: the write and the claim vanish together and a retry runs
  the route as if for the first time;
- crash after the commit, before the client read the answer: the retry finds the record
  and replays it;
- a 2xx always means the commit happened, as without the header.

Two requests with the same key cannot both run the route. The claim is the first write
of the transaction and its lookup column is unique. On PostgreSQL each claim first takes
a transaction-scoped advisory lock on the key, without waiting; a request that cannot
get it is told 409 ``InProgress`` at once (the lock goes away with its transaction, even
when the process holding it is killed). SQLite lets one transaction write at a time, so
the second request waits for the first to commit, then hits the unique lookup and
replays its answer.

What is stored
--------------
2xx answers, and 4xx answers except 401, 408, 409 and 429. A 4xx rolled back everything
the route did, so storing it only keeps the answer stable for retries; 401 (token), 408,
409 (a concurrent write got in the way) and 429 (rate limit) describe a moment, not the
request, so a retry with the same key runs again. 5xx answers are never stored: the
server failed, nothing was committed, and the client must be able to retry with the key.
A 4xx is stored in a transaction of its own after the route's is rolled back.

Rows past their expiry are ignored and replaced when their key comes back, and purged
from time to time by the claims themselves. Requests without a valid bearer token, and
the operations callable without one (``/oauth/...``, ``/v1/password/...``), are not
covered: there is no caller to key them by.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mercato.auth.tokens import decode_access_token
from mercato.core.errors import ApiError
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime

HEADER = b"idempotency-key"
REPLAYED_HEADER = (b"idempotent-replayed", b"true")
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Answers that describe the moment rather than the request; a retry runs again.
_TRANSIENT = frozenset({401, 408, 409, 429})
# Recomputed or meaningless on a replay.
_UNSTORED_HEADERS = frozenset({b"content-length", b"date", b"server"})
_PURGE_EVERY_SECONDS = 600.0
_SCOPE_KEY = "mercato.idempotent_session"
# Operations callable without a token (token endpoint, password reset) count requests in
# transactions of their own, which on SQLite would wait behind the claim's write lock.
_UNCOVERED_PREFIXES = ("/oauth/", "/v1/password/", "/v1/username/")


class IdempotencyRecord(Base):
    """One key's claim and, once the request finished, the answer it got."""

    __tablename__ = "idempotency_keys"

    pk: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of (client, user, method, path, key): one fixed-width unique column instead
    # of a unique index over a long path.
    lookup: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(100))
    user_pk: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2000))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    request_hash: Mapped[str] = mapped_column(String(64))
    # Null while the request runs (never visible to others: it commits with the answer).
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[list[str]] | None] = mapped_column(JSONDocument)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def held_session(scope: Scope) -> Session | None:
    """The session the middleware opened for this request, if it did.

    The route must use it and leave commit and rollback to the middleware.
    """
    session: Session | None = scope.get(_SCOPE_KEY)
    return session


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @classmethod
    def error(cls, exc: ApiError) -> _Answer:
        return cls(
            exc.status_code,
            [(b"content-type", b"application/json")],
            json.dumps(exc.body(), ensure_ascii=False, separators=(",", ":")).encode(),
        )

    @classmethod
    def of(cls, record: IdempotencyRecord) -> _Answer:
        headers = [
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in record.response_headers or []
        ]
        return cls(
            record.status_code or 200, [*headers, REPLAYED_HEADER], record.response_body or b""
        )

    def stored_headers(self) -> list[list[str]]:
        return [
            [k.decode("latin-1"), v.decode("latin-1")]
            for k, v in self.headers
            if k.lower() not in _UNSTORED_HEADERS
        ]

    async def send(self, send: Send) -> None:
        headers = [(k, v) for k, v in self.headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(self.body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


class _Captured:
    """Collects the response the application sends instead of passing it on."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    def answer(self) -> _Answer:
        return _Answer(self.status, self.headers, b"".join(self.chunks))


@dataclass(frozen=True)
class _Request:
    """What identifies a keyed request and what must match on a retry."""

    client_id: str
    user_pk: int
    method: str
    path: str
    key: str
    request_hash: str

    @property
    def lookup(self) -> str:
        parts = (self.client_id, str(self.user_pk), self.method, self.path, self.key)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @property
    def lock_id(self) -> int:
        """A signed 64-bit number for PostgreSQL's advisory locks."""
        return int.from_bytes(bytes.fromhex(self.lookup)[:8], "big", signed=True)


def request_hash(query_string: bytes, body: bytes) -> str:
    """Fingerprint of a request: a JSON body counts by content, not by spelling."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(query_string + b"\n" + canonical).hexdigest()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _check_key(key: str) -> None:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise ApiError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
            code="IdempotencyKey.Invalid",
        )


class IdempotencyKeyError(ApiError):
    """A keyed request that cannot run: the key is held by another request."""

    def __init__(self, status: int, code: str, message: str, key: str) -> None:
        super().__init__(message, code=code, data={"IdempotencyKey": key})
        self.status_code = status


def _reused(key: str) -> ApiError:
    message = "This Idempotency-Key was already used for a different request."
    return IdempotencyKeyError(422, "IdempotencyKey.Reused", message, key)


def _in_progress(key: str) -> ApiError:
    message = "A request with this Idempotency-Key is still being processed; retry shortly."
    return IdempotencyKeyError(409, "IdempotencyKey.InProgress", message, key)


class IdempotencyKeys:
    """ASGI middleware applying ``Idempotency-Key`` to POST, PUT and PATCH."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._purged_at = -_PURGE_EVERY_SECONDS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if (
            key is None
            or scope["method"] not in WRITE_METHODS
            or scope["path"].lower().startswith(_UNCOVERED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replaying(body, receive)
        try:
            _check_key(key)
        except ApiError as exc:
            await _Answer.error(exc).send(send)
            return
        factory: sessionmaker[Session] = scope["app"].state.session_factory
        session = factory()
        try:
            request = await run_in_threadpool(self._identify, session, scope, key, body)
            if request is None:  # no usable token: the route answers 401 itself
                await run_in_threadpool(session.close)
                await self.app(scope, replay, send)
                return
            known = await run_in_threadpool(self._claim, session, request)
            if known is not None:
                await known.send(send)
                return
            captured = _Captured()
            try:
                await self.app({**scope, _SCOPE_KEY: session}, replay, captured.send)
            except BaseException:
                await run_in_threadpool(session.rollback)
                raise
            answer = await run_in_threadpool(
                self._finish, session, factory, request, captured.answer()
            )
            await answer.send(send)
        finally:
            await run_in_threadpool(session.close)

    def _identify(self, session: Session, scope: Scope, key: str, body: bytes) -> _Request | None:
        authorization = _header(scope, b"authorization") or ""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        try:
            claims = decode_access_token(session, token.strip(), audience=scope["app"].state.issuer)
        except ApiError:
            return None
        finally:
            session.rollback()  # end the read; the claim starts the transaction
        return _Request(
            client_id=claims.client_id,
            user_pk=claims.user_pk,
            method=scope["method"],
            path=scope["path"],
            key=key,
            request_hash=request_hash(scope.get("query_string", b""), body),
        )

    def _claim(self, session: Session, request: _Request) -> _Answer | None:
        """Claim the key in ``session``'s transaction; or the answer to give instead."""
        for _ in range(3):
            if session.get_bind().dialect.name == "postgresql":
                locked = session.scalar(
                    text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": request.lock_id}
                )
                if not locked:
                    session.rollback()
                    return _Answer.error(_in_progress(request.key))
            now = utcnow()
            known = session.scalar(
                select(IdempotencyRecord).where(IdempotencyRecord.lookup == request.lookup)
            )
            if known is not None and known.expires_at > now:
                session.rollback()
                if known.request_hash != request.request_hash:
                    return _Answer.error(_reused(request.key))
                if known.status_code is None:
                    return _Answer.error(_in_progress(request.key))
                return _Answer.of(known)
            if known is not None:
                # Expired: take the key over, unless another request renewed it meanwhile
                # (then the insert below collides and the loop replays that one's answer).
                session.expunge(known)
                session.execute(
                    delete(IdempotencyRecord).where(
                        IdempotencyRecord.lookup == request.lookup,
                        IdempotencyRecord.expires_at <= now,
                    )
                )
            self._purge(session, now)
            session.add(
                IdempotencyRecord(
                    lookup=request.lookup,
                    client_id=request.client_id,
                    user_pk=request.user_pk,
                    method=request.method,
                    path=request.path,
                    key=request.key,
                    request_hash=request.request_hash,
                    created_at=now,
                    expires_at=now + KEEP_FOR,
                )
            )
            try:
                session.flush()
            except IntegrityError:
                # Another request claimed the key and committed meanwhile (SQLite): look again.
                session.rollback()
                continue
            return None
        return _Answer.error(_in_progress(request.key))

    def _purge(self, session: Session, now: datetime) -> None:
        clock = time.monotonic()
        if clock - self._purged_at < _PURGE_EVERY_SECONDS:
            return
        self._purged_at = clock
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= now))

    def _finish(
        self,
        session: Session,
        factory: sessionmaker[Session],
        request: _Request,
        answer: _Answer,
    ) -> _Answer:
        """Commit the route's writes with the record of ``answer``, or roll them back."""
        if not 200 <= answer.status < 300:
            session.rollback()
            if 400 <= answer.status < 500 and answer.status not in _TRANSIENT:
                self._store_refusal(factory, request, answer)
            return answer
        record = session.scalar(
            select(IdempotencyRecord).where(IdempotencyRecord.lookup == request.lookup)
        )
        if record is None:
            # Only a route that ended the transaction itself could lose the claim; then
            # its writes cannot be vouched for, so they are dropped and the answer is 500.
            session.rollback()
            raise RuntimeError("the Idempotency-Key claim left the request's transaction")
        record.status_code = answer.status
        record.response_headers = answer.stored_headers()
        record.response_body = answer.body
        try:
            session.commit()
        except Exception:
            session.rollback()
            raise
        return answer

    def _store_refusal(
        self, factory: sessionmaker[Session], request: _Request, answer: _Answer
    ) -> None:
        # Nothing of the request was kept, so this needs no atomicity with anything: if it
        # is lost, a retry runs the route again and gets the same refusal.
        with factory() as session:
            if self._claim(session, request) is not None:
                return
            record = session.scalar(
                select(IdempotencyRecord).where(IdempotencyRecord.lookup == request.lookup)
            )
            assert record is not None  # noqa: S101 - _claim just added it
            record.status_code = answer.status
            record.response_headers = answer.stored_headers()
            record.response_body = answer.body
            session.commit()


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the application once."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def purge_expired(session: Session) -> int:
    """Delete every record past its expiry; returns how many went."""
    result: Any = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    return int(result.rowcount or 0)
