"""What stands in for a captcha when someone without an account writes: a honeypot
field and a per-address rate limit.

The limit is counted in Redis under a keyed hash of the client address: neither
the database nor Redis holds the address itself (RGPD), and the counter expires
with its window. Pure apart from the Redis client it is given.
"""
from __future__ import annotations

import hashlib
import hmac
import re

# Named to tempt a form-filling robot; people never see it (moved off-screen).
HONEYPOT_FIELD = "site_web"

_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[^@\s<>\"'`.]+$")
EMAIL_MAX = 254


def is_email(text: str) -> bool:
    """A plausible address, nothing a page could read as markup."""
    return len(text) <= EMAIL_MAX and bool(_EMAIL.match(text))


def address_key(prefix: str, scope: str, address: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"{prefix}:odl:engagement:limit:{scope}:{digest}"


def allow(redis, key: str, limit: int, window_seconds: int) -> bool:
    """Count one more attempt under ``key``; False once more than ``limit`` were made
    in the window (which starts with the first attempt)."""
    count = int(redis.incr(key))
    # EXPIRE NX needs Redis 7: a counter left without a deadline (a crash between the
    # two calls) gets one on the next attempt instead.
    if count == 1 or redis.ttl(key) == -1:
        redis.expire(key, window_seconds)
    return count <= limit
