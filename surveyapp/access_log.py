"""gunicorn's access log, limited to what may go in it: time, method, path, status, size, duration.

gunicorn offers every request and response header and the whole WSGI environment to the
access-log format. Ours must name neither the client's address nor the query string (receipt
links carry dossier codes there), and this logger makes that hold whatever the format says:
any other atom prints "-". It is also cheaper: gunicorn copied every header and environment
variable into a dict for each request, a few per cent of a form POST's CPU.

Used through ``logger_class`` in ``gunicorn.conf.py``.
"""

from __future__ import annotations

from gunicorn.glogging import Logger


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time) -> dict[str, object]:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        return {
            "t": self.now(),
            "m": environ.get("REQUEST_METHOD"),
            "U": environ.get("PATH_INFO"),
            "s": status,
            "B": getattr(resp, "sent", None),
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
        }
