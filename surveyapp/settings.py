"""Default settings. Override in ``instance/config.py`` or with ``SURVEYAPP_*`` variables."""

from __future__ import annotations

from pathlib import Path


def default_settings(instance_path: str) -> dict[str, object]:
    """Return the defaults for an app whose instance folder is ``instance_path``."""
    sqlite_file = Path(instance_path) / "surveyapp.sqlite3"
    return {
        "SECRET_KEY": "dev-only-change-me",
        # Signs desk QR tokens and receipt dossier codes; falls back to SECRET_KEY.
        "QR_SECRET_KEY": None,
        "DATABASE_URL": f"sqlite:///{sqlite_file}",
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
        # Extra SQLAlchemy engine options. Connections to a database server (PostgreSQL) are
        # checked before use (pool_pre_ping), so a restarted server costs no failed request.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Sessions carry only the CSRF secret for citizens; keep them short-lived.
        "SESSION_COOKIE_HTTPONLY": True,
        # Cookies are Secure anyway over HTTPS or when PUBLIC_BASE_URL is https (sessions.py).
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # Citizens may open the form long before they submit it (queues at the desk).
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # WTForms ships no Vietnamese catalog; our forms carry their own translated messages.
        "WTF_I18N_ENABLED": False,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "COMMENT_MAX_LENGTH": 2000,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ["vi", "en"],
        "SATISFACTION_TARGET": 0.80,
        # An index from fewer valid answers shows "chưa đủ dữ liệu" and its n (SIPAS.md).
        "MIN_VALID_ANSWERS": 30,
        # SIPAS: the overall index is the mean of the domains ("domains") or of all components.
        "OVERALL_INDEX": "domains",
        "CONFIDENCE_LEVEL": 0.95,
        # False discovery rate of the below-target flags, over one report's cells.
        "SIGNIFICANCE_LEVEL": 0.05,
        # Rate limits per client address (see README, "Rate limits").
        # Counters in each worker's memory (see rate_limit_storage.py); redis://... to share.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "worker-memory://",
        "SUBMIT_RATE_LIMIT": "30 per minute;600 per hour",
        "FORM_RATE_LIMIT": "120 per minute",
        "API_RATE_LIMIT": "60 per minute;1200 per hour",
        "LOGIN_RATE_LIMIT": "10 per minute",
        # Per account, in the database: after this many wrong passwords in a row the account
        # pauses LOGIN_LOCKOUT_SECONDS, doubling with each further one up to the maximum.
        "LOGIN_LOCKOUT_AFTER": 5,
        "LOGIN_LOCKOUT_SECONDS": 60,
        "LOGIN_LOCKOUT_MAX_SECONDS": 900,
        # Number of trusted reverse proxies in front of the app (X-Forwarded-For hops).
        "PROXY_COUNT": 0,
        "SQLITE_BUSY_TIMEOUT_MS": 10000,
        # The same for PostgreSQL: how long a statement waits for a lock before it fails.
        "POSTGRES_LOCK_TIMEOUT_MS": 10000,
        # Retry-After (seconds) on a 503 when the database is locked, failing or unreachable.
        "RETRY_AFTER_SECONDS": 5,
        # How long each worker keeps the blank form page, a unit's procedures and which
        # questionnaire version is the latest (seconds; 0 = always read them afresh).
        "FORM_CACHE_SECONDS": 60,
        # Follow-up of low ratings: how long the thank-you page's call-back offer stays valid
        # (seconds), and how many days after a case is resolved `purge-contacts` erases the
        # citizen's phone number or e-mail.
        "FOLLOW_UP_OFFER_SECONDS": 3600,
        "FOLLOW_UP_RETENTION_DAYS": 30,
        # Early warning (services/early_warning.py): a desk's Bernoulli CUSUM on "not
        # satisfied" (overall rating 1-3) against its own previous three months, with one
        # false alarm per EARLY_WARNING_ARL responses on average, tuned to doubled odds.
        "EARLY_WARNING_ARL": 1000,
        "EARLY_WARNING_ODDS_RATIO": 2.0,
        "EARLY_WARNING_MIN_BASELINE": 100,
        "EARLY_WARNING_BASELINE_MONTHS": 3,
        # E-mail copies of notices, sent by check-early-warnings (off by default).
        "MAIL_ENABLED": False,
        "MAIL_SMTP_HOST": "localhost",
        "MAIL_SMTP_PORT": 25,
        "MAIL_SMTP_USER": None,
        "MAIL_SMTP_PASSWORD": None,
        "MAIL_STARTTLS": False,
        "MAIL_FROM": "sipas@localhost",
        "MAIL_TIMEOUT": 10,
    }
