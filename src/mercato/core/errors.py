"""The OrderCloud error envelope and the exceptions that render into it.

Every non-2xx answer has the shape ``{"Errors": [{"ErrorCode", "Message", "Data"}]}``.
Business code raises an ``ApiError`` subclass; nothing else builds error bodies.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("mercato.errors")


class ApiError(Exception):
    """An error the client caused or may see; rendered as the OrderCloud envelope."""

    status_code = 400
    error_code = "ValidationFailure"

    def __init__(self, message: str, *, code: str | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.error_code
        self.data = data

    def body(self) -> dict[str, Any]:
        return {"Errors": [{"ErrorCode": self.code, "Message": self.message, "Data": self.data}]}


class ValidationFailure(ApiError):
    """A property is missing or invalid; ``Data.Property`` names it."""

    def __init__(self, prop: str, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code, data={"Property": prop})


class NotFound(ApiError):
    status_code = 404
    error_code = "NotFound"

    def __init__(self, object_type: str, object_id: str | None) -> None:
        # The JS SDK builds its message from Data.ObjectType and Data.ObjectID, so both
        # must always be present.
        super().__init__(
            f"{object_type} not found: {object_id}",
            data={"ObjectType": object_type, "ObjectID": object_id},
        )


class IdExists(ApiError):
    status_code = 409
    error_code = "IdExists"

    def __init__(self, object_type: str, object_id: str) -> None:
        super().__init__(
            f"{object_type} with ID {object_id} already exists.",
            data={"ObjectType": object_type, "ObjectID": object_id},
        )


class Unauthorized(ApiError):
    status_code = 401
    error_code = "InvalidToken"


class Forbidden(ApiError):
    status_code = 403
    error_code = "InsufficientRoles"


def _envelope(status: int, code: str, message: str, data: Any = None) -> JSONResponse:
    body = {"Errors": [{"ErrorCode": code, "Message": message, "Data": data}]}
    return JSONResponse(body, status_code=status)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts)


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)  # noqa: S101 - registered for ApiError only
    headers = getattr(exc, "headers", None)
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=headers)


async def _on_request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors: list[dict[str, Any]] = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err.get("type") == "json_invalid":
            errors.append(
                {
                    "ErrorCode": "Request.InvalidRequestBody",
                    "Message": "The request body is not valid JSON.",
                    "Data": None,
                }
            )
            continue
        prop = _field_path(loc)
        message = f"{prop}: {err.get('msg')}" if prop else str(err.get("msg"))
        errors.append(
            {"ErrorCode": "ValidationFailure", "Message": message, "Data": {"Property": prop}}
        )
    return JSONResponse({"Errors": errors}, status_code=400)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    if exc.status_code == 404:
        return _envelope(
            404,
            "NotFound",
            "Route not found.",
            {"ObjectType": "Route", "ObjectID": request.url.path},
        )
    if exc.status_code == 405:
        return _envelope(405, "MethodNotAllowed", f"{request.method} is not allowed on this route.")
    return _envelope(exc.status_code, "Request.Invalid", str(exc.detail))


async def _on_integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    # Services check uniqueness and references first; this only catches a concurrent
    # writer that slipped in between the check and the flush.
    log.info("integrity error mapped to 409: %s", type(exc).__name__)
    return _envelope(409, "Conflict", "The write conflicts with data written concurrently; retry.")


async def _on_data_error(_request: Request, exc: Exception) -> JSONResponse:
    # The database refused a value the client sent (PostgreSQL: a NUL character in text,
    # a number out of range); the transaction is already rolled back.
    log.info("database refused a value: %s", type(getattr(exc, "orig", exc)).__name__)
    return _envelope(400, "ValidationFailure", "A value in the request cannot be stored.")


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return _envelope(500, "ServerError", "An unexpected error occurred.")


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_request_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_exception_handler(Exception, _on_unexpected)
