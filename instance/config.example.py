# Copy to instance/config.py and adjust. Every key can also be set as SURVEYAPP_<KEY> in the
# environment, which wins over this file. instance/config.py is git-ignored: keep secrets here.

# Signs sessions and CSRF tokens. Generate one with:
#   python -c "import secrets; print(secrets.token_hex(32))"
SECRET_KEY = "change-me"

# Signs desk QR tokens and receipt links (defaults to SECRET_KEY). Changing it invalidates every
# printed QR code, so keep it stable and back it up.
# QR_SECRET_KEY = "..."

# The address citizens' phones reach; QR codes encode it.
PUBLIC_BASE_URL = "https://danhgia.example.gov.vn"

# PostgreSQL for a province or the nation (SQLite in instance/ when unset).
# DATABASE_URL = "postgresql://survey:password@127.0.0.1/survey"

# Number of reverse proxies (nginx, load balancer) in front of gunicorn, for client addresses.
# PROXY_COUNT = 1

# Rate limits per client address (https://limits.readthedocs.io/ notation). Storage shared by
# all gunicorn workers, e.g. "redis://127.0.0.1:6379"; worker-memory:// counts per worker.
# SUBMIT_RATE_LIMIT = "30 per minute;600 per hour"
# RATELIMIT_STORAGE_URI = "worker-memory://"

# The satisfaction target (Nghị quyết 76/NQ-CP raises it for 2025 and 2030).
# SATISFACTION_TARGET = 0.80
