"""Gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app``. Override with environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("SURVEYAPP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("SURVEYAPP_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = 30
graceful_timeout = 20
# Keep-alive lets a phone reuse its connection between the form and the submit.
keepalive = 5
accesslog = os.environ.get("SURVEYAPP_ACCESS_LOG", "-")
# No client address and no query string (receipt links carry dossier codes there): the
# logger class offers only these six atoms, whatever the format asks for.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "surveyapp.access_log.AccessLogger"
# gunicorn's control socket (for gunicornc) defaults to one path per user: a second instance
# on the machine takes it over and removes it on exit. Off unless given a path per instance;
# systemd's signals (reload, stop) do not need it.
control_socket = os.environ.get("SURVEYAPP_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Load the app once in the master and fork the workers from it: they share the memory (and
# the CPU caches) holding code and data they only read. Restart, not HUP, to load new code.
# A forked worker opens its own database connections (surveyapp/database.py).
preload_app = os.environ.get("SURVEYAPP_PRELOAD", "1") == "1"


def pre_fork(server, worker):
    # What loading the app created is never collected, so the workers' garbage collections do
    # not write to, and thereby copy, the pages they share with the master.
    gc.freeze()
